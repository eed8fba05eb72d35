/** Turns a validated scenario into the simulator's integer input. */
import type { Scenario } from "../model/types.js";
import type { CompiledModel } from "../compile/compiled-model.js";
import type { SimulationInput } from "./simulator.js";

export function scenarioInput(cm: CompiledModel, scenario: Scenario): SimulationInput {
  const failures: SimulationInput["failures"] = [];
  const activations: NonNullable<SimulationInput["activations"]> = [];
  const planIndex = new Map(cm.plans.map((p, i) => [p.id, i]));
  for (const e of scenario.events) {
    if ("fail" in e) {
      const component = cm.index.get(e.fail);
      if (component === undefined) throw new Error(`scenario fails unknown component ${e.fail}`);
      failures.push({ component, start: e.at, end: e.at + e.for });
    } else {
      const plan = planIndex.get(e.activate);
      if (plan === undefined) throw new Error(`scenario activates unknown plan ${e.activate}`);
      activations.push({ plan, at: e.at });
    }
  }
  return { horizon: scenario.horizon, failures, activations };
}
