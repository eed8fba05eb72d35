/**
 * The heavy half of an import, run in a worker thread (analysis-worker.ts): read the files (YAML or
 * JSON), validate the model as the CLI does, check the scenarios against it, and work out what is
 * stored for each component (its JSON text and its columns). The components go back in batches of
 * bounded size, so that the server's thread never receives one huge message; the compiled model
 * stays here (the server compiles it again only when a route needs it).
 */
import { loadModel, modelWarnings, type Diagnostic, type Scenario, type SourceFile } from "@continuum/engine";
import type { ProblemField } from "@continuum/api";
import { invalidModel, Problem } from "../core/problem.js";
import { splitImport, type Doc } from "./model-document.js";
import { withBackstageConverted } from "./backstage-import.js";
import type { ComponentColumns } from "./model-repository.js";
import { checkScenarios, componentColumns, type Proposal } from "./model-store.js";

export type ScenarioMode = "replace" | "keep";

export interface ImportInput {
  files: SourceFile[];
  mode?: ScenarioMode;
  /** the organization's scenarios now (kept when the files hold none, and checked against the new model) */
  existingScenarios: Doc[];
}

export interface ComponentBatch {
  texts: string[];
  columns: ComponentColumns[];
}

export interface ImportPreparation {
  /** the model or its scenarios are invalid: every diagnostic (nothing else is set) */
  invalid?: { status: number; code: string; title: string; detail?: string; errors?: ProblemField[] };
  header: Doc;
  plans: Doc[];
  scenarios: Doc[];
  replaced: boolean;
  scenarioCount: number;
  componentCount: number;
  warnings: Diagnostic[];
  parsedScenarios: Array<[string, Scenario]>;
}

/** Components per message to the server's thread. */
const BATCH = 500;

export function prepareImport(input: ImportInput, sendBatch: (batch: ComponentBatch) => void): ImportPreparation {
  const empty = { header: {}, plans: [], scenarios: [], replaced: false, scenarioCount: 0, componentCount: 0, warnings: [], parsedScenarios: [] };
  try {
    // a Backstage catalog becomes one model file first, as `continuum import backstage` makes it
    const files = withBackstageConverted(input.files);
    const split = splitImport(files);
    const { loaded, diagnostics } = loadModel(files);
    // what cannot be stored (.inf, NUL, …) the engine's document guard refuses, in every section
    if (!loaded) throw invalidModel(diagnostics);

    const scenarioDocs = split.scenarios.map((s) => s.doc);
    const sources = split.scenarios.map((s) => {
      // messages with lines when the scenario is the file's only document
      const only = !s.file.text.includes("\n---") && s.docIndex === 0;
      return only ? s.file : { path: s.file.path, text: JSON.stringify(s.doc) };
    });
    const replaced = input.mode === "replace" || (input.mode === undefined && scenarioDocs.length > 0);
    const scenarios = replaced ? scenarioDocs : input.existingScenarios;
    const proposal = { scenarios, scenarioSource: (i: number) => (replaced ? sources[i] : undefined) } as Proposal;
    const parsedScenarios = checkScenarios(proposal, loaded);
    const warnings = [...loaded.warnings, ...modelWarnings(loaded.compiled, () => ({}))];

    const components = split.parts.components;
    for (let start = 0; start < components.length; start += BATCH) {
      const end = Math.min(components.length, start + BATCH);
      const batch: ComponentBatch = { texts: [], columns: [] };
      for (let i = start; i < end; i++) {
        batch.texts.push(JSON.stringify(components[i]));
        batch.columns.push(componentColumns(loaded, i));
      }
      sendBatch(batch);
    }
    return {
      header: split.parts.header,
      plans: split.parts.plans,
      scenarios,
      replaced,
      scenarioCount: scenarioDocs.length,
      componentCount: components.length,
      warnings,
      parsedScenarios: [...parsedScenarios],
    };
  } catch (e) {
    if (e instanceof Problem) return { ...empty, invalid: { status: e.status, code: e.code, title: e.title, detail: e.detail, errors: e.errors } };
    throw e;
  }
}
