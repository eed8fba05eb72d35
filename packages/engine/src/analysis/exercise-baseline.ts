/**
 * What an exercise is measured against (ISO 22301 8.5): the engine's prediction for the exercise's
 * scenario with its plans, played by the same simulation as the what-if page. The prediction is
 * the baseline (when each step should start and end, when each service should be back) and its
 * events become the controller's inject schedule. A run keeps this object, so the baseline stays
 * the one of the model revision it ran on even when the plans change later.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { failureScenario } from "../model/read-scenario.js";
import type { ExerciseInput } from "../model/schema.js";
import type { Scenario } from "../model/types.js";
import { playScenario } from "../simulation/play.js";
import { byCodeUnit } from "../simulation/result.js";

export type InjectKind = "failure" | "service-down" | "plan-activation" | "rto-due";

/** A message the controller delivers at `at` minutes of exercise time; its words are the reader's language, from kind and refs. */
export interface InjectJSON {
  at: number;
  kind: InjectKind;
  /** the component (failure, service-down, rto-due) or plan (plan-activation) it is about */
  ref: string;
  /** a failure's duration in minutes (null: not repaired within the horizon) */
  for?: number | null;
}

export interface BaselineStepJSON {
  plan: string;
  id: string;
  name: string | null;
  owner: string | null;
  /** the duration the model gives the step, minutes */
  duration: number;
  predictedStart: number | null;
  predictedEnd: number | null;
  /** what the step still waits for at the horizon, when it never ends */
  waitingFor: string[];
}

export interface BaselineServiceJSON {
  id: string;
  name: string | null;
  /** minutes; null when the service has no RTO */
  rto: number | null;
  /** when it goes down in the prediction (null: it stays up) */
  predictedDownAt: number | null;
  /** when it is back (null: still down at the horizon, or never down) */
  predictedRecoveredAt: number | null;
}

export interface ExerciseBaselineJSON {
  exercise: string;
  scenario: string;
  horizonMinutes: number;
  plans: Array<{ id: string; name: string | null; predictedActivation: number | null; predictedCompletion: number | null }>;
  steps: BaselineStepJSON[];
  services: BaselineServiceJSON[];
  /** sorted by time, then kind and ref */
  injects: InjectJSON[];
}

const asList = <T>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The scenario an exercise rehearses: a saved scenario by name, `site-loss:<id>` or `{lose: id}`
 * (a component lost for good). Undefined when it names nothing the model knows.
 */
export function exerciseScenario(cm: CompiledModel, exercise: ExerciseInput, saved: ReadonlyMap<string, Scenario>): Scenario | undefined {
  const s = exercise.scenario;
  if (s === undefined || s === null) return undefined;
  const lost = typeof s === "string" ? (s.startsWith("site-loss:") ? s.slice("site-loss:".length) : undefined) : s.lose;
  if (lost !== undefined) {
    if (!cm.index.has(lost)) return undefined;
    return { ...failureScenario([lost], 0, Infinity), scenario: typeof s === "string" ? s : `site-loss:${lost}` };
  }
  return saved.get(s as string);
}

/** The services an exercise is about: those it names, and those its plans cover. */
export function exerciseServices(cm: CompiledModel, exercise: ExerciseInput): string[] {
  const plans = new Set(asList(exercise.plans));
  const covered = cm.model.plans.filter((p) => plans.has(p.id)).flatMap((p) => p.covers);
  return [...new Set([...asList(exercise.services), ...covered])].filter((id) => cm.index.has(id)).sort(byCodeUnit);
}

export function exerciseBaseline(cm: CompiledModel, exercise: ExerciseInput, scenario: Scenario): ExerciseBaselineJSON {
  const result = playScenario(cm, scenario);
  const planIds = new Set(asList(exercise.plans));
  const plans = cm.model.plans.filter((p) => planIds.has(p.id));
  const finite = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? null : n);
  const injects: InjectJSON[] = [];
  for (const e of scenario.events) {
    if ("fail" in e) injects.push({ at: e.at, kind: "failure", ref: e.fail, for: finite(e.for) });
  }
  const services: BaselineServiceJSON[] = exerciseServices(cm, exercise).map((id) => {
    const i = cm.index.get(id)!;
    const component = cm.model.components[i];
    const outages = result.components[id]?.outages ?? [];
    const first = outages[0];
    const last = outages[outages.length - 1];
    const rto = finite(cm.rto[i]);
    if (first) {
      injects.push({ at: first.start, kind: "service-down", ref: id });
      if (rto !== null && first.start + rto <= result.horizonMinutes) injects.push({ at: first.start + rto, kind: "rto-due", ref: id });
    }
    return { id, name: component.name ?? null, rto, predictedDownAt: first ? first.start : null, predictedRecoveredAt: last ? last.end : null };
  });
  const steps: BaselineStepJSON[] = [];
  const planRows = plans.map((plan) => {
    const played = result.plans?.[plan.id];
    const activatedAt = played?.activatedAt ?? null;
    if (activatedAt !== null) injects.push({ at: activatedAt, kind: "plan-activation", ref: plan.id });
    for (const step of plan.steps) {
      const r = played?.steps[step.id];
      steps.push({
        plan: plan.id,
        id: step.id,
        name: step.name ?? null,
        owner: step.owner ?? null,
        duration: step.duration,
        predictedStart: r?.start ?? null,
        predictedEnd: r?.end ?? null,
        waitingFor: r && r.end === null ? [...(r.waitingForComponents ?? []), ...(r.waitingForCapacity ?? [])] : [],
      });
    }
    return { id: plan.id, name: plan.name ?? null, predictedActivation: activatedAt, predictedCompletion: played?.completedAt ?? null };
  });
  injects.sort((a, b) => a.at - b.at || byCodeUnit(a.kind, b.kind) || byCodeUnit(a.ref, b.ref));
  return { exercise: exercise.id, scenario: scenario.scenario, horizonMinutes: result.horizonMinutes, plans: planRows, steps, services, injects };
}
