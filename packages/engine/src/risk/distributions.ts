/**
 * The distributions risks are written in, and samplers for them.
 *
 * - normal: ziggurat (fast); its quantile function (Wichura's AS 241, relative error about
 *   1e-16) turns the quantiles people write into parameters;
 * - lognormal from two quantiles (p50/p90 for durations, p5/p95 for losses);
 * - PERT (min, mode, max) through a beta drawn from two gammas (Marsaglia–Tsang);
 * - Poisson by inversion for small rates and PTRS (Hörmann) for large ones.
 */
import type { Random } from "./random.js";

// ---- normal ----------------------------------------------------------------------------------

/** The quantile function of the standard normal distribution (AS 241, PPND16). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

/** The standard normal CDF Φ(x), to about 1e-7 (for tests and reports). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes erfcc (Chebyshev), fractional error < 1.2e-7
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

// Ziggurat (Marsaglia and Tsang 2000, in Doornik's ZIGNOR form: 128 layers, a separate layer
// index so value and layer do not share bits). 99% of draws cost one 32-bit draw, a table look-up
// and a multiplication.
const ZIG_C = 128;
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_X = new Float64Array(ZIG_C + 1);
const ZIG_RATIO = new Float64Array(ZIG_C);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[ZIG_C] = 0;
  for (let i = 2; i < ZIG_C; i++) {
    ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1] + f));
    f = Math.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
  }
  for (let i = 0; i < ZIG_C; i++) ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
}
const TWO_POW_MINUS_24 = 5.9604644775390625e-8;

/** A standard normal draw (ziggurat). */
export function normal(rng: Random): number {
  const bits = rng.nextUint32();
  const i = bits & 0x7f;
  // u uniform in (−1, 1) from the upper 25 bits
  const u = ((bits >>> 7) + 0.5) * TWO_POW_MINUS_24 - 1;
  if (Math.abs(u) < ZIG_RATIO[i]) return u * ZIG_X[i];
  return normalEdge(rng, i, u);
}

/** The rare draws outside the rectangles (kept apart so `normal` stays small enough to inline). */
function normalEdge(rng: Random, i: number, u: number): number {
  if (i === 0) {
    // the tail beyond R (Marsaglia 1964)
    let x: number;
    let y: number;
    do {
      x = Math.log(rng.uniform()) / ZIG_R;
      y = Math.log(rng.uniform());
    } while (-2 * y < x * x);
    return u < 0 ? x - ZIG_R : ZIG_R - x;
  }
  const x = u * ZIG_X[i];
  const f0 = Math.exp(-0.5 * (ZIG_X[i] * ZIG_X[i] - x * x));
  const f1 = Math.exp(-0.5 * (ZIG_X[i + 1] * ZIG_X[i + 1] - x * x));
  if (f1 + rng.uniform() * (f0 - f1) < 1) return x;
  return normal(rng);
}

/** A standard normal draw by inversion (one uniform, monotone in it; slower than `normal`). */
export function normalByInversion(rng: Random): number {
  return normalQuantile(rng.uniform());
}

// ---- lognormal -------------------------------------------------------------------------------

export interface Lognormal {
  /** mean of the logarithm */
  mu: number;
  /** standard deviation of the logarithm */
  sigma: number;
}

/** The lognormal whose quantile at probability p1 is q1 and at p2 is q2 (0 < q1 < q2, p1 < p2). */
export function lognormalFromQuantiles(q1: number, p1: number, q2: number, p2: number): Lognormal {
  if (!(q1 > 0 && q2 > q1 && p1 > 0 && p2 > p1 && p2 < 1)) throw new RangeError("lognormal quantiles must satisfy 0 < q1 < q2 and 0 < p1 < p2 < 1");
  const z1 = normalQuantile(p1);
  const z2 = normalQuantile(p2);
  const sigma = (Math.log(q2) - Math.log(q1)) / (z2 - z1);
  const mu = Math.log(q1) - sigma * z1;
  return { mu, sigma };
}

export function lognormalQuantile(d: Lognormal, p: number): number {
  return Math.exp(d.mu + d.sigma * normalQuantile(p));
}

export function lognormalMean(d: Lognormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

export function lognormal(rng: Random, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * normal(rng));
}

// ---- gamma, beta, PERT -----------------------------------------------------------------------

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 through the boost u^(1/shape). */
export function gamma(rng: Random, shape: number): number {
  if (shape < 1) {
    const g = gamma(rng, shape + 1);
    return g * Math.pow(rng.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rng: Random, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

export interface Pert {
  min: number;
  mode: number;
  max: number;
  /** beta shape parameters: α = 1 + 4(mode − min)/(max − min), β = 1 + 4(max − mode)/(max − min) */
  alpha: number;
  beta: number;
}

export function pert(min: number, mode: number, max: number): Pert {
  if (!(min <= mode && mode <= max && min < max)) throw new RangeError("PERT needs min ≤ mode ≤ max and min < max");
  const range = max - min;
  return { min, mode, max, alpha: 1 + (4 * (mode - min)) / range, beta: 1 + (4 * (max - mode)) / range };
}

export function pertMean(p: Pert): number {
  return (p.min + 4 * p.mode + p.max) / 6;
}

export function samplePert(rng: Random, p: Pert): number {
  return p.min + (p.max - p.min) * beta(rng, p.alpha, p.beta);
}

// ---- Poisson ---------------------------------------------------------------------------------

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Threshold above which Poisson draws use PTRS instead of inversion. */
const POISSON_INVERSION_MAX = 12;
const GUIDE = 256;

/** A Poisson sampler with its constants computed once (a risk's frequency does not change). */
export class PoissonSampler {
  /** cumulative probabilities for inversion (small rates), the last one +∞ */
  private readonly cdf: Float64Array;
  /** guide table (Chen and Asau): guide[g] is the smallest k with cdf[k] ≥ g / GUIDE, where the search starts */
  private readonly guide: Int32Array;
  private readonly slam: number;
  private readonly loglam: number;
  private readonly b: number;
  private readonly a: number;
  private readonly invalpha: number;
  private readonly vr: number;

  constructor(readonly lambda: number) {
    if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`Poisson rate must be ≥ 0, got ${lambda}`);
    const cdf: number[] = [];
    if (lambda > 0 && lambda <= POISSON_INVERSION_MAX) {
      let p = Math.exp(-lambda);
      let F = p;
      cdf.push(F);
      for (let k = 1; k < 1000 && (k <= lambda || p > 1e-18); k++) {
        p *= lambda / k;
        F += p;
        cdf.push(F);
      }
    }
    cdf.push(Infinity);
    this.cdf = Float64Array.from(cdf);
    this.guide = new Int32Array(GUIDE);
    for (let g = 0, k = 0; g < GUIDE; g++) {
      while (g / GUIDE > this.cdf[k]) k++;
      this.guide[g] = k;
    }
    this.slam = Math.sqrt(lambda);
    this.loglam = Math.log(lambda);
    this.b = 0.931 + 2.53 * this.slam;
    this.a = -0.059 + 0.02483 * this.b;
    this.invalpha = 1.1239 + 1.1328 / (this.b - 3.4);
    this.vr = 0.9277 - 3.6224 / (this.b - 2);
  }

  sample(rng: Random): number {
    const lambda = this.lambda;
    if (lambda === 0) return 0;
    if (lambda <= POISSON_INVERSION_MAX) {
      // inversion: one uniform per draw; the guide table makes the search a step or two
      const u = rng.uniform();
      const cdf = this.cdf;
      let k = this.guide[(u * GUIDE) | 0];
      while (u > cdf[k]) k++;
      return k;
    }
    // PTRS: transformed rejection with squeeze (Hörmann 1993)
    const { loglam, a, b, invalpha, vr } = this;
    for (;;) {
      const U = rng.uniform() - 0.5;
      const V = rng.uniform();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }
}

export function poisson(rng: Random, lambda: number): number {
  return new PoissonSampler(lambda).sample(rng);
}
