/**
 * What the simulated years say: expected annual loss, percentiles, the loss exceedance curve,
 * contributions by risk and by service, insurance recoveries, retained loss, cost of risk with
 * and without each policy, and the risk appetite check. Percentiles are Hyndman–Fan type 7
 * (linear interpolation between order statistics, as numpy and Excel's PERCENTILE.INC).
 *
 * Order statistics come from a selection, not a full sort: one pass buckets the values by the top
 * 14 to 20 bits of their IEEE-754 pattern, then only the buckets holding a wanted rank are sorted. A
 * million years cost two linear passes.
 */
import type { PreparedRisks, YearResults } from "./monte-carlo.js";

// ---- order statistics ------------------------------------------------------------------------

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const SELECT_MIN = 20000;

/** A copy of `values` sorted ascending. */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** The value at each 0-based rank of `values` (as if sorted ascending). Ranks must be within [0, n). */
export function orderStatistics(values: Float64Array, ranks: readonly number[]): number[] {
  return select(values, ranks);
}

let scratchCounts: Uint32Array | undefined;
let scratchSlot: Int32Array | undefined;

/** Moments gathered during the same passes as the order statistics. */
interface Moments {
  sum: number;
  /** values above 0 */
  positive: number;
  /** Σ (x − mean)² */
  squares: number;
}

function moments(values: Float64Array): Moments {
  let sum = 0;
  let positive = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    if (v > 0) positive++;
  }
  const m = values.length ? sum / values.length : 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - m;
    squares += d * d;
  }
  return { sum, positive, squares };
}

/**
 * Order statistics by bucket selection; with `out`, the moments too, in the same two passes
 * (pass 1: sum, count above 0, bucket counts; pass 2: squared deviations, gathering the buckets
 * that hold a wanted rank).
 */
function select(values: Float64Array, ranks: readonly number[], out?: Moments): number[] {
  const n = values.length;
  if (n < SELECT_MIN || !LITTLE_ENDIAN) {
    if (out) Object.assign(out, moments(values));
    const s = sortedCopy(values);
    return ranks.map((r) => s[r]);
  }
  // key: the high word with the sign trick (negatives inverted, positives with the sign bit set) orders like the value
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // about two buckets per value, at most 2^20 (sign, exponent and 8 to 11 bits of mantissa)
  const bits = Math.min(20, Math.max(14, Math.ceil(Math.log2(n)) + 1));
  const B = 1 << bits;
  const SHIFT = 32 - bits;
  const MASK = B - 1;
  // scratch kept between calls: big typed arrays are costly to allocate and collect
  if (!scratchCounts || scratchCounts.length !== B) {
    scratchCounts = new Uint32Array(B);
    scratchSlot = new Int32Array(B);
  } else scratchCounts.fill(0);
  const counts = scratchCounts;
  let sum = 0;
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v > 0) positive++;
    const hi = words[2 * i + 1];
    counts[((hi & 0x80000000 ? ~hi : hi | 0x80000000) >>> SHIFT) & MASK]++;
  }
  // which bucket each rank falls in
  const order = ranks.map((r, k) => [r, k] as const).sort((a, b) => a[0] - b[0]);
  const bucketOf = new Int32Array(ranks.length);
  const startOf = new Float64Array(ranks.length); // rank of the bucket's first element
  let b = 0;
  let before = 0;
  for (const [r, k] of order) {
    while (b < B && before + counts[b] <= r) before += counts[b++];
    bucketOf[k] = b;
    startOf[k] = before;
  }
  // gather the needed buckets
  const slot = scratchSlot!.fill(-1);
  const needed: number[] = [];
  for (let k = 0; k < ranks.length; k++) {
    if (slot[bucketOf[k]] < 0) {
      slot[bucketOf[k]] = needed.length;
      needed.push(bucketOf[k]);
    }
  }
  const offset = new Int32Array(needed.length + 1);
  for (let j = 0; j < needed.length; j++) offset[j + 1] = offset[j] + counts[needed[j]];
  const fill = offset.slice(0, needed.length);
  const gathered = new Float64Array(offset[needed.length]);
  const m = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const d = v - m;
    squares += d * d;
    const hi = words[2 * i + 1];
    const s = slot[((hi & 0x80000000 ? ~hi : hi | 0x80000000) >>> SHIFT) & MASK];
    if (s >= 0) gathered[fill[s]++] = v;
  }
  if (out) {
    out.sum = sum;
    out.positive = positive;
    out.squares = squares;
  }
  for (let j = 0; j < needed.length; j++) {
    const part = gathered.subarray(offset[j], offset[j + 1]);
    let lo = part[0];
    let hi = part[0];
    for (let i = 1; i < part.length; i++) {
      const x = part[i];
      if (x < lo) lo = x;
      else if (x > hi) hi = x;
    }
    if (lo !== hi) part.sort();
  }
  return ranks.map((r, k) => gathered[offset[slot[bucketOf[k]]] + (r - startOf[k])]);
}

/** Type 7 quantiles of `values` at each probability in [0, 1]. */
export function quantiles(values: Float64Array, probabilities: readonly number[]): number[] {
  return quantilesAndMoments(values, probabilities);
}

function quantilesAndMoments(values: Float64Array, probabilities: readonly number[], out?: Moments): number[] {
  const n = values.length;
  if (n === 0) return probabilities.map(() => NaN);
  const ranks = new Set<number>();
  const pos = probabilities.map((p) => {
    const h = (n - 1) * Math.min(1, Math.max(0, p));
    const lo = Math.floor(h);
    ranks.add(lo);
    if (lo + 1 < n) ranks.add(lo + 1);
    return { lo, frac: h - lo };
  });
  const list = [...ranks];
  const stats = select(values, list, out);
  const at = new Map(list.map((r, k) => [r, stats[k]]));
  return pos.map(({ lo, frac }) => {
    const a = at.get(lo)!;
    if (frac === 0 || lo + 1 >= n) return a;
    const b = at.get(lo + 1)!;
    return a + frac * (b - a);
  });
}

export function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

function fractionAbove(values: Float64Array, x: number): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > x) c++;
  return values.length ? c / values.length : 0;
}

// ---- statistics ------------------------------------------------------------------------------

/** Percentile levels reported for every distribution. */
export const PERCENTILES = [0.5, 0.9, 0.95, 0.99, 0.999] as const;
/** "1 in N years" losses reported (those the simulated years can support). */
export const RETURN_PERIODS = [2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 10000] as const;

export interface Distribution {
  expected: number;
  standardDeviation: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** probability that a year has any loss */
  probabilityOfLoss: number;
}

export interface ExceedancePoint {
  /** probability that a year's loss exceeds `loss` */
  probability: number;
  /** 1 / probability: "a 1-in-N year" */
  returnPeriod: number;
  loss: number;
  /** the same after insurance (equal to loss without policies) */
  retainedLoss: number;
}

export interface RiskContribution {
  id: string;
  name?: string;
  threat: string;
  frequency: number;
  occurrences: number;
  occurrencesPerYear: number;
  expectedAnnualLoss: number;
  /** share of the expected annual loss */
  share: number;
  meanLossPerOccurrence: number;
  /** mean loss of this risk in the worst years (at or above the 1-in-100 loss) */
  tailLoss: number;
  /** its share of the loss in those years */
  tailShare: number;
  /** occurrences that left an outage still open at the horizon (their loss is counted until then) */
  unrecovered: number;
}

export interface ServiceContribution {
  id: string;
  name?: string;
  kind?: string;
  expectedAnnualLoss: number;
  share: number;
}

export interface PolicyResult {
  id: string;
  name?: string;
  premium: number;
  expectedRecovery: number;
  /** expected recovery / premium */
  lossRatio: number | null;
  /** probability that it pays something in a year */
  probabilityOfClaim: number;
  recovery: { p90: number; p99: number; max: number };
  limitHits: number;
  /** probability that its annual aggregate runs out in a year */
  probabilityAggregateExhausted: number;
  /** expected cost of risk (retained + all premiums) without this policy */
  costOfRiskWithout: number;
  /** 1-in-100 cost of risk without this policy */
  costOfRiskP99Without: number;
  /** how much this policy lowers the expected cost of risk (negative: it costs more than it pays back on average) */
  expectedSaving: number;
  /** how much it lowers the 1-in-100 cost of risk */
  p99Saving: number;
}

export interface AppetiteResult {
  id: string;
  name?: string;
  statement: string;
  maxLoss: number;
  probability: number;
  basis: "retained" | "gross";
  /** simulated probability that a year's loss exceeds maxLoss */
  probabilityOfExceeding: number;
  /** the loss exceeded with the stated probability */
  lossAtProbability: number;
  within: boolean;
  /** enough simulated years (at least 10 expected exceedances at the stated probability) */
  reliable: boolean;
}

export interface RiskStatistics {
  years: number;
  seed: number;
  currency: string;
  occurrences: number;
  annualLoss: Distribution;
  returnPeriods: Array<{ years: number; loss: number; retainedLoss: number }>;
  exceedanceCurve: ExceedancePoint[];
  risks: RiskContribution[];
  services: ServiceContribution[];
  /** expected annual loss that is not a service outage (direct-loss risks) */
  directLoss: { expectedAnnualLoss: number; share: number };
  insurance: {
    premiums: number;
    expectedRecoveries: number;
    policies: PolicyResult[];
  };
  retainedLoss: Distribution;
  costOfRisk: {
    /** retained loss + all premiums */
    withInsurance: { expected: number; p99: number };
    /** the gross loss */
    withoutInsurance: { expected: number; p99: number };
    withoutPolicy: Record<string, { expected: number; p99: number }>;
  };
  appetite: AppetiteResult[];
  simulation: {
    /** occurrences whose outages were still open at the horizon (counted until then) */
    unrecoveredOccurrences: number;
    recoveryAllowanceMinutes: number;
  };
}

function distribution(values: Float64Array, extra: readonly number[] = []): { d: Distribution; q: number[]; sum: number } {
  const n = values.length;
  const mo: Moments = { sum: 0, positive: 0, squares: 0 };
  const q = n ? quantilesAndMoments(values, [...PERCENTILES, 1, ...extra], mo) : [...PERCENTILES, 1, ...extra].map(() => NaN);
  return {
    d: {
      expected: n ? mo.sum / n : 0,
      standardDeviation: n > 1 ? Math.sqrt(mo.squares / (n - 1)) : 0,
      median: q[0],
      p90: q[1],
      p95: q[2],
      p99: q[3],
      p999: q[4],
      max: q[5],
      probabilityOfLoss: n ? mo.positive / n : 0,
    },
    q: q.slice(6),
    sum: mo.sum,
  };
}

/** Exceedance probabilities of the curve: 10 per decade, from 1 down to 1 / years. */
export function curveProbabilities(years: number): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const p = Math.pow(10, -k / 10);
    if (p * years < 1 - 1e-9) break;
    out.push(p);
  }
  return out;
}

export function riskStatistics(results: YearResults, prep: PreparedRisks): RiskStatistics {
  const N = results.to - results.from;
  const rm = prep.riskModel;
  const gross = results.gross;
  const retained = results.retained ?? gross;
  const P = prep.P;

  const curveP = curveProbabilities(N);
  const periods = RETURN_PERIODS.filter((T) => T <= N);
  const extra = [...curveP.map((p) => 1 - p), ...periods.map((T) => 1 - 1 / T)];
  const g = distribution(gross, extra);
  const r = results.retained ? distribution(retained, extra) : g;
  const C = curveP.length;
  const exceedanceCurve: ExceedancePoint[] = curveP.map((p, k) => ({ probability: p, returnPeriod: 1 / p, loss: g.q[k], retainedLoss: r.q[k] }));
  const returnPeriods = periods.map((T, k) => ({ years: T, loss: g.q[C + k], retainedLoss: r.q[C + k] }));
  const eal = g.d.expected;
  const share = (x: number) => (eal > 0 ? x / eal : 0);

  // risks, with the worst years (at or above the 1-in-100 loss) for the tail shares
  const threshold = g.d.p99;
  let tailTotal = 0;
  let tailYears = 0;
  const minTail = threshold > 0 ? threshold : Number.MIN_VALUE; // a tail year has a loss
  for (let i = 0; i < N; i++) {
    if (gross[i] >= minTail) {
      tailTotal += gross[i];
      tailYears++;
    }
  }
  const risks: RiskContribution[] = rm.risks.map((risk, k) => {
    const losses = results.riskLoss[k];
    let total = 0;
    let inTail = 0;
    if (losses === gross) {
      // the only risk: its figures are the year's
      total = g.sum;
      inTail = tailTotal;
    } else {
      for (let i = 0; i < N; i++) {
        total += losses[i];
        if (gross[i] >= minTail) inTail += losses[i];
      }
    }
    const occurrences = results.riskOccurrences[k];
    return {
      id: risk.id,
      name: risk.name,
      threat: risk.threat,
      frequency: risk.frequency,
      occurrences,
      occurrencesPerYear: occurrences / N,
      expectedAnnualLoss: total / N,
      share: share(total / N),
      meanLossPerOccurrence: occurrences ? total / occurrences : 0,
      tailLoss: tailYears ? inTail / tailYears : 0,
      tailShare: tailTotal > 0 ? inTail / tailTotal : 0,
      unrecovered: results.riskUnrecovered[k],
    };
  });

  // services, from the block sums (in block order: the same whatever the split)
  const W = results.blockWidth;
  const rows = results.blocks.length / W;
  const columns = new Float64Array(W);
  for (let b = 0; b < rows; b++) for (let c = 0; c < W; c++) columns[c] += results.blocks[b * W + c];
  const services: ServiceContribution[] = prep.serviceIds.map((id, s) => ({
    id,
    name: prep.serviceNames[s],
    kind: prep.serviceKinds[s],
    expectedAnnualLoss: columns[s] / N,
    share: share(columns[s] / N),
  }));
  const directLoss = { expectedAnnualLoss: columns[W - 1] / N, share: share(columns[W - 1] / N) };

  // insurance
  const premiums = rm.policies.reduce((s, p) => s + p.premium, 0);
  const costWith = { expected: r.d.expected + premiums, p99: r.d.p99 + premiums };
  const policies: PolicyResult[] = [];
  const withoutPolicy: Record<string, { expected: number; p99: number }> = {};
  let expectedRecoveries = 0;
  for (let q = 0; q < P; q++) {
    const policy = rm.policies[q];
    const rec = results.recovered[q];
    const expectedRecovery = mean(rec);
    expectedRecoveries += expectedRecovery;
    const [rp90, rp99, rmax] = quantiles(rec, [0.9, 0.99, 1]);
    const without = results.retainedWithout[q];
    const wm = mean(without);
    const [wp99] = quantiles(without, [0.99]);
    const other = premiums - policy.premium;
    const cost = { expected: wm + other, p99: wp99 + other };
    withoutPolicy[policy.id] = cost;
    policies.push({
      id: policy.id,
      name: policy.name,
      premium: policy.premium,
      expectedRecovery,
      lossRatio: policy.premium > 0 ? expectedRecovery / policy.premium : null,
      probabilityOfClaim: fractionAbove(rec, 0),
      recovery: { p90: rp90, p99: rp99, max: rmax },
      limitHits: results.limitHits[q],
      probabilityAggregateExhausted: results.aggregateExhausted[q] / N,
      costOfRiskWithout: cost.expected,
      costOfRiskP99Without: cost.p99,
      expectedSaving: cost.expected - costWith.expected,
      p99Saving: cost.p99 - costWith.p99,
    });
  }

  const appetite: AppetiteResult[] = rm.appetite.map((a) => {
    const values = a.basis === "gross" ? gross : retained;
    const probabilityOfExceeding = fractionAbove(values, a.maxLoss);
    const [lossAtProbability] = quantiles(values, [1 - a.probability]);
    return {
      id: a.id,
      name: a.name,
      statement: `at most ${a.maxLoss} ${rm.currency} ${a.basis === "gross" ? "lost" : "lost after insurance"} with probability ${formatProbability(a.probability)} in a year`,
      maxLoss: a.maxLoss,
      probability: a.probability,
      basis: a.basis,
      probabilityOfExceeding,
      lossAtProbability,
      within: probabilityOfExceeding <= a.probability,
      reliable: a.probability * N >= 10,
    };
  });

  return {
    years: N,
    seed: results.seed,
    currency: rm.currency,
    occurrences: results.occurrences,
    annualLoss: g.d,
    returnPeriods,
    exceedanceCurve,
    risks,
    services,
    directLoss,
    insurance: { premiums, expectedRecoveries, policies },
    retainedLoss: r.d,
    costOfRisk: {
      withInsurance: costWith,
      withoutInsurance: { expected: g.d.expected, p99: g.d.p99 },
      withoutPolicy,
    },
    appetite,
    simulation: { unrecoveredOccurrences: results.unrecovered, recoveryAllowanceMinutes: prep.recoveryAllowance },
  };
}

/** 0.01 → "1%", 0.001 → "0.1%". */
export function formatProbability(p: number): string {
  const pct = p * 100;
  return `${Number(pct.toPrecision(3))}%`;
}
