/**
 * What a drill measured against what the engine predicted (ISO 22301 8.5, 9.1): time to notify,
 * time to activate the plans, time to recover each service, and each step's actual duration.
 * Times are minutes of exercise time from the run's start (an accelerated clock is already
 * converted by the caller), so a 30-minute step done in 30 seconds at ×60 measures 30 minutes.
 */
import type { ExerciseBaselineJSON } from "./exercise-baseline.js";

export interface ExerciseActuals {
  notifiedAt: number | null;
  activatedAt: number | null;
  /** service id → minute it was back */
  recovered: Record<string, number>;
  /** `plan/step` → recorded start and end */
  steps: Record<string, { start: number | null; end: number | null }>;
}

export interface MeasureJSON {
  measured: number | null;
  predicted: number | null;
  /** measured − predicted (null when either is missing) */
  delta: number | null;
}

export interface ServiceMeasureJSON extends MeasureJSON {
  service: string;
  rto: number | null;
  /** null while the service is not recovered in the drill */
  withinRto: boolean | null;
}

export interface StepMeasureJSON {
  plan: string;
  step: string;
  start: MeasureJSON;
  end: MeasureJSON;
  /** the actual duration (end − start) against the duration the model gives the step */
  duration: MeasureJSON;
}

export interface ExerciseMeasuresJSON {
  notify: MeasureJSON;
  activate: MeasureJSON;
  services: ServiceMeasureJSON[];
  steps: StepMeasureJSON[];
}

export const stepKey = (plan: string, step: string) => `${plan}/${step}`;

const measure = (measured: number | null, predicted: number | null): MeasureJSON => ({
  measured,
  predicted,
  delta: measured === null || predicted === null ? null : measured - predicted,
});

export function exerciseMeasures(baseline: ExerciseBaselineJSON, actuals: ExerciseActuals): ExerciseMeasuresJSON {
  const activations = baseline.plans.map((p) => p.predictedActivation).filter((n): n is number => n !== null);
  const predictedActivation = activations.length ? Math.min(...activations) : null;
  return {
    // the prediction knows no notification: the measure stands alone
    notify: measure(actuals.notifiedAt, null),
    activate: measure(actuals.activatedAt, predictedActivation),
    services: baseline.services.map((s) => {
      const measured = actuals.recovered[s.id] ?? null;
      const withinRto = measured === null ? null : s.rto === null || measured <= s.rto;
      return { service: s.id, rto: s.rto, withinRto, ...measure(measured, s.predictedRecoveredAt) };
    }),
    steps: baseline.steps.map((s) => {
      const a = actuals.steps[stepKey(s.plan, s.id)] ?? { start: null, end: null };
      const actualDuration = a.start !== null && a.end !== null ? a.end - a.start : null;
      return { plan: s.plan, step: s.id, start: measure(a.start, s.predictedStart), end: measure(a.end, s.predictedEnd), duration: measure(actualDuration, s.duration) };
    }),
  };
}
