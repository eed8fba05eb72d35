/**
 * What an import produces: a model document in the file format (plain data), its YAML text, and
 * what was said along the way. Shared by the Backstage and CSV imports.
 */
import { stringify } from "yaml";
import type { Diagnostic } from "../model/diagnostics.js";

export interface ModelDocument {
  continuum: 1;
  organization?: string;
  currency?: string;
  components: Array<Record<string, unknown>>;
}

export interface Conversion {
  /** absent when an error was found (nothing half-converted is handed on) */
  model?: ModelDocument;
  /** the model as YAML, with a header naming where it came from */
  text?: string;
  diagnostics: Diagnostic[];
}

export function conversion(model: ModelDocument, diagnostics: Diagnostic[], header: string): Conversion {
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const comment = header
    .split("\n")
    .map((line) => `# ${line}`.trimEnd())
    .join("\n");
  return { model, text: `${comment}\n${stringify(model, { lineWidth: 0 })}`, diagnostics };
}

/**
 * A model id from a name: lowercase; runs of characters an id may not hold become "-"; it starts
 * with a letter or digit (ID_PATTERN). Deterministic, so the same catalog gives the same ids.
 */
export function idFrom(name: string): string {
  const id = name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "");
  return id || "x";
}
