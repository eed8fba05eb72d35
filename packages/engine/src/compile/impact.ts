/**
 * What an outage costs: the integral of the `perHour` rates over the outage plus the one-off
 * costs it reaches. Each category's rates form their own schedule; schedules add up.
 */
import type { ImpactEntry } from "../model/types.js";

export interface ImpactCurve {
  /** segment starts (minutes), ascending, first is 0 */
  readonly at: Float64Array;
  /** total rate per minute from at[k] to at[k+1] */
  readonly perMinute: Float64Array;
  readonly onceAt: Float64Array;
  readonly onceAmount: Float64Array;
}

export const NO_IMPACT: ImpactCurve = { at: new Float64Array([0]), perMinute: new Float64Array([0]), onceAt: new Float64Array(0), onceAmount: new Float64Array(0) };

export function compileImpact(impact: readonly ImpactEntry[]): ImpactCurve {
  if (!impact.length) return NO_IMPACT;
  const byCategory = new Map<string, Array<{ from: number; perHour: number }>>();
  const once: Array<{ from: number; amount: number }> = [];
  for (const e of impact) {
    if (e.perHour !== undefined) {
      const key = e.category ?? "financial";
      const list = byCategory.get(key) ?? [];
      list.push({ from: e.from, perHour: e.perHour });
      byCategory.set(key, list);
    }
    if (e.once !== undefined) once.push({ from: e.from, amount: e.once });
  }
  const points = new Set<number>([0]);
  for (const list of byCategory.values()) for (const r of list) points.add(r.from);
  const at = Float64Array.from([...points].sort((a, b) => a - b));
  const perMinute = new Float64Array(at.length);
  for (const list of byCategory.values()) {
    // entries with the same `from` add up, so the order they are written in never matters
    const rateAt = (t: number) => {
      let from = -1;
      let rate = 0;
      for (const r of list) {
        if (r.from <= t) {
          if (r.from > from) {
            from = r.from;
            rate = r.perHour;
          } else if (r.from === from) rate += r.perHour;
        }
      }
      return rate;
    };
    for (let k = 0; k < at.length; k++) perMinute[k] += rateAt(at[k]) / 60;
  }
  once.sort((a, b) => a.from - b.from);
  return { at, perMinute, onceAt: Float64Array.from(once.map((o) => o.from)), onceAmount: Float64Array.from(once.map((o) => o.amount)) };
}

/** Loss of one outage of `minutes` (the contract's "loss"). */
export function outageLoss(curve: ImpactCurve, minutes: number): number {
  if (!(minutes > 0)) return 0;
  let loss = 0;
  const { at, perMinute } = curve;
  for (let k = 0; k < at.length; k++) {
    const from = at[k];
    if (from >= minutes) break;
    const to = k + 1 < at.length ? Math.min(at[k + 1], minutes) : minutes;
    loss += perMinute[k] * (to - from);
  }
  for (let k = 0; k < curve.onceAt.length; k++) if (curve.onceAt[k] <= minutes) loss += curve.onceAmount[k];
  return loss;
}

/** Loss accrued between minute `a` and minute `b` of an outage (for insurance waiting periods). */
export function lossBetween(curve: ImpactCurve, a: number, b: number, minutes: number): number {
  const end = Math.min(b, minutes);
  if (!(end > a)) return 0;
  let loss = 0;
  const { at, perMinute } = curve;
  for (let k = 0; k < at.length; k++) {
    const from = Math.max(at[k], a);
    const to = k + 1 < at.length ? Math.min(at[k + 1], end) : end;
    if (to > from) loss += perMinute[k] * (to - from);
  }
  for (let k = 0; k < curve.onceAt.length; k++) if (curve.onceAt[k] > a && curve.onceAt[k] <= end) loss += curve.onceAmount[k];
  return loss;
}

