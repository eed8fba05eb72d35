/**
 * Evidence that expires (ISO 22301 8.6): a recovery time measured in a drill proves a service
 * recoverable within its RTO only while the measurement is younger than its shelf life (default
 * 12 months). Per service the answer is `yes` (the newest valid evidence is within RTO), `no` (the
 * newest valid evidence misses the RTO or the service was not recovered) or `unproven` (never
 * drilled, or every measurement has expired).
 */
import { byCodeUnit } from "../simulation/result.js";
import { addCycle, parseCycle } from "./exercise-coverage.js";

export const DEFAULT_SHELF_LIFE = "12mo";

export interface RecoveryEvidence {
  service: string;
  /** the day it was measured, YYYY-MM-DD */
  measuredOn: string;
  /** minutes to recover; null when the drill ended with the service still down */
  minutes: number | null;
  /** how long it counts: 12mo, 1y, 6w … */
  shelfLife: string;
  /** where it came from (an exercise run) */
  source: string;
  /** orders measurements of the same day: the larger is the later (e.g. the run's number) */
  seq?: number;
}

export interface RecoveryTarget {
  id: string;
  /** minutes; null when the service has no RTO (then any recovery proves it) */
  rto: number | null;
}

export type RecoveryAnswer = "yes" | "no" | "unproven";

export interface ServiceProofJSON {
  service: string;
  rto: number | null;
  answer: RecoveryAnswer;
  /** why unproven: never drilled, or only expired evidence */
  reason: "never-drilled" | "expired" | null;
  /** the evidence the answer rests on (the newest valid one), or the newest expired one */
  evidence: (RecoveryEvidence & { expiresOn: string }) | null;
}

/** The first day a measurement no longer counts. */
export function expiresOn(evidence: Pick<RecoveryEvidence, "measuredOn" | "shelfLife">): string {
  const cycle = parseCycle(evidence.shelfLife) ?? parseCycle(DEFAULT_SHELF_LIFE)!;
  return addCycle(evidence.measuredOn, cycle);
}

/** Newest first (by day, then by `seq`); when nothing tells them apart the worse (slower, or not recovered) first, so a bad result is never hidden. */
function newestFirst(a: RecoveryEvidence, b: RecoveryEvidence): number {
  if (a.measuredOn !== b.measuredOn) return a.measuredOn < b.measuredOn ? 1 : -1;
  if ((a.seq ?? 0) !== (b.seq ?? 0)) return (b.seq ?? 0) - (a.seq ?? 0);
  const am = a.minutes ?? Infinity;
  const bm = b.minutes ?? Infinity;
  return bm - am || byCodeUnit(a.source, b.source);
}

export function recoveryProof(targets: readonly RecoveryTarget[], evidence: readonly RecoveryEvidence[], today: string): ServiceProofJSON[] {
  const byService = new Map<string, RecoveryEvidence[]>();
  for (const e of evidence) {
    if (e.measuredOn > today) continue; // not yet measured as of today
    let list = byService.get(e.service);
    if (!list) byService.set(e.service, (list = []));
    list.push(e);
  }
  return targets.map(({ id, rto }) => {
    const list = (byService.get(id) ?? []).slice().sort(newestFirst);
    const dated = list.map((e) => ({ ...e, expiresOn: expiresOn(e) }));
    const valid = dated.find((e) => e.expiresOn > today);
    if (!valid) {
      return { service: id, rto, answer: "unproven", reason: dated.length ? "expired" : "never-drilled", evidence: dated[0] ?? null };
    }
    const within = valid.minutes !== null && (rto === null || valid.minutes <= rto);
    return { service: id, rto, answer: within ? "yes" : "no", reason: null, evidence: valid };
  });
}
