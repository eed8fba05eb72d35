/**
 * Measured step durations proposed back into the model (ISO 22301 10.2): a new revision that sets
 * each chosen plan step's `duration` to what the drill measured, and names the exercise run it
 * came from in the revision message. Through the store's commit, so the engine validates the
 * model and the revision guard refuses a stale `expectedRevision`.
 */
import type { ExerciseMeasuresJSON } from "@continuum/engine";
import type { Actor } from "../core/access.js";
import { conflict, Problem } from "../core/problem.js";
import type { Doc } from "../model/model-document.js";
import type { CommitResult, ModelStore } from "../model/model-store.js";
import type { ExerciseRun } from "./exercise-runs-repository.js";

export interface MeasuredDuration {
  plan: string;
  step: string;
  minutes: number;
}

/** The steps of a run with a measured duration (whole minutes, at least 1), optionally only those named `plan/step`. */
export function measuredDurations(measures: ExerciseMeasuresJSON, only?: readonly string[]): MeasuredDuration[] {
  const measured = measures.steps.filter((s) => s.duration.measured !== null);
  if (only) {
    only.forEach((key, i) => {
      if (!measured.some((s) => `${s.plan}/${s.step}` === key)) {
        throw new Problem(400, "validation", "Invalid request", `step ${key} has no measured duration in this run`, [{ field: `steps[${i}]`, message: `${key} was not started and ended in this run` }]);
      }
    });
  }
  return measured
    .filter((s) => !only || only.includes(`${s.plan}/${s.step}`))
    .map((s) => ({ plan: s.plan, step: s.step, minutes: Math.max(1, Math.round(s.duration.measured!)) }));
}

export function proposeMeasuredDurations(store: ModelStore, run: ExerciseRun, actor: Actor, durations: MeasuredDuration[], comment: string | undefined, expected?: number): Promise<CommitResult> {
  if (!durations.length) throw conflict("this run measured no step (record a step's start and end first)", "steps");
  const plans = [...new Set(durations.map((d) => d.plan))];
  return store.commit(
    run.organizationId,
    actor,
    (state) => {
      const docs = state.plans.map((e) => structuredClone(e.doc) as Doc);
      const changes: string[] = [];
      for (const d of durations) {
        const plan = docs.find((p) => p.id === d.plan);
        const step = (plan?.steps as Doc[] | undefined)?.find((s) => s.id === d.step);
        if (!step) throw conflict(`the current model has no step ${d.plan}/${d.step} (the plan changed since run #${run.number})`, "steps");
        changes.push(`${d.plan}/${d.step} ${String(step.duration ?? "0")} → ${d.minutes}m`);
        step.duration = `${d.minutes}m`;
      }
      const day = (run.finishedAt ?? run.startedAt).toISOString().slice(0, 10);
      return {
        kind: "edit",
        comment: `${comment ? `${comment}. ` : ""}Durations measured in exercise run #${run.number} (${run.exerciseId}, ${day}, on revision ${run.revision}): ${changes.join("; ")}`,
        header: state.header,
        components: state.components.map((e) => e.doc),
        plans: docs,
        scenarios: state.scenarios.map((e) => e.doc),
      };
    },
    { expected, touches: { collection: "plans", ids: plans } },
  );
}
