/**
 * "What if we had one more DBA?": the same model with other capacities, without editing files.
 * Checked like the reader checks a model (a capacity is a whole number ≥ 1 and no step needs
 * more units than it), so a what-if can never run a model the reader would reject.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { Model } from "../model/types.js";
import { compileModel, type CompiledModel } from "../compile/compiled-model.js";

/** What a loaded model carries that a what-if changes (the facade's LoadedModel fits). */
interface Loaded {
  model: Model;
  compiled: CompiledModel;
}

/** `capacities`: component id → its capacity in the what-if; null removes the capacity (not counted). */
export function withCapacities<L extends Loaded>(loaded: L, capacities: Record<string, number | null>): { loaded?: L; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, component: string, message: string, hint?: string) => diagnostics.push({ severity: "error", code, component, field: "capacity", message, hint });
  const index = loaded.compiled.index;
  for (const [id, value] of Object.entries(capacities)) {
    if (!index.has(id)) error("unknown-component", id, `"${id}" names no component`);
    else if (value !== null && (!Number.isInteger(value) || value < 1)) error("bad-capacity", id, `capacity must be a whole number 1 or more, got ${value}`, "e.g. 2 for a team of two");
  }
  const capacityOf = (id: string) => (id in capacities ? capacities[id] : loaded.model.components[index.get(id)!].capacity);
  for (const plan of loaded.model.plans) {
    for (const step of plan.steps) {
      for (const [id, units] of Object.entries(step.units)) {
        if (!(id in capacities) || diagnostics.some((d) => d.component === id)) continue;
        const cap = capacityOf(id);
        if (cap === null || cap === undefined) error("units-without-capacity", id, `step "${step.id}" of plan "${plan.id}" takes ${units} unit(s) of "${id}", which would have no capacity`, "keep a capacity on it");
        else if (units > cap) error("units-over-capacity", id, `step "${step.id}" of plan "${plan.id}" needs ${units} units of "${id}": a capacity of ${cap} could never let it start`, `give "${id}" a capacity of ${units} or more`);
      }
    }
  }
  if (diagnostics.length) return { diagnostics };
  const model: Model = {
    ...loaded.model,
    components: loaded.model.components.map((c) => {
      if (!(c.id in capacities)) return c;
      const { capacity: _old, ...rest } = c;
      const value = capacities[c.id];
      return value === null ? rest : { ...rest, capacity: value };
    }),
  };
  return { loaded: { ...loaded, model, compiled: compileModel(model) }, diagnostics };
}
