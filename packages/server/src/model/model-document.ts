/**
 * The model in its file format (what people write, as JSON), split into the parts Continuum
 * stores: the header (top-level keys, in the order written), the components, the plans, and the
 * scenarios beside it. Joining the parts gives back the same document, so export round-trips.
 */
import { parseSource, type Diagnostic, type SourceFile } from "@continuum/engine";
import YAML from "yaml";

export type Doc = Record<string, unknown>;

/** The parts of a model. `header` keeps every top-level key in order; `components` and `plans` are `null` placeholders there. */
export interface ModelParts {
  header: Doc;
  components: Doc[];
  plans: Doc[];
}

export const EMPTY_HEADER: Doc = { continuum: 1, components: null };

export function isDoc(v: unknown): v is Doc {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isScenarioDocument(doc: unknown): boolean {
  return isDoc(doc) && "scenario" in doc && !("components" in doc);
}

export interface SplitImport {
  parts: ModelParts;
  /** scenario documents found beside the model (a folder import), with the file they came from */
  scenarios: Array<{ doc: Doc; file: SourceFile; docIndex: number }>;
  diagnostics: Diagnostic[];
}

/**
 * Reads import files the way the engine does (same parser, same documents, same order) and merges
 * the model documents into one: top-level lists are concatenated, single values keep the first.
 * A folder may hold scenarios beside the model, and so may a single file of several documents (the
 * YAML export: the model, then its scenarios after `---`); a file of one document is all model.
 */
export function splitImport(files: SourceFile[]): SplitImport {
  const diagnostics: Diagnostic[] = [];
  const header: Doc = {};
  const components: Doc[] = [];
  const plans: Doc[] = [];
  const scenarios: SplitImport["scenarios"] = [];
  for (const file of files) {
    const parsed = parseSource(file, diagnostics);
    if (!parsed) continue;
    parsed.documents.forEach((doc, docIndex) => {
      if (isScenarioDocument(doc) && (files.length > 1 || parsed.documents.length > 1)) {
        scenarios.push({ doc: doc as Doc, file, docIndex });
        return;
      }
      if (!isDoc(doc)) return; // the engine reports it
      for (const [key, value] of Object.entries(doc)) {
        if (key === "components" || key === "plans") {
          if (!(key in header)) header[key] = null;
          if (Array.isArray(value)) {
            const list = key === "components" ? components : plans;
            for (const item of value as Doc[]) list.push(item); // not push(...value): 200,000 components overflow the stack
          }
        } else if (Array.isArray(value) && (key in header ? Array.isArray(header[key]) : true)) {
          header[key] = key in header ? [...(header[key] as unknown[]), ...value] : [...value];
        } else if (!(key in header)) {
          header[key] = value;
        } else if (Array.isArray(header[key]) && isDoc(value)) {
          (header[key] as unknown[]).push(value); // an extra section written as one mapping
        }
      }
    });
  }
  return { parts: { header, components, plans }, scenarios, diagnostics };
}

/** The whole document, keys in the order written. */
export function joinParts(parts: ModelParts): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(parts.header)) {
    if (key === "components") out.components = parts.components;
    else if (key === "plans") out.plans = parts.plans;
    else out[key] = value;
  }
  if (!("components" in out) && parts.components.length) out.components = parts.components;
  if (!("plans" in out) && parts.plans.length) out.plans = parts.plans;
  return out;
}

/** Stored header: top-level keys with `components` and `plans` as placeholders. */
export function headerOf(doc: Doc): Doc {
  const header: Doc = {};
  for (const [key, value] of Object.entries(doc)) header[key] = key === "components" || key === "plans" ? null : value;
  return header;
}

export function partsOf(doc: Doc): ModelParts {
  return {
    header: headerOf(doc),
    components: Array.isArray(doc.components) ? (doc.components as Doc[]) : [],
    plans: Array.isArray(doc.plans) ? (doc.plans as Doc[]) : [],
  };
}

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, indent: 2 } as const;

/** Canonical YAML of a document: the same document always gives the same text. */
export function toYaml(doc: unknown): string {
  return YAML.stringify(doc, YAML_OPTIONS);
}

export function toJsonText(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

/** A document as the file an export gives. */
export function renderDocument(doc: unknown, format: "yaml" | "json"): string {
  return format === "yaml" ? toYaml(doc) : toJsonText(doc);
}

/**
 * The single file an export gives. In YAML the saved scenarios follow the model as further
 * documents (`---`): the engine skips scenario documents in a model file, and the import reads
 * them as the organization's scenarios, so export → import carries them. A JSON file holds one
 * document only, so the JSON export is the model alone (the folder export carries scenarios).
 */
export function renderExport(doc: Doc, scenarios: readonly Doc[], format: "yaml" | "json"): string {
  if (format === "json") return toJsonText(doc);
  let text = toYaml(doc);
  for (const s of scenarios) text += `---\n${toYaml(s)}`;
  return text;
}

/** The file an export gives, from the JSON text of a revision's parts and scenarios (see model-export.ts). */
export function renderParts(partsText: string, format: "yaml" | "json"): string {
  const parts = JSON.parse(partsText) as ModelParts & { scenarios?: Doc[] };
  return renderExport(joinParts(parts), parts.scenarios ?? [], format);
}

/** A file name for a scenario in an exported folder: `scenarios/<name>.yaml`. */
export function scenarioFileName(name: string, taken: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") || "scenario";
  let candidate = `scenarios/${base}.yaml`;
  for (let i = 2; taken.has(candidate); i++) candidate = `scenarios/${base}-${i}.yaml`;
  taken.add(candidate);
  return candidate;
}

/** Top-level fields that differ between two versions of an element. */
export function fieldChanges(before: Doc | undefined, after: Doc | undefined): Array<{ field: string; before: unknown; after: unknown }> {
  const out: Array<{ field: string; before: unknown; after: unknown }> = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const a = before?.[key];
    const b = after?.[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: key, before: a ?? null, after: b ?? null });
  }
  return out;
}
