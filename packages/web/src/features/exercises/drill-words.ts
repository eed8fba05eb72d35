/** How an exercise's records read: an inject's sentence, T+ times, the exercise type. */
import type { I18n, MessageKey } from "../../app/i18n";
import type { ExerciseRun, InjectKind } from "./exercises-api";

export function injectText(t: I18n["t"], kind: InjectKind, ref: string): string {
  return t(`exercises.inject.${kind}` as MessageKey, { ref });
}

export function typeText(t: I18n["t"], type: string): string {
  const key = `exercises.type.${type}`;
  return ["tabletop", "walkthrough", "simulation", "live-failover"].includes(type) ? t(key as MessageKey) : type;
}

/** T+ in exercise time; `null` says what the prediction says of a thing that never happens. */
export function tPlus(i18n: I18n, minute: number | null): string {
  return minute === null ? i18n.t("exercises.never") : `T+${i18n.duration(minute)}`;
}

/** The name of a step or service of a run, else its id. */
export function nameIn(run: ExerciseRun, key: string): string {
  const step = run.baseline.steps.find((s) => `${s.plan}/${s.id}` === key);
  if (step) return step.name ?? step.id;
  const service = run.baseline.services.find((s) => s.id === key);
  return service?.name ?? key;
}
