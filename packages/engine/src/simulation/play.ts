/** Plays a scenario against a compiled model: the contract's `simulate --json` object. */
import type { CompiledModel } from "../compile/compiled-model.js";
import type { Scenario } from "../model/types.js";
import { LossTable, capacityWaitsJSON, simulationJSON, type CapacityWaitsJSON, type SimulationJSON } from "./result.js";
import { scenarioInput } from "./scenario-input.js";
import { Simulator } from "./simulator.js";

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

export function playScenario(cm: CompiledModel, scenario: Scenario, simulator?: Simulator): SimulationJSON {
  const kept = simulatorFor(cm);
  const run = (simulator ?? kept.simulator).run(scenarioInput(cm, scenario));
  return simulationJSON(cm, scenario.scenario, run, kept.losses);
}

/** The contract's JSON and, beside it, when each step waited for units and for whose (for reports). */
export function playScenarioWithWaits(cm: CompiledModel, scenario: Scenario, simulator?: Simulator): { json: SimulationJSON; capacityWaits: CapacityWaitsJSON } {
  const kept = simulatorFor(cm);
  const run = (simulator ?? kept.simulator).run(scenarioInput(cm, scenario));
  return { json: simulationJSON(cm, scenario.scenario, run, kept.losses), capacityWaits: capacityWaitsJSON(cm, run) };
}
