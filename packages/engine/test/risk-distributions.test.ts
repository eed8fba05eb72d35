/**
 * The random numbers and distributions under the risk simulation: streams that depend only on
 * (seed, name, index), and samplers whose quantiles and means match their closed forms.
 */
import { describe, expect, it } from "vitest";
import {
  beta,
  lognormal,
  lognormalFromQuantiles,
  lognormalMean,
  lognormalQuantile,
  normal,
  normalCdf,
  normalQuantile,
  pert,
  pertMean,
  PoissonSampler,
  quantiles,
  Random,
  samplePert,
  sortedCopy,
  streamKey,
} from "../src/index.js";

const SAMPLES = 400_000;

function draw(n: number, f: (rng: Random) => number, seed = 7): Float64Array {
  const rng = new Random(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(rng);
  return out;
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function varianceOf(x: Float64Array): number {
  const m = meanOf(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / (x.length - 1);
}

describe("random streams", () => {
  it("give the same numbers for the same (seed, name, index), and different ones otherwise", () => {
    const a = Random.forStream(streamKey(1, "dc-fire"), 42);
    const b = Random.forStream(streamKey(1, "dc-fire"), 42);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    const seqB = Array.from({ length: 8 }, () => b.nextUint32());
    expect(seqA).toEqual(seqB);
    const others = [Random.forStream(streamKey(2, "dc-fire"), 42), Random.forStream(streamKey(1, "dc-flood"), 42), Random.forStream(streamKey(1, "dc-fire"), 43)];
    for (const o of others) expect(Array.from({ length: 8 }, () => o.nextUint32())).not.toEqual(seqA);
  });

  it("re-seeding in place equals a fresh generator", () => {
    const key = streamKey(9, "x");
    const r = new Random(123);
    r.nextUint32();
    r.setStream(key, 5);
    expect(r.state()).toEqual(Random.forStream(key, 5).state());
  });

  it("draws uniforms strictly inside (0, 1) with the right mean and variance", () => {
    const u = draw(SAMPLES, (r) => r.uniform());
    let min = 1;
    let max = 0;
    for (const v of u) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(meanOf(u)).toBeCloseTo(0.5, 2);
    expect(varianceOf(u)).toBeCloseTo(1 / 12, 3);
    const u53 = draw(1000, (r) => r.uniform53());
    expect(u53.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it("year streams of one risk are not correlated with each other", () => {
    // first draw of consecutive years: the lag-1 correlation of a long run is near 0
    const key = streamKey(1, "r");
    const n = 100_000;
    const first = new Float64Array(n);
    const rng = new Random();
    for (let y = 0; y < n; y++) {
      rng.setStream(key, y);
      first[y] = rng.uniform();
    }
    const m = meanOf(first);
    let c = 0;
    let v = 0;
    for (let i = 0; i + 1 < n; i++) c += (first[i] - m) * (first[i + 1] - m);
    for (let i = 0; i < n; i++) v += (first[i] - m) ** 2;
    expect(Math.abs(c / v)).toBeLessThan(0.015);
    expect(m).toBeCloseTo(0.5, 2);
  });

  it("jump moves to a distant, different subsequence", () => {
    const a = new Random(5);
    const b = new Random(5);
    b.jump();
    expect(b.state()).not.toEqual(a.state());
    expect(Array.from({ length: 4 }, () => a.nextUint32())).not.toEqual(Array.from({ length: 4 }, () => b.nextUint32()));
  });
});

describe("normal distribution", () => {
  it("quantile function matches known values", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
  });

  it("ziggurat draws have mean 0, variance 1 and the right tails", () => {
    const z = draw(SAMPLES, normal);
    expect(meanOf(z)).toBeCloseTo(0, 2);
    expect(varianceOf(z)).toBeCloseTo(1, 2);
    const [q01, q50, q99] = quantiles(z, [0.01, 0.5, 0.99]);
    expect(q01).toBeCloseTo(-2.326, 1);
    expect(q50).toBeCloseTo(0, 1);
    expect(q99).toBeCloseTo(2.326, 1);
    let beyond = 0;
    for (const v of z) if (Math.abs(v) > 3.5) beyond++;
    // P(|Z| > 3.5) = 4.65e-4
    expect(beyond / SAMPLES).toBeGreaterThan(3e-4);
    expect(beyond / SAMPLES).toBeLessThan(6.5e-4);
  });
});

describe("lognormal from two quantiles", () => {
  it("recovers the quantiles it was built from (p50/p90 durations)", () => {
    const d = lognormalFromQuantiles(600, 0.5, 7200, 0.9); // {p50: 10h, p90: 5d}
    expect(lognormalQuantile(d, 0.5)).toBeCloseTo(600, 6);
    expect(lognormalQuantile(d, 0.9)).toBeCloseTo(7200, 6);
    const x = draw(SAMPLES, (r) => lognormal(r, d.mu, d.sigma));
    const [p50, p90] = quantiles(x, [0.5, 0.9]);
    expect(Math.abs(p50 / 600 - 1)).toBeLessThan(0.02);
    expect(Math.abs(p90 / 7200 - 1)).toBeLessThan(0.02);
  });

  it("recovers a 90% loss range (p5/p95) and the mean exp(μ + σ²/2)", () => {
    const d = lognormalFromQuantiles(1e7, 0.05, 1e9, 0.95);
    const x = draw(SAMPLES, (r) => lognormal(r, d.mu, d.sigma), 11);
    const [p5, p95] = quantiles(x, [0.05, 0.95]);
    expect(Math.abs(p5 / 1e7 - 1)).toBeLessThan(0.02);
    expect(Math.abs(p95 / 1e9 - 1)).toBeLessThan(0.02);
    expect(Math.abs(meanOf(x) / lognormalMean(d) - 1)).toBeLessThan(0.02);
  });

  it("rejects quantiles in the wrong order", () => {
    expect(() => lognormalFromQuantiles(10, 0.5, 5, 0.9)).toThrow(RangeError);
  });
});

describe("PERT and beta", () => {
  it("PERT's mean (min + 4·mode + max)/6 and range come out of the samples", () => {
    const p = pert(60, 240, 2880); // {min: 1h, mode: 4h, max: 2d}
    const x = draw(SAMPLES, (r) => samplePert(r, p), 3);
    expect(Math.abs(meanOf(x) / pertMean(p) - 1)).toBeLessThan(0.005);
    const s = sortedCopy(x);
    expect(s[0]).toBeGreaterThanOrEqual(60);
    expect(s[s.length - 1]).toBeLessThanOrEqual(2880);
    // variance of the PERT: (mean − min)(max − mean)/7
    const m = pertMean(p);
    expect(Math.abs(varianceOf(x) / (((m - 60) * (2880 - m)) / 7) - 1)).toBeLessThan(0.02);
  });

  it("beta with shapes below 1 has mean a/(a+b)", () => {
    const x = draw(SAMPLES, (r) => beta(r, 0.5, 2.5));
    expect(meanOf(x)).toBeCloseTo(0.5 / 3, 2);
  });
});

describe("Poisson", () => {
  for (const lambda of [0.02, 0.3, 2, 11.5, 40, 300]) {
    it(`rate ${lambda}: mean and variance λ`, () => {
      const sampler = new PoissonSampler(lambda);
      const x = draw(SAMPLES, (r) => sampler.sample(r), 17);
      const tolerance = 5 * Math.sqrt(lambda / SAMPLES); // five standard errors
      expect(Math.abs(meanOf(x) - lambda)).toBeLessThan(tolerance);
      expect(Math.abs(varianceOf(x) / lambda - 1)).toBeLessThan(0.02 + 5 * Math.sqrt(2 / SAMPLES) * (1 + 1 / Math.sqrt(lambda)));
      expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    });
  }

  it("P(N = 0) = exp(−λ)", () => {
    const sampler = new PoissonSampler(2);
    const x = draw(SAMPLES, (r) => sampler.sample(r), 19);
    let zeros = 0;
    for (const v of x) if (v === 0) zeros++;
    expect(Math.abs(zeros / SAMPLES - Math.exp(-2))).toBeLessThan(0.003);
  });

  it("rate 0 never occurs", () => {
    const sampler = new PoissonSampler(0);
    expect(draw(1000, (r) => sampler.sample(r)).every((v) => v === 0)).toBe(true);
  });
});

describe("order statistics", () => {
  it("quantiles by selection equal those of a full sort, with ties, zeros and negatives", () => {
    const rng = new Random(99);
    const n = 150_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      x[i] = u < 0.2 ? 0 : u < 0.25 ? 12345 : u < 0.26 ? -Math.exp(normal(rng)) : Math.exp(3 * normal(rng));
    }
    const ps = [0, 1e-5, 0.1, 0.2, 0.21, 0.5, 0.9, 0.99, 0.999, 0.99999, 1];
    const s = sortedCopy(x);
    const reference = ps.map((p) => {
      const h = (n - 1) * p;
      const lo = Math.floor(h);
      return lo + 1 < n ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
    });
    expect(quantiles(x, ps)).toEqual(reference);
  });
});
