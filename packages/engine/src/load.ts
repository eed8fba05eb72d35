/** The engine's front door: text in, a validated and compiled model out (no file system here). */
import { modelWarnings } from "./analysis/model-warnings.js";
import type { Diagnostic } from "./model/diagnostics.js";
import { ModelError } from "./model/diagnostics.js";
import { readModel, type ReadPath } from "./model/read-model.js";
import { readScenario } from "./model/read-scenario.js";
import type { SourceFile } from "./model/source.js";
import type { Model, Scenario } from "./model/types.js";
import { compileModel, type CompiledModel } from "./compile/compiled-model.js";
import { playScenario, playScenarioWithWaits } from "./simulation/play.js";
import type { CapacityWaitsJSON, SimulationJSON } from "./simulation/result.js";
import type { Simulator, SimulationRun } from "./simulation/simulator.js";
import { singlePointsOfFailure, spofJSON, type SpofOptions } from "./analysis/spof.js";

export interface LoadedModel {
  model: Model;
  compiled: CompiledModel;
  /** warnings only (a loaded model has no errors) */
  warnings: Diagnostic[];
}

export interface LoadResult {
  loaded?: LoadedModel;
  diagnostics: Diagnostic[];
  /** how each file was read (see ReadPath) */
  paths: ReadPath[];
}

export function loadModel(files: SourceFile[], options: { warnings?: boolean } = {}): LoadResult {
  const reading = readModel(files);
  if (!reading.model) return { diagnostics: reading.diagnostics, paths: reading.paths };
  const compiled = compileModel(reading.model);
  const warnings = [...reading.diagnostics];
  if (options.warnings !== false) for (const w of modelWarnings(compiled, reading.locate)) warnings.push(w); // one per component at most: no spread
  return { loaded: { model: reading.model, compiled, warnings }, diagnostics: warnings, paths: reading.paths };
}

/** Loads or throws a ModelError carrying every diagnostic (for tests and scripts). */
export function loadModelOrThrow(files: SourceFile[] | string, options: { warnings?: boolean } = {}): LoadedModel {
  const list = typeof files === "string" ? [{ path: "model.yaml", text: files }] : files;
  const { loaded, diagnostics } = loadModel(list, options);
  if (!loaded) throw new ModelError(diagnostics);
  return loaded;
}

export function loadScenarioOrThrow(model: Model, file: SourceFile | string): Scenario {
  const source = typeof file === "string" ? { path: "scenario.yaml", text: file } : file;
  const { scenario, diagnostics } = readScenario(source, model);
  if (!scenario) throw new ModelError(diagnostics);
  return scenario;
}

export interface Simulation {
  json: SimulationJSON;
  run: SimulationRun;
}

/** Plays a scenario against a model: the contract's `simulate --json` object. */
export function simulate(loaded: LoadedModel, scenario: Scenario, simulator?: Simulator): SimulationJSON {
  return playScenario(loaded.compiled, scenario, simulator);
}

/** The contract's JSON and, beside it, when each step waited for units and for whose (for reports). */
export function simulateWithWaits(loaded: LoadedModel, scenario: Scenario, simulator?: Simulator): { json: SimulationJSON; capacityWaits: CapacityWaitsJSON } {
  return playScenarioWithWaits(loaded.compiled, scenario, simulator);
}

/** The contract's `spof --json` object. */
export function spof(loaded: LoadedModel, options: SpofOptions = {}): { spof: Record<string, string[]> } {
  return spofJSON(loaded.compiled, singlePointsOfFailure(loaded.compiled, options));
}
