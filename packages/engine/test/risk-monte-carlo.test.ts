/**
 * The Monte Carlo simulation of years against closed forms (issue 4, "Proof that the numbers are
 * right"), and its determinism: the same seed gives the same figures in one slice or many.
 *
 * Tolerances: each comparison is at more than three standard errors of the simulated estimate
 * for the number of years used, so a correct engine passes for any seed (the seed is fixed, so
 * the tests are deterministic anyway).
 */
import { describe, expect, it } from "vitest";
import {
  lognormalFromQuantiles,
  loadModel,
  mergeYearResults,
  normalCdf,
  PreparedRisks,
  readRisks,
  riskStatistics,
  simulateYears,
  splitYears,
  type RiskSimulationOptions,
  type YearResults,
} from "../src/index.js";

function prepare(text: string, options: RiskSimulationOptions = {}): PreparedRisks {
  const files = [{ path: "model.yaml", text }];
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  if (!loaded) throw new Error(JSON.stringify(diagnostics));
  const { riskModel, diagnostics: riskDiagnostics } = readRisks(loaded.model, files);
  if (!riskModel) throw new Error(JSON.stringify(riskDiagnostics));
  return new PreparedRisks(loaded.compiled, riskModel, options);
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

const near = (actual: number, expected: number, relative: number) => {
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThan(relative);
};

/** One business service with a constant cost rate of L per hour. */
const ONE_SERVICE = (L: number, restart = "0") => `continuum: 1
components:
  - id: service
    kind: business-service
    restart: ${restart}
    impact:
      - {from: 0, perHour: ${L}}
`;

/** E[(X − K)+] for X lognormal(μ, σ): the partial expectation behind every layer of cover. */
function excess(mu: number, sigma: number, K: number): number {
  if (K <= 0) return Math.exp(mu + (sigma * sigma) / 2) - K;
  const d1 = (mu + sigma * sigma - Math.log(K)) / sigma;
  const d2 = (mu - Math.log(K)) / sigma;
  return Math.exp(mu + (sigma * sigma) / 2) * normalCdf(d1) - K * normalCdf(d2);
}

function poissonPmf(lambda: number, k: number): number {
  let p = Math.exp(-lambda);
  for (let i = 1; i <= k; i++) p *= lambda / i;
  return p;
}

describe("expected annual loss against closed forms", () => {
  it("one component, Poisson rate λ, fixed duration d, L per hour: EAL = λ·L·d/60 within 1%", () => {
    const [lambda, L, d] = [2, 1_000_000, 600];
    const prep = prepare(`${ONE_SERVICE(L)}risks:
  - id: outage
    frequency: ${lambda}
    strikes: [service]
    duration: 10h
`);
    const years = 60_000; // relative standard error 1/√(λ·years) = 0.29%
    const r = simulateYears(prep, { seed: 1, from: 0, to: years });
    const stats = riskStatistics(r, prep);
    near(stats.annualLoss.expected, (lambda * L * d) / 60, 0.01);
    // every occurrence costs exactly L·d/60, and one engine run answered them all (exact memo)
    expect(stats.risks[0].meanLossPerOccurrence).toBeCloseTo((L * d) / 60, 3);
    expect(r.engineRuns).toBe(1);
    expect(r.memoHits).toBe(r.occurrences - 1);
    near(stats.risks[0].occurrencesPerYear, lambda, 0.01);
    expect(stats.services).toEqual([{ id: "service", name: undefined, kind: "business-service", expectedAnnualLoss: stats.annualLoss.expected, share: 1 }]);
    // the median year has 2 occurrences; P(no loss) = e^-λ
    expect(stats.annualLoss.median).toBeCloseTo((2 * L * d) / 60, 3);
    near(1 - stats.annualLoss.probabilityOfLoss, Math.exp(-lambda), 0.03);
  });

  it("the restart after repair is part of the outage: EAL = λ·L·(d + restart)/60", () => {
    const prep = prepare(`${ONE_SERVICE(600_000, "30m")}risks:
  - id: outage
    frequency: 0.5
    strikes: [service]
    duration: 2h
`);
    const stats = riskStatistics(simulateYears(prep, { seed: 2, from: 0, to: 200_000 }), prep);
    near(stats.annualLoss.expected, (0.5 * 600_000 * 150) / 60, 0.01);
  });

  it("lognormal durations: EAL = λ·L·exp(μ + σ²/2)/60", () => {
    const prep = prepare(`${ONE_SERVICE(60_000)}risks:
  - id: outage
    frequency: 1
    strikes: [service]
    duration: {p50: 10h, p90: 1d}
`);
    const { mu, sigma } = lognormalFromQuantiles(600, 0.5, 1440, 0.9);
    const years = 60_000; // sd/mean per year ≈ √((1 + cv²)/λ) = 1.2, standard error 0.5%
    const stats = riskStatistics(simulateYears(prep, { seed: 3, from: 0, to: years }), prep);
    near(stats.annualLoss.expected, (1 * 60_000 * Math.exp(mu + (sigma * sigma) / 2)) / 60, 0.02);
  });

  it("PERT durations: EAL = λ·L·(min + 4·mode + max)/6/60", () => {
    const prep = prepare(`${ONE_SERVICE(60_000)}risks:
  - id: outage
    frequency: 1
    strikes: [service]
    duration: {min: 1h, mode: 4h, max: 2d}
`);
    const stats = riskStatistics(simulateYears(prep, { seed: 4, from: 0, to: 50_000 }), prep);
    near(stats.annualLoss.expected, (60_000 * ((60 + 4 * 240 + 2880) / 6)) / 60, 0.015);
  });

  it("strikesOneOf picks each target uniformly: EAL = λ·d·mean(L)/60", () => {
    const prep = prepare(`continuum: 1
components:
  - {id: a, impact: [{from: 0, perHour: 100}]}
  - {id: b, impact: [{from: 0, perHour: 300}]}
  - {id: c}
risks:
  - id: one-of
    frequency: 3
    strikesOneOf: [a, b, c]
    duration: 1h
`);
    const stats = riskStatistics(simulateYears(prep, { seed: 5, from: 0, to: 50_000 }), prep);
    near(stats.annualLoss.expected, (3 * 60 * ((100 + 300 + 0) / 3)) / 60, 0.015);
    const byId = Object.fromEntries(stats.services.map((s) => [s.id, s.expectedAnnualLoss]));
    near(byId.a, 3 * 100 / 3, 0.03);
    near(byId.b, 3 * 300 / 3, 0.03);
  });

  it("direct losses: EAL = λ·exp(μ + σ²/2), and the 90% range of one occurrence is p5..p95", () => {
    const prep = prepare(`continuum: 1
components:
  - id: org
risks:
  - id: breach
    frequency: 2
    loss: {p5: 10000, p95: 1000000}
`);
    const { mu, sigma } = lognormalFromQuantiles(1e4, 0.05, 1e6, 0.95);
    const r = simulateYears(prep, { seed: 6, from: 0, to: 300_000 });
    const stats = riskStatistics(r, prep);
    near(stats.annualLoss.expected, 2 * Math.exp(mu + (sigma * sigma) / 2), 0.015);
    expect(stats.directLoss.share).toBeCloseTo(1, 12);
    expect(r.gross).toBe(r.riskLoss[0]);
  });
});

describe("insurance against closed forms", () => {
  it("fixed outages: recovery = λ·min(limit, L·(d − w)/60 − deductible) per year", () => {
    const [lambda, L, d, w, deductible, limit] = [1.5, 1_000_000, 600, 120, 1_000_000, 5_000_000];
    const prep = prepare(`${ONE_SERVICE(L)}risks:
  - id: outage
    frequency: ${lambda}
    strikes: [service]
    duration: 10h
insurance:
  - id: bi
    waitingPeriod: 2h
    deductible: ${deductible}
    limit: ${limit}
    premium: 4000000
  - id: small
    covers: [outage]
    deductible: 0
    limit: 100000
    premium: 50000
`);
    const perOccurrence = Math.min(limit, (L * (d - w)) / 60 - deductible); // 5M: the limit
    const r = simulateYears(prep, { seed: 7, from: 0, to: 60_000 });
    const stats = riskStatistics(r, prep);
    const bi = stats.insurance.policies[0];
    near(bi.expectedRecovery, lambda * perOccurrence, 0.01);
    expect(bi.limitHits).toBe(r.occurrences);
    // every year pays a whole number of claims
    for (let i = 0; i < 1000; i++) expect(r.recovered[0][i] / perOccurrence).toBe(Math.round(r.recovered[0][i] / perOccurrence));
    // the second policy pays its limit on top, from the first hour
    near(stats.insurance.policies[1].expectedRecovery, lambda * 100_000, 0.01);
    // retained = gross − recoveries, year by year
    for (let i = 0; i < 1000; i++) expect(r.retained![i]).toBeCloseTo(r.gross[i] - r.recovered[0][i] - r.recovered[1][i], 3);
    // cost of risk: retained + premiums, and without each policy
    expect(stats.costOfRisk.withInsurance.expected).toBeCloseTo(stats.retainedLoss.expected + 4_050_000, 3);
    near(stats.costOfRisk.withoutPolicy.bi.expected, stats.annualLoss.expected - lambda * 100_000 + 50_000, 0.01);
    expect(bi.expectedSaving).toBeCloseTo(stats.costOfRisk.withoutPolicy.bi.expected - stats.costOfRisk.withInsurance.expected, 3);
    near(bi.lossRatio!, (lambda * perOccurrence) / 4_000_000, 0.01);
  });

  it("lognormal outages: E[min(limit, (X − c)+)] with c = L·w/60 + deductible", () => {
    const L = 600_000; // per hour
    const prep = prepare(`${ONE_SERVICE(L)}risks:
  - id: outage
    frequency: 1
    strikes: [service]
    duration: {p50: 8h, p90: 2d}
insurance:
  - id: bi
    waitingPeriod: 4h
    deductible: 2000000
    limit: 20000000
`);
    const ln = lognormalFromQuantiles(480, 0.5, 2880, 0.9);
    // X = L·D/60 is lognormal with μ + ln(L/60), σ
    const mu = ln.mu + Math.log(L / 60);
    const c = (L * 240) / 60 + 2_000_000;
    const expected = excess(mu, ln.sigma, c) - excess(mu, ln.sigma, c + 20_000_000);
    const stats = riskStatistics(simulateYears(prep, { seed: 8, from: 0, to: 80_000 }), prep);
    near(stats.insurance.policies[0].expectedRecovery, expected, 0.02);
    near(stats.annualLoss.expected, Math.exp(mu + (ln.sigma * ln.sigma) / 2), 0.02);
  });

  it("the annual aggregate: E[min(N·r, A)] = Σ P(N = k)·min(k·r, A)", () => {
    const prep = prepare(`continuum: 1
components:
  - id: org
risks:
  - id: claim
    frequency: 2
    loss: 1000000
insurance:
  - id: cover
    deductible: 200000
    limit: 500000
    aggregate: 1200000
    premium: 700000
`);
    const r = 500_000;
    let expected = 0;
    for (let k = 0; k < 40; k++) expected += poissonPmf(2, k) * Math.min(k * r, 1_200_000);
    const res = simulateYears(prep, { seed: 9, from: 0, to: 100_000 });
    const stats = riskStatistics(res, prep);
    near(stats.insurance.policies[0].expectedRecovery, expected, 0.01);
    // P(aggregate exhausted) = P(N ≥ 3)
    near(stats.insurance.policies[0].probabilityAggregateExhausted, 1 - poissonPmf(2, 0) - poissonPmf(2, 1) - poissonPmf(2, 2), 0.02);
    expect(stats.insurance.policies[0].recovery.max).toBe(1_200_000);
  });

  it("a direct loss is not subject to the waiting period", () => {
    const prep = prepare(`continuum: 1
components:
  - id: org
risks:
  - id: claim
    frequency: 1
    loss: 1000
insurance:
  - id: cover
    waitingPeriod: 1w
`);
    const stats = riskStatistics(simulateYears(prep, { seed: 10, from: 0, to: 20_000 }), prep);
    expect(stats.retainedLoss.max).toBe(0);
    expect(stats.insurance.policies[0].expectedRecovery).toBeCloseTo(stats.annualLoss.expected, 6);
  });
});

describe("determinism and merging", () => {
  const MODEL = `continuum: 1
components:
  - {id: site, kind: site}
  - {id: db, site: site, restart: 20m}
  - {id: app, dependsOn: [db], restart: 5m}
  - id: shop
    kind: business-service
    dependsOn: [app]
    impact: [{from: 0, perHour: 1000000}, {from: 4h, once: 30000000}]
  - id: mail
    kind: business-service
    site: site
    impact: [{from: 0, perHour: 100000}]
risks:
  - {id: fire, threat: fire, frequency: 0.05, strikes: [site], duration: {p50: 10h, p90: 5d}}
  - {id: db-crash, threat: other, frequency: 2, strikesOneOf: [db, app], duration: {min: 10m, mode: 1h, max: 8h}}
  - {id: breach, threat: cyber, frequency: 0.3, loss: {p5: 1000000, p95: 100000000}}
  - {id: glitch, frequency: 4, strikes: [app], duration: 30m}
insurance:
  - {id: bi, covers: [fire, db-crash], waitingPeriod: 6h, deductible: 5000000, limit: 100000000, aggregate: 150000000, premium: 6000000}
  - {id: cyber, covers: [breach], deductible: 1000000, limit: 50000000, premium: 3000000}
riskAppetite:
  - {maxLoss: 200000000, probability: 1%}
`;

  it("the same seed gives identical figures in one slice and in four (and in uneven slices)", () => {
    const years = 10_500;
    const one = riskStatistics(simulateYears(prepare(MODEL), { seed: 42, from: 0, to: years }), prepare(MODEL));
    const prepFour = prepare(MODEL); // one prepared model per "worker", as threads would have
    const slices = splitYears(years, 4);
    expect(slices).toEqual([
      { from: 0, to: 3000 },
      { from: 3000, to: 6000 },
      { from: 6000, to: 8000 },
      { from: 8000, to: 10500 },
    ]);
    const parts = slices.reverse().map((s) => simulateYears(prepare(MODEL), { seed: 42, ...s }));
    const four = riskStatistics(mergeYearResults(parts), prepFour);
    expect(four).toEqual(one);
    expect(JSON.stringify(four)).toBe(JSON.stringify(one));
  });

  it("per-year results do not depend on the slicing, even off block boundaries", () => {
    const prep = prepare(MODEL);
    const whole = simulateYears(prep, { seed: 3, from: 0, to: 2500 });
    const a = simulateYears(prep, { seed: 3, from: 0, to: 777 });
    const b = simulateYears(prep, { seed: 3, from: 777, to: 2500 });
    const merged = mergeYearResults([a, b]);
    const arrays = (r: YearResults) => [r.gross, r.retained!, ...r.riskLoss, ...r.recovered, ...r.retainedWithout];
    arrays(merged).forEach((x, k) => expect(Array.from(x)).toEqual(Array.from(arrays(whole)[k])));
    expect(merged.riskOccurrences).toEqual(whole.riskOccurrences);
    expect(merged.blocks.length).toBe(whole.blocks.length);
  });

  it("a different seed gives different years; adding a risk leaves the others' years unchanged", () => {
    const prep = prepare(MODEL);
    const a = simulateYears(prep, { seed: 1, from: 0, to: 2000 });
    const b = simulateYears(prep, { seed: 2, from: 0, to: 2000 });
    expect(Array.from(a.gross)).not.toEqual(Array.from(b.gross));
    const more = prepare(MODEL.replace("insurance:", "  - {id: flood, frequency: 0.5, strikes: [db], duration: 1d}\ninsurance:"));
    const c = simulateYears(more, { seed: 1, from: 0, to: 2000 });
    for (let k = 0; k < 4; k++) expect(Array.from(c.riskLoss[k])).toEqual(Array.from(a.riskLoss[k]));
  });

  it("the figures hang together: shares, curve, return periods, appetite", () => {
    const prep = prepare(MODEL);
    const r = simulateYears(prep, { seed: 5, from: 0, to: 20_000 });
    const s = riskStatistics(r, prep);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    near(sum(s.risks.map((x) => x.expectedAnnualLoss)), s.annualLoss.expected, 1e-9);
    near(sum(s.services.map((x) => x.expectedAnnualLoss)) + s.directLoss.expectedAnnualLoss, s.annualLoss.expected, 1e-9);
    near(sum(s.risks.map((x) => x.tailShare)), 1, 1e-9);
    expect(s.years).toBe(20_000);
    for (let k = 1; k < s.exceedanceCurve.length; k++) {
      expect(s.exceedanceCurve[k].probability).toBeLessThan(s.exceedanceCurve[k - 1].probability);
      expect(s.exceedanceCurve[k].loss).toBeGreaterThanOrEqual(s.exceedanceCurve[k - 1].loss);
      expect(s.exceedanceCurve[k].retainedLoss).toBeLessThanOrEqual(s.exceedanceCurve[k].loss);
    }
    expect(s.exceedanceCurve[s.exceedanceCurve.length - 1].probability).toBeGreaterThanOrEqual(1 / 20_000);
    expect(s.returnPeriods.find((x) => x.years === 100)!.loss).toBe(s.annualLoss.p99);
    expect(s.returnPeriods.map((x) => x.years)).toEqual([2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 10000]);
    const [appetite] = s.appetite;
    let over = 0;
    for (const v of r.retained!) if (v > 200_000_000) over++;
    expect(appetite.probabilityOfExceeding).toBe(over / 20_000);
    expect(appetite.within).toBe(over / 20_000 <= 0.01);
    expect(appetite.within).toBe(appetite.lossAtProbability <= 200_000_000);
    expect(appetite.statement).toBe("at most 200000000 KRW lost after insurance with probability 1% in a year");
    // without a policy, retained loss can only be higher
    for (const p of s.insurance.policies) expect(p.costOfRiskWithout).toBeGreaterThanOrEqual(s.retainedLoss.expected + s.insurance.premiums - p.premium - 1e-6);
  });

  it("an outage that never recovers by itself is counted until the horizon, and reported", () => {
    const prep = prepare(
      `continuum: 1
components:
  - {id: a, dependsOn: [b], impact: [{from: 0, perHour: 60}]}
  - {id: b, dependsOn: [a]}
risks:
  - {id: stuck, frequency: 1, strikes: [a], duration: 1h}
`,
      { recoveryAllowance: 1440 },
    );
    const r = simulateYears(prep, { seed: 1, from: 0, to: 1000 });
    const s = riskStatistics(r, prep);
    expect(r.unrecovered).toBe(r.occurrences);
    expect(s.risks[0].unrecovered).toBe(r.occurrences);
    expect(s.risks[0].meanLossPerOccurrence).toBeCloseTo(60 + 1440, 6); // 1 per minute, for d + allowance
    expect(s.simulation).toEqual({ unrecoveredOccurrences: r.occurrences, recoveryAllowanceMinutes: 1440 });
  });
});
