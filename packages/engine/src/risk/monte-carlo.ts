/**
 * Monte Carlo simulation of years of risk (docs/risk-model.md).
 *
 * Each simulated year draws, for every risk, a Poisson number of occurrences. An occurrence of an
 * outage risk is its own scenario played through the engine: its targets are broken from time 0
 * for the drawn duration, with a horizon of that duration plus a recovery allowance (30 days by
 * default), and it costs the run's total loss. A direct-loss risk costs its drawn loss. The year's
 * loss is the sum. Insurance applies per occurrence, then per year (the aggregate).
 *
 * Risk r draws from its own random stream per block of YEAR_BLOCK years (seed, risk id, block),
 * year after year; a slice that starts inside a block first replays the draws of the block's
 * earlier years (without the engine). So year y's draws never depend on how years are split
 * across threads, and `mergeYearResults` puts slices back together. Results are kept per year
 * in typed arrays (no per-year objects).
 */
import { compileImpact, lossBetween, outageLoss, type ImpactCurve } from "../compile/impact.js";
import type { CompiledModel } from "../compile/compiled-model.js";
import { Simulator, type Failure } from "../simulation/simulator.js";
import { beta, normal, PoissonSampler } from "./distributions.js";
import { Random, streamKey, validSeed, type StreamKey } from "./random.js";
import type { DurationDistribution, LossDistribution, RiskModel } from "./read-risks.js";

/** Sums that are not kept per year are kept per block of this many years (see YearResults.blocks). */
export const YEAR_BLOCK = 1000;

/** After the drawn duration, how long an occurrence's scenario keeps playing (minutes): 30 days. */
export const DEFAULT_RECOVERY_ALLOWANCE = 30 * 1440;

const DUR_NONE = 0;
const DUR_FIXED = 1;
const DUR_LOGNORMAL = 2;
const DUR_PERT = 3;
const LOSS_NONE = 0;
const LOSS_FIXED = 1;
const LOSS_LOGNORMAL = 2;

export interface RiskSimulationOptions {
  /** minutes an occurrence keeps playing after its targets are repaired (default 30 days) */
  recoveryAllowance?: number;
  /** reuse the engine's answer for a (targets, duration) already played (exact; default true) */
  memoize?: boolean;
  /** entries kept per target set (default 4096) */
  memoLimit?: number;
}

/** What one occurrence of an outage cost, as the engine played it. */
interface Outcome {
  loss: number;
  /** impacted-component slots and their losses */
  slots: Int32Array;
  slotLoss: Float64Array;
  /** loss accrued after each distinct waiting period of the risk's policies */
  eligible: Float64Array;
  /** an outage was still open at the horizon */
  open: boolean;
}

interface PreparedRisk {
  id: string;
  poisson: PoissonSampler;
  /** the component sets one occurrence may break: one set for `strikes`, one per id for `strikesOneOf` */
  targets: Int32Array[];
  durKind: number;
  d0: number; // fixed minutes | mu | min
  d1: number; // sigma | max - min
  d2: number; // pert alpha
  d3: number; // pert beta
  lossKind: number;
  l0: number; // fixed amount | mu
  l1: number; // sigma
  /** covering policies, in policy order */
  policies: Int32Array;
  /** for each covering policy, its slot in `waits` */
  waitSlot: Int32Array;
  waits: Float64Array;
  memo: Array<Map<number, Outcome>>;
}

/** A risk model laid out for simulation against a compiled model. Build once per thread. */
export class PreparedRisks {
  readonly risks: PreparedRisk[];
  readonly P: number;
  readonly deductible: Float64Array;
  readonly limit: Float64Array;
  readonly aggregate: Float64Array;
  readonly premium: Float64Array;
  /** components with an impact (usually the business services), by slot */
  readonly serviceComponents: Int32Array;
  readonly serviceIds: string[];
  readonly serviceNames: Array<string | undefined>;
  readonly serviceKinds: Array<string | undefined>;
  readonly slotOf: Int32Array;
  readonly curves: ImpactCurve[];
  readonly recoveryAllowance: number;
  readonly memoize: boolean;
  readonly memoLimit: number;
  readonly hasOutages: boolean;

  constructor(
    readonly cm: CompiledModel,
    readonly riskModel: RiskModel,
    options: RiskSimulationOptions = {},
  ) {
    this.recoveryAllowance = options.recoveryAllowance ?? DEFAULT_RECOVERY_ALLOWANCE;
    this.memoize = options.memoize !== false;
    this.memoLimit = options.memoLimit ?? 4096;
    const policies = riskModel.policies;
    this.P = policies.length;
    this.deductible = Float64Array.from(policies.map((p) => p.deductible));
    this.limit = Float64Array.from(policies.map((p) => p.limit));
    this.aggregate = Float64Array.from(policies.map((p) => p.aggregate));
    this.premium = Float64Array.from(policies.map((p) => p.premium));

    const slotOf = new Int32Array(cm.n).fill(-1);
    const services: number[] = [];
    for (let i = 0; i < cm.n; i++) {
      if (cm.hasImpact[i]) {
        slotOf[i] = services.length;
        services.push(i);
      }
    }
    this.slotOf = slotOf;
    this.serviceComponents = Int32Array.from(services);
    this.serviceIds = services.map((i) => cm.ids[i]);
    this.serviceNames = services.map((i) => cm.model.components[i].name);
    this.serviceKinds = services.map((i) => cm.model.components[i].kind);
    this.curves = services.map((i) => compileImpact(cm.model.components[i].impact));

    this.risks = riskModel.risks.map((risk) => {
      const covering: number[] = [];
      policies.forEach((p, j) => {
        if (!p.covers || p.covers.includes(risk.id)) covering.push(j);
      });
      const waits: number[] = [];
      const waitSlot = covering.map((j) => {
        const w = policies[j].waitingPeriod;
        let k = waits.indexOf(w);
        if (k < 0) {
          k = waits.length;
          waits.push(w);
        }
        return k;
      });
      const index = (id: string) => {
        const i = cm.index.get(id);
        if (i === undefined) throw new Error(`risk ${risk.id} strikes unknown component ${id}`);
        return i;
      };
      const targets = risk.strikes ? [Int32Array.from(risk.strikes.map(index))] : risk.strikesOneOf ? risk.strikesOneOf.map((id) => Int32Array.of(index(id))) : [];
      const dur = durationParams(risk.duration);
      const loss = lossParams(risk.loss);
      return {
        id: risk.id,
        poisson: new PoissonSampler(risk.frequency),
        targets,
        durKind: dur[0],
        d0: dur[1],
        d1: dur[2],
        d2: dur[3],
        d3: dur[4],
        lossKind: loss[0],
        l0: loss[1],
        l1: loss[2],
        policies: Int32Array.from(covering),
        waitSlot: Int32Array.from(waitSlot),
        waits: Float64Array.from(waits),
        memo: targets.map(() => new Map<number, Outcome>()),
      };
    });
    this.hasOutages = this.risks.some((r) => r.targets.length > 0);
  }
}

function durationParams(d: DurationDistribution | undefined): [number, number, number, number, number] {
  if (!d) return [DUR_NONE, 0, 0, 0, 0];
  switch (d.kind) {
    case "fixed":
      return [DUR_FIXED, d.minutes, 0, 0, 0];
    case "lognormal":
      return [DUR_LOGNORMAL, d.mu, d.sigma, 0, 0];
    case "pert":
      return [DUR_PERT, d.min, d.max - d.min, d.alpha, d.beta];
  }
}

function lossParams(l: LossDistribution | undefined): [number, number, number] {
  if (!l) return [LOSS_NONE, 0, 0];
  return l.kind === "fixed" ? [LOSS_FIXED, l.amount, 0] : [LOSS_LOGNORMAL, l.mu, l.sigma];
}

/** The results of simulating years [from, to): per-year arrays indexed by year − from. */
export interface YearResults {
  seed: number;
  from: number;
  to: number;
  /** the year loss, before insurance (the same array as riskLoss[0] when there is one risk) */
  gross: Float64Array;
  /** the year loss after every policy's recoveries (undefined when the model has no insurance: = gross) */
  retained?: Float64Array;
  /** per risk: its loss in each year */
  riskLoss: Float64Array[];
  /** per risk: occurrences drawn in these years */
  riskOccurrences: number[];
  /** per policy: what it paid in each year (with every policy in force) */
  recovered: Float64Array[];
  /** per policy: the year loss retained with every policy but that one */
  retainedWithout: Float64Array[];
  /** per policy: occurrences whose claim the per-occurrence limit cut */
  limitHits: number[];
  /** per policy: years in which its annual aggregate ran out */
  aggregateExhausted: number[];
  /** block sums: row b (year block `blockFirst + b`) holds the loss of each impacted component, then direct losses */
  blockFirst: number;
  blockWidth: number;
  blocks: Float64Array;
  occurrences: number;
  /** occurrences that left an outage open at the horizon (counted until then) */
  unrecovered: number;
  /** the same per risk */
  riskUnrecovered: number[];
  /** engine runs and memo hits (differ with the thread count; not part of the statistics) */
  engineRuns: number;
  memoHits: number;
}

export interface SimulateYearsOptions {
  seed: number;
  from: number;
  to: number;
  /** reuse one simulator across calls (it resets cheaply) */
  simulator?: Simulator;
  /** called every `progressEvery` years with the number of years done in this call */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

/** Simulates years [from, to) of the prepared risks. */
export function simulateYears(prep: PreparedRisks, options: SimulateYearsOptions): YearResults {
  const { seed, from, to } = options;
  if (!validSeed(seed)) throw new RangeError(`seed must be a whole number from 0 to 2^53-1, got ${seed}`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from && to <= 4294967296)) throw new RangeError(`bad year range [${from}, ${to})`);
  const N = to - from;
  const R = prep.risks.length;
  const P = prep.P;
  const S = prep.serviceComponents.length;
  const W = S + 1; // block row width: services, then direct losses
  const blockFirst = Math.floor(from / YEAR_BLOCK);
  const nBlocks = N === 0 ? 0 : Math.floor((to - 1) / YEAR_BLOCK) - blockFirst + 1;
  const V = P ? P + 1 : 0; // insurance variants: every policy, then every policy but q

  const ctx: Context = {
    prep,
    rngs: prep.risks.map(() => new Random()),
    draw: new Float64Array(3),
    sim: prep.hasOutages ? (options.simulator ?? new Simulator(prep.cm)) : undefined,
    scratch: new Float64Array(S),
    blocks: new Float64Array(nBlocks * W),
    blockFirst,
    W,
    S,
    aggUsed: new Float64Array(V * P),
    yearRec: new Float64Array(V),
    recV: Array.from({ length: V }, () => new Float64Array(N)),
    recovered: Array.from({ length: P }, () => new Float64Array(N)),
    limitHits: new Array<number>(P).fill(0),
    aggregateExhausted: new Array<number>(P).fill(0),
    exhausted: new Uint8Array(P),
    riskLoss: prep.risks.map(() => new Float64Array(N)),
    riskOccurrences: new Array<number>(R).fill(0),
    riskUnrecovered: new Array<number>(R).fill(0),
    unrecovered: 0,
    engineRuns: 0,
    memoHits: 0,
  };
  const keys = prep.risks.map((r) => streamKey(seed, r.id));
  const progressEvery = options.progressEvery ?? 1000;
  const onProgress = options.onProgress;

  // Risks that only cost a direct loss and that no policy covers are independent columns: one
  // tight loop each. The others are played year by year (insurance couples them within a year).
  const simple: number[] = [];
  const general: number[] = [];
  prep.risks.forEach((r, k) => (r.durKind === DUR_NONE && r.policies.length === 0 ? simple : general).push(k));
  const work = simple.length + (general.length ? 1 : 0);
  let done = 0;
  const report = (fraction: number) => onProgress?.(Math.min(N, Math.floor(((done + fraction) / Math.max(1, work)) * N)));

  for (const r of simple) {
    directColumn(ctx, r, keys[r], from, to);
    done++;
    report(0);
  }
  if (general.length) {
    for (let y = from; y < to; y++) {
      if (y === from || y % YEAR_BLOCK === 0) for (const r of general) startStream(ctx, r, keys[r], y);
      playYear(ctx, general, y, y - from);
      if (onProgress && (y - from + 1) % progressEvery === 0) report((y - from + 1) / N);
    }
    done++;
  }

  // the year totals, adding risks in model order
  let gross: Float64Array;
  if (R === 1) gross = ctx.riskLoss[0]; // the same numbers: share the array
  else {
    gross = new Float64Array(N);
    for (let r = 0; r < R; r++) {
      const losses = ctx.riskLoss[r];
      for (let i = 0; i < N; i++) gross[i] += losses[i];
    }
  }
  let retained: Float64Array | undefined;
  const retainedWithout: Float64Array[] = [];
  if (V) {
    const net = (rec: Float64Array) => {
      const out = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const x = gross[i] - rec[i];
        out[i] = x > 0 ? x : 0;
      }
      return out;
    };
    retained = net(ctx.recV[0]);
    for (let q = 0; q < P; q++) retainedWithout.push(net(ctx.recV[1 + q]));
  }
  let occurrences = 0;
  for (const n of ctx.riskOccurrences) occurrences += n;
  if (onProgress) onProgress(N);

  return {
    seed,
    from,
    to,
    gross,
    retained,
    riskLoss: ctx.riskLoss,
    riskOccurrences: ctx.riskOccurrences,
    recovered: ctx.recovered,
    retainedWithout,
    limitHits: ctx.limitHits,
    aggregateExhausted: ctx.aggregateExhausted,
    blockFirst,
    blockWidth: W,
    blocks: ctx.blocks,
    occurrences,
    unrecovered: ctx.unrecovered,
    riskUnrecovered: ctx.riskUnrecovered,
    engineRuns: ctx.engineRuns,
    memoHits: ctx.memoHits,
  };
}

interface Context {
  prep: PreparedRisks;
  /** one generator per risk, on the stream of the current block of years */
  rngs: Random[];
  /** the draws of one occurrence: target set, minutes, direct loss */
  draw: Float64Array;
  sim?: Simulator;
  scratch: Float64Array;
  blocks: Float64Array;
  blockFirst: number;
  W: number;
  S: number;
  aggUsed: Float64Array;
  yearRec: Float64Array;
  /** per insurance variant, the recoveries of each year */
  recV: Float64Array[];
  recovered: Float64Array[];
  limitHits: number[];
  aggregateExhausted: number[];
  /** this year, the aggregate of policy p ran out (every policy in force) */
  exhausted: Uint8Array;
  riskLoss: Float64Array[];
  riskOccurrences: number[];
  riskUnrecovered: number[];
  unrecovered: number;
  engineRuns: number;
  memoHits: number;
}

/** A direct-loss risk no policy covers: its loss in every year, in one loop. */
function directColumn(ctx: Context, r: number, key: StreamKey, from: number, to: number) {
  const risk = ctx.prep.risks[r];
  const rng = ctx.rngs[r];
  const poisson = risk.poisson;
  const out = ctx.riskLoss[r];
  const blocks = ctx.blocks;
  const W = ctx.W;
  const direct = ctx.S;
  const fixed = risk.lossKind === LOSS_FIXED;
  const amount = risk.l0;
  const mu = risk.l0;
  const sigma = risk.l1;
  let occurrences = 0;
  let y = from;
  while (y < to) {
    // one block of years at a time
    const blockEnd = Math.min(to, (Math.floor(y / YEAR_BLOCK) + 1) * YEAR_BLOCK);
    const row = (Math.floor(y / YEAR_BLOCK) - ctx.blockFirst) * W + direct;
    startStream(ctx, r, key, y);
    let blockSum = 0;
    for (; y < blockEnd; y++) {
      const n = poisson.sample(rng);
      if (n === 0) continue;
      occurrences += n;
      let loss = 0;
      if (fixed) loss = amount * n;
      else for (let o = 0; o < n; o++) loss += Math.exp(mu + sigma * normal(rng));
      out[y - from] = loss;
      blockSum += loss;
    }
    blocks[row] += blockSum;
  }
  ctx.riskOccurrences[r] += occurrences;
}

/** One year of the risks that need the engine or insurance. */
function playYear(ctx: Context, list: number[], y: number, i: number) {
  const prep = ctx.prep;
  const draw = ctx.draw;
  const P = prep.P;
  const V = ctx.yearRec.length;
  const { deductible, limit, aggregate } = prep;
  const aggUsed = ctx.aggUsed;
  const yearRec = ctx.yearRec;
  const blocks = ctx.blocks;
  const row = (Math.floor(y / YEAR_BLOCK) - ctx.blockFirst) * ctx.W;
  const S = ctx.S;
  if (V) {
    aggUsed.fill(0);
    yearRec.fill(0);
  }
  for (const r of list) {
    const risk = prep.risks[r];
    const rng = ctx.rngs[r];
    const n = risk.poisson.sample(rng);
    if (n === 0) continue;
    ctx.riskOccurrences[r] += n;
    let riskYear = 0;
    for (let o = 0; o < n; o++) {
      drawOccurrence(risk, rng, draw);
      let outcome: Outcome | undefined;
      if (risk.durKind !== DUR_NONE) {
        const minutes = draw[1];
        if (minutes > 0) {
          outcome = play(ctx, risk, draw[0], minutes);
          if (outcome.open) {
            ctx.unrecovered++;
            ctx.riskUnrecovered[r]++;
          }
        }
      }
      const direct = draw[2];
      let loss = direct;
      if (outcome) {
        loss += outcome.loss;
        const { slots, slotLoss } = outcome;
        for (let k = 0; k < slots.length; k++) blocks[row + slots[k]] += slotLoss[k];
      }
      if (direct !== 0) blocks[row + S] += direct;
      riskYear += loss;

      // insurance, per occurrence, for each variant of the policy set
      const pols = risk.policies;
      if (V && pols.length && loss > 0) {
        for (let v = 0; v < V; v++) {
          const excluded = v - 1;
          let remaining = loss;
          for (let j = 0; j < pols.length && remaining > 0; j++) {
            const p = pols[j];
            if (p === excluded) continue;
            const eligible = (outcome ? outcome.eligible[risk.waitSlot[j]] : 0) + direct;
            let claim = eligible - deductible[p];
            if (!(claim > 0)) continue;
            if (claim > limit[p]) {
              claim = limit[p];
              if (v === 0) ctx.limitHits[p]++;
            }
            const left = aggregate[p] - aggUsed[v * P + p];
            if (claim >= left) {
              claim = left;
              if (v === 0) ctx.exhausted[p] = 1;
            }
            if (claim > remaining) claim = remaining;
            if (!(claim > 0)) continue;
            aggUsed[v * P + p] += claim;
            remaining -= claim;
            yearRec[v] += claim;
            if (v === 0) ctx.recovered[p][i] += claim;
          }
        }
      }
    }
    ctx.riskLoss[r][i] = riskYear;
  }
  for (let v = 0; v < V; v++) ctx.recV[v][i] = yearRec[v];
  for (let q = 0; q < P; q++) {
    if (ctx.exhausted[q]) ctx.aggregateExhausted[q]++;
    ctx.exhausted[q] = 0;
  }
}

/**
 * Puts risk r's generator on the stream of year y's block, then draws (and drops) the years of
 * that block before y: the years a slice starts with are the same whatever the slice.
 */
function startStream(ctx: Context, r: number, key: StreamKey, y: number) {
  const risk = ctx.prep.risks[r];
  const rng = ctx.rngs[r];
  const block = Math.floor(y / YEAR_BLOCK);
  rng.setStream(key, block);
  for (let skip = block * YEAR_BLOCK; skip < y; skip++) {
    const n = risk.poisson.sample(rng);
    for (let o = 0; o < n; o++) drawOccurrence(risk, rng, ctx.draw);
  }
}

/** The draws of one occurrence, always in this order: target choice, duration, direct loss. */
function drawOccurrence(risk: PreparedRisk, rng: Random, out: Float64Array) {
  let set = 0;
  let minutes = 0;
  let direct = 0;
  if (risk.durKind !== DUR_NONE) {
    if (risk.targets.length > 1) set = Math.floor(rng.uniform() * risk.targets.length);
    if (risk.durKind === DUR_FIXED) minutes = risk.d0;
    else if (risk.durKind === DUR_LOGNORMAL) minutes = Math.exp(risk.d0 + risk.d1 * normal(rng));
    else minutes = risk.d0 + risk.d1 * beta(rng, risk.d2, risk.d3);
  }
  if (risk.lossKind === LOSS_FIXED) direct = risk.l0;
  else if (risk.lossKind === LOSS_LOGNORMAL) direct = Math.exp(risk.l0 + risk.l1 * normal(rng));
  out[0] = set;
  out[1] = minutes;
  out[2] = direct;
}

/** One occurrence of an outage risk played through the engine (or found in the memo: exact). */
function play(ctx: Context, risk: PreparedRisk, set: number, minutes: number): Outcome {
  const prep = ctx.prep;
  const memo = prep.memoize ? risk.memo[set] : undefined;
  const known = memo?.get(minutes);
  if (known) {
    ctx.memoHits++;
    return known;
  }
  ctx.engineRuns++;
  const targets = risk.targets[set];
  const failures: Failure[] = new Array(targets.length);
  for (let k = 0; k < targets.length; k++) failures[k] = { component: targets[k], start: 0, end: minutes };
  const horizon = minutes + prep.recoveryAllowance;
  const run = ctx.sim!.run({ horizon, failures, deadlocks: false });
  const waits = risk.waits;
  const eligible = new Float64Array(waits.length);
  const scratch = ctx.scratch;
  const touched: number[] = [];
  let loss = 0;
  let open = false;
  for (let k = 0; k < run.outageCount; k++) {
    const slot = prep.slotOf[run.outageComponent[k]];
    const endRaw = run.outageEnd[k];
    if (Number.isNaN(endRaw)) open = true;
    if (slot < 0) continue;
    const start = run.outageStart[k];
    const length = (Number.isNaN(endRaw) ? horizon : endRaw) - start;
    const curve = prep.curves[slot];
    const l = outageLoss(curve, length);
    if (l === 0) continue;
    loss += l;
    if (scratch[slot] === 0) touched.push(slot);
    scratch[slot] += l;
    for (let w = 0; w < waits.length; w++) {
      const wait = waits[w];
      if (wait <= start) eligible[w] += l;
      else if (wait - start < length) eligible[w] += lossBetween(curve, wait - start, Infinity, length);
    }
  }
  touched.sort((a, b) => a - b);
  const slots = Int32Array.from(touched);
  const slotLoss = new Float64Array(touched.length);
  for (let k = 0; k < touched.length; k++) {
    slotLoss[k] = scratch[touched[k]];
    scratch[touched[k]] = 0;
  }
  const outcome: Outcome = { loss, slots, slotLoss, eligible, open };
  if (memo && memo.size < prep.memoLimit) memo.set(minutes, outcome);
  return outcome;
}

/**
 * The losses of `count` occurrences of one risk, drawn on a stream of their own (seed, "occurrence",
 * risk id) and played through the engine exactly as in `simulateYears`: the distribution of the loss
 * of one occurrence, before insurance (for the risk register's impact, e.g. its mean or p90).
 */
export function occurrenceLosses(prep: PreparedRisks, riskIndex: number, count: number, seed: number, simulator?: Simulator): Float64Array {
  if (!validSeed(seed)) throw new RangeError(`seed must be a whole number from 0 to 2^53-1, got ${seed}`);
  const risk = prep.risks[riskIndex];
  if (!risk) throw new RangeError(`no risk at index ${riskIndex}`);
  const ctx = {
    prep,
    sim: risk.targets.length ? (simulator ?? new Simulator(prep.cm)) : undefined,
    scratch: new Float64Array(prep.serviceComponents.length),
    engineRuns: 0,
    memoHits: 0,
  } as unknown as Context;
  const rng = new Random();
  rng.setStream(streamKey(seed, `occurrence:${risk.id}`), 0);
  const draw = new Float64Array(3);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    drawOccurrence(risk, rng, draw);
    let loss = draw[2];
    if (risk.durKind !== DUR_NONE && draw[1] > 0) loss += play(ctx, risk, draw[0], draw[1]).loss;
    out[k] = loss;
  }
  return out;
}

/**
 * Splits years [0, years) into at most `parts` contiguous slices whose boundaries fall on
 * YEAR_BLOCK multiples, so merged block sums are bit-identical whatever the split.
 */
export function splitYears(years: number, parts: number): Array<{ from: number; to: number }> {
  const blocks = Math.ceil(years / YEAR_BLOCK);
  const n = Math.max(1, Math.min(parts, blocks));
  const out: Array<{ from: number; to: number }> = [];
  for (let k = 0; k < n; k++) {
    const from = Math.min(years, Math.round((blocks * k) / n) * YEAR_BLOCK);
    const to = Math.min(years, Math.round((blocks * (k + 1)) / n) * YEAR_BLOCK);
    if (to > from) out.push({ from, to });
  }
  return out;
}

/** Puts slices of years back together, in year order. Slices must be contiguous. */
export function mergeYearResults(parts: YearResults[]): YearResults {
  if (!parts.length) throw new Error("nothing to merge");
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].from !== sorted[k - 1].to) throw new Error(`year slices are not contiguous: [${sorted[k - 1].from}, ${sorted[k - 1].to}) then [${sorted[k].from}, ${sorted[k].to})`);
    if (sorted[k].seed !== sorted[0].seed) throw new Error("year slices come from different seeds");
  }
  if (sorted.length === 1) return sorted[0];
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const concat = (pick: (p: YearResults) => Float64Array) => {
    const out = new Float64Array(last.to - first.from);
    for (const p of sorted) out.set(pick(p), p.from - first.from);
    return out;
  };
  const R = first.riskLoss.length;
  const P = first.recovered.length;
  const W = first.blockWidth;
  const blockFirst = first.blockFirst;
  const nBlocks = Math.floor((last.to - 1) / YEAR_BLOCK) - blockFirst + 1;
  const blocks = new Float64Array(nBlocks * W);
  for (const p of sorted) {
    const offset = (p.blockFirst - blockFirst) * W;
    for (let k = 0; k < p.blocks.length; k++) blocks[offset + k] += p.blocks[k];
  }
  const sum = (pick: (p: YearResults) => number) => sorted.reduce((s, p) => s + pick(p), 0);
  return {
    seed: first.seed,
    from: first.from,
    to: last.to,
    gross: concat((p) => p.gross),
    retained: first.retained ? concat((p) => p.retained!) : undefined,
    riskLoss: Array.from({ length: R }, (_, r) => concat((p) => p.riskLoss[r])),
    riskOccurrences: Array.from({ length: R }, (_, r) => sum((p) => p.riskOccurrences[r])),
    recovered: Array.from({ length: P }, (_, q) => concat((p) => p.recovered[q])),
    retainedWithout: Array.from({ length: P }, (_, q) => concat((p) => p.retainedWithout[q])),
    limitHits: Array.from({ length: P }, (_, q) => sum((p) => p.limitHits[q])),
    aggregateExhausted: Array.from({ length: P }, (_, q) => sum((p) => p.aggregateExhausted[q])),
    blockFirst,
    blockWidth: W,
    blocks,
    occurrences: sum((p) => p.occurrences),
    unrecovered: sum((p) => p.unrecovered),
    riskUnrecovered: Array.from({ length: R }, (_, r) => sum((p) => p.riskUnrecovered[r])),
    engineRuns: sum((p) => p.engineRuns),
    memoHits: sum((p) => p.memoHits),
  };
}

/** The typed arrays of a result, for a worker's transfer list. */
export function yearResultBuffers(r: YearResults): ArrayBuffer[] {
  const arrays = [r.gross, r.retained, ...r.riskLoss, ...r.recovered, ...r.retainedWithout, r.blocks].filter((a): a is Float64Array => !!a);
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
