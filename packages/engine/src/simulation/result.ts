/** The contract's `simulate --json` object, built from a run. */
import { compileImpact, outageLoss, type ImpactCurve } from "../compile/impact.js";
import type { CompiledModel } from "../compile/compiled-model.js";
import type { SimulationRun } from "./simulator.js";

export interface OutageJSON {
  start: number;
  end: number | null;
}

export interface ComponentResultJSON {
  outages: OutageJSON[];
  downtimeMinutes: number;
  longestOutageMinutes: number;
  rtoBreached: boolean;
  mtpdBreached: boolean;
  loss: number;
}

export interface StepResultJSON {
  start: number | null;
  end: number | null;
  interruptions: number;
  waitingForSteps?: string[];
  waitingForComponents?: string[];
  /** components with a capacity whose units the step waits for (omitted when none) */
  waitingForCapacity?: string[];
}

export interface PlanResultJSON {
  activatedAt: number | null;
  completedAt: number | null;
  steps: Record<string, StepResultJSON>;
}

export interface SimulationJSON {
  scenario: string;
  horizonMinutes: number;
  components: Record<string, ComponentResultJSON>;
  deadlocked: string[];
  totalLoss: number;
  plans?: Record<string, PlanResultJSON>;
}

/** Impact curves compiled once per model and reused by every run. */
export class LossTable {
  private readonly curves: Array<ImpactCurve | undefined>;
  constructor(private readonly cm: CompiledModel) {
    this.curves = new Array(cm.n);
  }
  curve(i: number): ImpactCurve {
    return (this.curves[i] ??= compileImpact(this.cm.model.components[i].impact));
  }
  loss(i: number, minutes: number): number {
    return this.cm.hasImpact[i] ? outageLoss(this.curve(i), minutes) : 0;
  }
}

export function simulationJSON(cm: CompiledModel, scenario: string, run: SimulationRun, losses = new LossTable(cm)): SimulationJSON {
  // outages in component order, then by start: one sort of indexes, no per-component lists
  const count = run.outageCount;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  const comp = run.outageComponent;
  const starts = run.outageStart;
  order.sort((a, b) => comp[a] - comp[b] || starts[a] - starts[b]);
  const components: Record<string, ComponentResultJSON> = {};
  let totalLoss = 0;
  for (let k = 0; k < count; ) {
    const c = comp[order[k]];
    let downtime = 0;
    let longest = 0;
    let loss = 0;
    const outages: OutageJSON[] = [];
    for (; k < count && comp[order[k]] === c; k++) {
      const o = order[k];
      const start = starts[o];
      const endRaw = run.outageEnd[o];
      const end = Number.isNaN(endRaw) ? null : endRaw;
      const d = (end ?? run.horizon) - start;
      outages.push({ start, end });
      downtime += d;
      if (d > longest) longest = d;
      loss += losses.loss(c, d);
    }
    components[cm.ids[c]] = {
      outages,
      downtimeMinutes: downtime,
      longestOutageMinutes: longest,
      rtoBreached: longest > cm.rto[c],
      mtpdBreached: longest > cm.mtpd[c],
      loss,
    };
    totalLoss += loss;
  }
  const result: SimulationJSON = {
    scenario,
    horizonMinutes: run.horizon,
    components,
    deadlocked: run.deadlocked.map((i) => cm.ids[i]).sort(byCodeUnit),
    totalLoss,
  };
  if (cm.plans.length && run.plans.length) {
    result.plans = {};
    cm.plans.forEach((plan, p) => {
      const rec = run.plans[p];
      const steps: Record<string, StepResultJSON> = {};
      Array.from(plan.steps).forEach((s, k) => {
        const r = rec.steps[k];
        const out: StepResultJSON = { start: r.start, end: r.end, interruptions: r.interruptions };
        if (r.waitingForSteps) out.waitingForSteps = r.waitingForSteps.map((x) => cm.steps[x].id).sort(byCodeUnit);
        if (r.waitingForComponents) out.waitingForComponents = r.waitingForComponents.map((x) => cm.ids[x]).sort(byCodeUnit);
        if (r.waitingForCapacity?.length) out.waitingForCapacity = r.waitingForCapacity.map((x) => cm.ids[x]).sort(byCodeUnit);
        steps[cm.steps[s].id] = out;
      });
      result.plans![plan.id] = { activatedAt: rec.activatedAt, completedAt: rec.completedAt, steps };
    });
  }
  return result;
}

/** When a step waited for units (people, consoles) and for whose: beside the contract's JSON, for reports. */
export interface CapacityWaitJSON {
  from: number;
  /** null = still waiting at the horizon */
  to: number | null;
  components: string[];
}

/** plan id → step id → its capacity waits, only for steps that waited. */
export type CapacityWaitsJSON = Record<string, Record<string, CapacityWaitJSON[]>>;

export function capacityWaitsJSON(cm: CompiledModel, run: SimulationRun): CapacityWaitsJSON {
  const out: CapacityWaitsJSON = {};
  cm.plans.forEach((plan, p) => {
    plan.steps.forEach((s, k) => {
      const waits = run.plans[p]?.steps[k].capacityWaits;
      if (!waits?.length) return;
      (out[plan.id] ??= {})[cm.steps[s].id] = waits.map((w) => ({ from: w.from, to: Number.isNaN(w.to) ? null : w.to, components: w.components.map((c) => cm.ids[c]).sort(byCodeUnit) }));
    });
  });
  return out;
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
