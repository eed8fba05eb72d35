/**
 * A run's state is a fold over its log (pure): which injects are out, each step's recorded start
 * and end, when people were notified and the plans activated, which services are back, and the
 * decisions and findings. A later record of the same step, milestone or service corrects the
 * earlier one; the log keeps both.
 */
import { type ExerciseActuals, type ExerciseBaselineJSON, type InjectJSON } from "@continuum/engine";

export const EVENT_KINDS = ["inject", "notified", "activated", "step-start", "step-end", "recovered", "decision", "finding"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface RunEvent {
  id: number;
  kind: EventKind;
  ref: string | null;
  minute: number;
  data: Record<string, unknown>;
  actor: string;
  at: string;
}

export interface InjectState extends InjectJSON {
  /** its place in the schedule, from 1 */
  seq: number;
  /** the exercise minute it went out (null: not yet) */
  deliveredAt: number | null;
  /** who sent it early; "clock" when it went out on time */
  deliveredBy: string | null;
}

export interface DecisionRecord {
  id: string;
  minute: number;
  at: string;
  recordedBy: string;
  who: string;
  decision: string;
  options: string[];
  rationale: string;
  exercise: true;
}

export interface FindingRecord {
  id: string;
  minute: number;
  at: string;
  author: string;
  text: string;
  /** `plan/step` keys it is about */
  steps: string[];
  exercise: true;
}

export interface RunState {
  actuals: ExerciseActuals;
  injects: InjectState[];
  decisions: DecisionRecord[];
  findings: FindingRecord[];
}

/** Exercise minutes since the start: real time × speed, stopped at the finish. */
export function exerciseMinute(startedAt: Date, speed: number, now: Date, finishedAt: Date | null = null): number {
  const end = finishedAt && finishedAt < now ? finishedAt : now;
  const minutes = ((end.getTime() - startedAt.getTime()) * speed) / 60_000;
  return Math.max(0, Math.round(minutes * 100) / 100);
}

export function runState(baseline: ExerciseBaselineJSON, events: readonly RunEvent[], minuteNow: number): RunState {
  const actuals: ExerciseActuals = { notifiedAt: null, activatedAt: null, recovered: {}, steps: {} };
  const early = new Map<number, RunEvent>();
  const decisions: DecisionRecord[] = [];
  const findings: FindingRecord[] = [];
  for (const e of events) {
    switch (e.kind) {
      case "inject":
        if (!early.has(Number(e.ref))) early.set(Number(e.ref), e);
        break;
      case "notified":
        actuals.notifiedAt = e.minute;
        break;
      case "activated":
        actuals.activatedAt = e.minute;
        break;
      case "step-start":
      case "step-end": {
        const s = (actuals.steps[e.ref!] ??= { start: null, end: null });
        if (e.kind === "step-start") s.start = e.minute;
        else s.end = e.minute;
        break;
      }
      case "recovered":
        actuals.recovered[e.ref!] = e.minute;
        break;
      case "decision":
        decisions.push({
          id: String(e.id),
          minute: e.minute,
          at: e.at,
          recordedBy: e.actor,
          who: String(e.data.who ?? e.actor),
          decision: String(e.data.decision ?? ""),
          options: (e.data.options as string[]) ?? [],
          rationale: String(e.data.rationale ?? ""),
          exercise: true,
        });
        break;
      case "finding":
        findings.push({ id: String(e.id), minute: e.minute, at: e.at, author: e.actor, text: String(e.data.text ?? ""), steps: (e.data.steps as string[]) ?? [], exercise: true });
        break;
    }
  }
  const injects = baseline.injects.map((inject, i): InjectState => {
    const seq = i + 1;
    const sent = early.get(seq);
    // sent early by the controller, or out on time by the clock
    if (sent && sent.minute < inject.at) return { ...inject, seq, deliveredAt: sent.minute, deliveredBy: sent.actor };
    if (inject.at <= minuteNow) return { ...inject, seq, deliveredAt: inject.at, deliveredBy: "clock" };
    return { ...inject, seq, deliveredAt: null, deliveredBy: null };
  });
  return { actuals, injects, decisions, findings };
}
