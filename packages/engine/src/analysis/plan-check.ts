/**
 * The plan checker (ISO 22301 8.4.4): is each plan a complete document, does it name what exists,
 * is every tier-1 service covered by some plan, and does each plan work in the disasters it is for.
 * Plans are played in the simulation with the failures (all plans at once: they share people and
 * tools), so a step that needs a tool in the lost site waits and its services stay down.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { failureScenario } from "../model/read-scenario.js";
import { PLAN_ELEMENTS } from "../model/schema.js";
import type { Plan, Scenario } from "../model/types.js";
import { playScenarioWithWaits } from "../simulation/play.js";
import { byCodeUnit, type CapacityWaitJSON } from "../simulation/result.js";
import { sitesOf } from "./sites.js";

export type PlanElement = (typeof PLAN_ELEMENTS)[number];

export interface CoveredServiceJSON {
  /** minutes the service was down in the scenario */
  downtimeMinutes: number;
  /** when it was back (minutes from the start); null when still down at the horizon, 0 when never down */
  recoveredAt: number | null;
  /** true where the service has no such target */
  rtoMet: boolean;
  mtpdMet: boolean;
}

export interface PlanScenarioJSON {
  activatedAt: number | null;
  completedAt: number | null;
  services: Record<string, CoveredServiceJSON>;
  /** steps not complete at the horizon that wait on components (down, or with no free units) */
  waiting: Array<{ step: string; for: string[] }>;
  /** step id → when it waited for people or tools with a capacity, and for whose */
  capacityWaits: Record<string, CapacityWaitJSON[]>;
  /** minutes the plan's steps waited for units in all (a wait still open counts to the horizon) */
  capacityWaitMinutes: number;
}

export interface PlanCheckJSON {
  missing: PlanElement[];
  /** step owners that name no component, or a component that is not a team or person */
  unknownOwners: Array<{ step: string; owner: string }>;
  covers: string[];
  scenarios: Record<string, PlanScenarioJSON>;
}

export interface PlanCheckResultJSON {
  /** tier-1 services that no plan covers, sorted */
  uncovered: string[];
  /** the scenarios played, in order */
  scenarios: string[];
  plans: Record<string, PlanCheckJSON>;
  /** false when a tier-1 service is uncovered or a covered service misses its RTO in some scenario */
  passed: boolean;
}

/** The name of the scenario that loses a site for good (the N-1 test). */
export const siteLossName = (site: string) => `site-loss:${site}`;

/** Each site lost alone at time 0 and never repaired. */
export function siteLossScenarios(cm: CompiledModel, horizon?: number): Scenario[] {
  return sitesOf(cm).map((site) => ({ ...failureScenario([site], 0, Infinity, ...(horizon === undefined ? [] : [horizon])), scenario: siteLossName(site) }));
}

const has = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/** The 8.4.4 / 8.4.5 elements a plan does not have, in the order of PLAN_ELEMENTS. */
export function missingElements(plan: Plan): PlanElement[] {
  const d = plan.document;
  const present: Record<PlanElement, boolean> = {
    kind: has(plan.kind),
    purpose: has(d.purpose),
    scope: has(d.scope),
    "activation-criteria": has(d.activationCriteria) || plan.activation.when.length > 0,
    roles: has(d.roles?.commander) && has(d.roles?.teams),
    resources: has(d.resources),
    interdependencies: has(d.interdependencies),
    communications: has(d.communications),
    "step-owners": plan.steps.every((s) => has(s.owner)),
    "stand-down": has(d.standDown),
    "return-to-normal": has(d.returnToNormal),
  };
  return PLAN_ELEMENTS.filter((e) => !present[e]);
}

export function checkPlans(cm: CompiledModel, scenarios: Scenario[] = siteLossScenarios(cm)): PlanCheckResultJSON {
  const model = cm.model;
  const byId = new Map(model.components.map((c) => [c.id, c]));
  const covered = new Set(model.plans.flatMap((p) => p.covers));
  const uncovered = model.components.filter((c) => c.tier === 1 && !covered.has(c.id)).map((c) => c.id).sort(byCodeUnit);
  const plans: Record<string, PlanCheckJSON> = {};
  for (const plan of model.plans) {
    const unknownOwners = plan.steps
      .filter((s) => s.owner !== undefined && !["team", "person"].includes(byId.get(s.owner)?.kind ?? ""))
      .map((s) => ({ step: s.id, owner: s.owner! }));
    plans[plan.id] = { missing: missingElements(plan), unknownOwners, covers: [...plan.covers].sort(byCodeUnit), scenarios: {} };
  }
  let passed = uncovered.length === 0;
  for (const scenario of scenarios) {
    const { json, capacityWaits } = playScenarioWithWaits(cm, scenario);
    for (const plan of model.plans) {
      const record = json.plans?.[plan.id];
      const services: Record<string, CoveredServiceJSON> = {};
      for (const id of plans[plan.id].covers) {
        const r = json.components[id];
        const last = r?.outages[r.outages.length - 1];
        services[id] = r
          ? { downtimeMinutes: r.downtimeMinutes, recoveredAt: last!.end, rtoMet: !r.rtoBreached, mtpdMet: !r.mtpdBreached }
          : { downtimeMinutes: 0, recoveredAt: 0, rtoMet: true, mtpdMet: true };
        if (!services[id].rtoMet) passed = false;
      }
      const waiting: PlanScenarioJSON["waiting"] = [];
      const steps = record?.steps ?? {};
      for (const step of plan.steps) {
        const s = steps[step.id];
        const on = [...(s?.waitingForComponents ?? []), ...(s?.waitingForCapacity ?? [])].sort(byCodeUnit);
        if (on.length) waiting.push({ step: step.id, for: on });
      }
      const waits = capacityWaits[plan.id] ?? {};
      const capacityWaitMinutes = Object.values(waits).flat().reduce((sum, w) => sum + ((w.to ?? json.horizonMinutes) - w.from), 0);
      plans[plan.id].scenarios[scenario.scenario] = {
        activatedAt: record?.activatedAt ?? null,
        completedAt: record?.completedAt ?? null,
        services,
        waiting,
        capacityWaits: waits,
        capacityWaitMinutes,
      };
    }
  }
  return { uncovered, scenarios: scenarios.map((s) => s.scenario), plans, passed };
}
