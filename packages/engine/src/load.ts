/** The engine's front door: text in, a validated and compiled model out (no file system here). */
import { modelWarnings } from "./analysis/model-warnings.js";
import type { Diagnostic } from "./model/diagnostics.js";
import { ModelError } from "./model/diagnostics.js";
import { readModel } from "./model/read-model.js";
import { readScenario } from "./model/read-scenario.js";
import type { SourceFile } from "./model/source.js";
import type { Model, Scenario } from "./model/types.js";
import { compileModel, type CompiledModel } from "./simulation/compiled-model.js";
import { scenarioInput } from "./simulation/scenario-input.js";
import { LossTable, simulationJSON, type SimulationJSON } from "./simulation/result.js";
import { Simulator, type SimulationRun } from "./simulation/simulator.js";
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
}

export function loadModel(files: SourceFile[], options: { warnings?: boolean } = {}): LoadResult {
  const reading = readModel(files);
  if (!reading.model) return { diagnostics: reading.diagnostics };
  const compiled = compileModel(reading.model);
  const warnings = [...reading.diagnostics];
  if (options.warnings !== false) for (const w of modelWarnings(compiled, reading.locate)) warnings.push(w); // one per component at most: no spread
  return { loaded: { model: reading.model, compiled, warnings }, diagnostics: warnings };
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

// One simulator and one loss table per compiled model: a run resets only what the previous run
// touched, and allocating the state arrays again for every what-if would cost more than the run.
const simulators = new WeakMap<CompiledModel, { simulator: Simulator; losses: LossTable }>();

function simulatorFor(cm: CompiledModel) {
  let entry = simulators.get(cm);
  if (!entry) {
    entry = { simulator: new Simulator(cm), losses: new LossTable(cm) };
    simulators.set(cm, entry);
  }
  return entry;
}

/** Plays a scenario against a model: the contract's `simulate --json` object. */
export function simulate(loaded: LoadedModel, scenario: Scenario, simulator?: Simulator): SimulationJSON {
  const kept = simulatorFor(loaded.compiled);
  const losses = kept.losses;
  const run = (simulator ?? kept.simulator).run(scenarioInput(loaded.compiled, scenario));
  return simulationJSON(loaded.compiled, scenario.scenario, run, losses);
}

/** The contract's `spof --json` object. */
export function spof(loaded: LoadedModel, options: SpofOptions = {}): { spof: Record<string, string[]> } {
  return spofJSON(loaded.compiled, singlePointsOfFailure(loaded.compiled, options));
}
