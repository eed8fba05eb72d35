/**
 * Loading a stored revision into memory (the first read after a start, or after another process
 * wrote it) means validating and compiling the whole model: seconds for a large one. It runs in
 * the worker thread (analysis-worker.ts), which answers with what the server keeps — the warnings
 * and the parsed scenarios; the compiled model is made in the server's thread only when a route
 * needs it.
 */
import { loadModel, modelWarnings, readScenario, type Diagnostic, type Scenario } from "@continuum/engine";

export interface StoredModelInput {
  /** the model as one JSON document */
  text: string;
  scenarios: Array<{ id: string; text: string }>;
}

export interface StoredModelCheck {
  /** the stored model does not load (should not happen: it was validated when written) */
  error?: string;
  warnings: Diagnostic[];
  parsedScenarios: Array<[string, Scenario]>;
}

export function checkStoredModel(input: StoredModelInput): StoredModelCheck {
  const { loaded, diagnostics } = loadModel([{ path: "model.json", text: input.text }], { warnings: false });
  if (!loaded) return { error: diagnostics.map((d) => d.message).join("; "), warnings: [], parsedScenarios: [] };
  const strip = (d: Diagnostic): Diagnostic => {
    const { file: _f, line: _l, column: _c, ...rest } = d;
    return rest;
  };
  const warnings = [...loaded.warnings.map(strip), ...modelWarnings(loaded.compiled, () => ({}))];
  const parsedScenarios: Array<[string, Scenario]> = [];
  for (const s of input.scenarios) {
    const r = readScenario({ path: `scenarios/${s.id}`, text: s.text }, loaded.model);
    if (r.scenario) parsedScenarios.push([s.id, r.scenario]);
  }
  return { warnings, parsedScenarios };
}

/** The JSON text of a model from its stored parts, without parsing the elements again. */
export function modelTextOf(header: Record<string, unknown>, components: string[], plans: string[]): string {
  const parts: string[] = [];
  const list = (texts: string[]) => `[${texts.join(",")}]`;
  for (const [key, value] of Object.entries(header)) {
    if (key === "components") parts.push(`"components":${list(components)}`);
    else if (key === "plans") parts.push(`"plans":${list(plans)}`);
    else if (value !== undefined) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  if (!("components" in header) && components.length) parts.push(`"components":${list(components)}`);
  if (!("plans" in header) && plans.length) parts.push(`"plans":${list(plans)}`);
  return `{${parts.join(",")}}`;
}
