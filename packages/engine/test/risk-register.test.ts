/**
 * The risk register (docs/risk-model.md, "The risk register"): owners, treatments and actions
 * validated with their lines; the organization's risk matrix; the banding of quantitative results
 * into heat-map cells; overdue actions; the risk appetite read off an exceedance curve.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  appetiteOnCurve,
  assessRisks,
  bandIndex,
  defaultRiskMatrix,
  isOverdue,
  loadModel,
  occurrenceLosses,
  occurrenceLossSummary,
  overdueActions,
  PreparedRisks,
  readRisks,
  riskCell,
  scoredCells,
  type ExceedancePoint,
  type RiskMatrix,
  type SourceFile,
} from "../src/index.js";

const COMPONENTS = `continuum: 1
components:
  - id: pangyo-idc
    kind: site
  - id: talk
    kind: business-service
    site: pangyo-idc
    impact:
      - {from: 0, perHour: 1000000}
`; // 9 lines

function read(text: string) {
  const files: SourceFile[] = [{ path: "model.yaml", text: COMPONENTS + text }];
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  expect(loaded, JSON.stringify(diagnostics)).toBeDefined();
  return { loaded: loaded!, ...readRisks(loaded!.model, files) };
}

const MATRIX = `riskMatrix:
  impactBasis: p90
  likelihood:
    - {id: rare, label: Rare, upTo: 0.01}
    - {id: possible, label: Possible, upTo: 0.5}
    - {id: likely, label: Likely}
  impact:
    - {label: Minor, upTo: 1000000}
    - {label: Major, upTo: 100000000}
    - {label: Severe}
  levels:
    - {id: low, label: Low, color: "#00aa00"}
    - {id: high, label: High, color: "#CC0000"}
  cells:
    - [low, high, high]
    - [low, low, high]
    - [low, low, low]
`;

const matrix3: RiskMatrix = {
  likelihood: [
    { id: "rare", label: "Rare", upTo: 0.01 },
    { id: "possible", label: "Possible", upTo: 0.5 },
    { id: "likely", label: "Likely" },
  ],
  impact: [
    { id: "i1", label: "Minor", upTo: 1e6 },
    { id: "i2", label: "Major", upTo: 1e8 },
    { id: "i3", label: "Severe" },
  ],
  impactBasis: "mean",
  levels: [
    { id: "low", label: "Low", color: "#00aa00" },
    { id: "high", label: "High", color: "#cc0000" },
  ],
  cells: [
    [0, 0, 0],
    [0, 0, 1],
    [0, 1, 1],
  ],
};

describe("register fields", () => {
  it("reads owner, treatment and actions with due dates", () => {
    const r = read(`risks:
  - id: fire
    threat: fire
    frequency: 0.02
    strikes: [pangyo-idc]
    duration: 10h
    owner: CTO
    treatment: mitigate
    description: battery room fire
    actions:
      - {id: a1, title: Suppression in the battery room, owner: Facilities, due: 2025-06-30}
      - {id: a2, title: Third data center, due: 2026-12-31, status: done}
`);
    expect(r.diagnostics).toEqual([]);
    const risk = r.riskModel!.risks[0];
    expect(risk.owner).toBe("CTO");
    expect(risk.treatment).toBe("mitigate");
    expect(risk.description).toBe("battery room fire");
    expect(risk.actions).toEqual([
      { id: "a1", title: "Suppression in the battery room", owner: "Facilities", due: "2025-06-30", status: "open" },
      { id: "a2", title: "Third data center", due: "2026-12-31", status: "done" },
    ]);
  });

  it("reports bad actions with their lines, all at once", () => {
    const r = read(`risks:
  - id: fire
    frequency: 0.02
    strikes: [pangyo-idc]
    duration: 10h
    treatment: mitigat
    actions:
      - {id: a1, title: One, due: 2025-02-30}
      - {id: a1, title: Two, status: closed}
      - {id: a3, owner: X}
      - {id: a4, title: Four, dew: 2025-01-01}
`);
    expect(r.riskModel).toBeUndefined();
    const errs = r.diagnostics.filter((d) => d.severity === "error");
    const at = (line: number) => errs.filter((d) => d.line === line).map((d) => d.code);
    expect(at(15)).toEqual(["bad-treatment"]);
    expect(errs.find((d) => d.code === "bad-treatment")!.hint).toContain('"mitigate"');
    expect(at(17)).toEqual(["bad-date"]); // February 30th
    expect(at(18).sort()).toEqual(["bad-status", "duplicate-id"]);
    expect(at(19)).toEqual(["missing-title"]);
    expect(r.diagnostics.filter((d) => d.line === 20).map((d) => d.code)).toEqual(["unknown-key"]); // dew
    expect(errs.find((d) => d.code === "bad-date")!.field).toBe("risks[0].actions[0].due");
  });
});

describe("the risk matrix", () => {
  it("reads bands, levels and cells written as drawn (most likely row first)", () => {
    const r = read(MATRIX);
    expect(r.diagnostics).toEqual([]);
    const m = r.riskModel!.matrix!;
    expect(m.impactBasis).toBe("p90");
    expect(m.likelihood.map((b) => b.upTo)).toEqual([0.01, 0.5, undefined]);
    expect(m.impact.map((b) => b.id)).toEqual(["i1", "i2", "i3"]);
    expect(m.levels[1].color).toBe("#cc0000");
    // stored from the least likely up
    expect(m.cells).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
    ]);
  });

  it("scores the cells when the matrix does not list them", () => {
    const r = read(`riskMatrix:
  likelihood: [{label: Low, upTo: 0.1}, {label: High}]
  impact: [{label: Small, upTo: 1000}, {label: Big}]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.riskModel!.matrix!.levels.map((l) => l.id)).toEqual(["low", "medium", "high", "extreme"]);
    expect(r.riskModel!.matrix!.cells).toEqual(scoredCells(2, 2, 4));
    expect(scoredCells(2, 2, 4)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });

  it("reports bands out of order, a missing bound, unknown levels and bad colours", () => {
    const r = read(`riskMatrix:
  likelihood:
    - {label: A, upTo: 0.5}
    - {label: B, upTo: 0.1}
    - {label: C}
  impact:
    - {label: Small}
    - {label: Big}
  levels:
    - {id: low, color: green}
    - {id: high}
  cells:
    - [low, hihg]
`);
    expect(r.riskModel).toBeUndefined();
    const codes = r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.code}`);
    expect(codes).toContain("13:bad-band"); // B not above A
    expect(codes).toContain("16:bad-band"); // Small has no upTo
    expect(codes).toContain("19:bad-color");
  });

  it("reports cells that name no level, with a did-you-mean", () => {
    const r = read(`riskMatrix:
  likelihood: [{label: Low, upTo: 0.1}, {label: High}]
  impact: [{label: Small, upTo: 1000}, {label: Big}]
  levels: [{id: low}, {id: high}]
  cells:
    - [low, hihg]
    - [low, low]
`);
    const d = r.diagnostics.find((x) => x.code === "unknown-level")!;
    expect(d.line).toBe(15);
    expect(d.hint).toContain('"high"');
    expect(d.field).toBe("riskMatrix.cells[0][1]");
  });
});

describe("banding", () => {
  it("puts a value in the first band whose upTo reaches it (inclusive), else the last", () => {
    const bands = matrix3.likelihood;
    expect(bandIndex(bands, 0)).toBe(0);
    expect(bandIndex(bands, 0.01)).toBe(0);
    expect(bandIndex(bands, 0.010001)).toBe(1);
    expect(bandIndex(bands, 0.5)).toBe(1);
    expect(bandIndex(bands, 3)).toBe(2);
  });

  it("maps frequency and loss to a cell and its level", () => {
    expect(riskCell(matrix3, 0.002, 5e9)).toEqual({ likelihood: 0, impact: 2, level: 0 });
    expect(riskCell(matrix3, 0.3, 5e9)).toEqual({ likelihood: 1, impact: 2, level: 1 });
    expect(riskCell(matrix3, 2, 5e7)).toEqual({ likelihood: 2, impact: 1, level: 1 });
    expect(riskCell(matrix3, 2, 5e5)).toEqual({ likelihood: 2, impact: 0, level: 0 });
  });

  it("has a 5 × 5 default matrix scaled in decades below the largest loss", () => {
    const m = defaultRiskMatrix(6.1e10);
    expect(m.likelihood).toHaveLength(5);
    expect(m.impact.map((b) => b.upTo)).toEqual([1e7, 1e8, 1e9, 1e10, undefined]);
    expect(riskCell(m, 0.02, 6.1e10)).toMatchObject({ likelihood: 1, impact: 4 });
    expect(m.cells[4][4]).toBe(3);
    expect(m.cells[0][0]).toBe(0);
  });

  it("summarizes occurrence losses with type-7 percentiles", () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(occurrenceLossSummary(values)).toEqual({ mean: 50, p50: 50, p90: 90, p95: 95, p99: 99 });
  });
});

describe("assessing risks through the engine", () => {
  const r = read(`risks:
  - id: fire
    threat: fire
    frequency: 0.02
    strikes: [pangyo-idc]
    duration: 10h
  - id: breach
    threat: cyber
    frequency: 2
    loss: {p5: 10000, p95: 1000000}
${MATRIX}`);
  const prep = new PreparedRisks(r.loaded.compiled, r.riskModel!);

  it("measures the loss of one occurrence: a fixed 10h outage at 1M/h costs 10M every time", () => {
    const losses = occurrenceLosses(prep, 0, 50, 7);
    expect([...new Set(losses)]).toEqual([10_000_000]);
  });

  it("draws lognormal losses whose median is the geometric middle of the 90% range", () => {
    const s = occurrenceLossSummary(occurrenceLosses(prep, 1, 20000, 3));
    expect(s.p50 / 100000).toBeGreaterThan(0.95);
    expect(s.p50 / 100000).toBeLessThan(1.05);
  });

  it("places each risk on the model's matrix by frequency and the p90 loss, EAL = frequency × mean", () => {
    const a = assessRisks(prep, { occurrences: 4000, seed: 1 });
    expect(a.defaulted).toBe(false);
    const fire = a.risks.find((x) => x.id === "fire")!;
    expect(fire.expectedAnnualLoss).toBeCloseTo(0.02 * 10_000_000, 6);
    expect(fire).toMatchObject({ likelihood: 1, impact: 1, level: 0, impactValue: 10_000_000 });
    const breach = a.risks.find((x) => x.id === "breach")!;
    expect(breach.likelihood).toBe(2);
    expect(breach.impactValue).toBe(breach.loss.p90);
    expect(breach.impact).toBe(breach.loss.p90 <= 1e6 ? 0 : 1);
    // the same seed, the same answer
    expect(assessRisks(prep, { occurrences: 4000, seed: 1 }).risks).toEqual(a.risks);
  });
});

describe("overdue actions", () => {
  it("an open action due before today is overdue; done or undated ones are not", () => {
    const actions = [
      { id: "a1", title: "late", due: "2025-01-31", status: "open" as const },
      { id: "a2", title: "today", due: "2025-02-01", status: "open" as const },
      { id: "a3", title: "finished", due: "2024-12-31", status: "done" as const },
      { id: "a4", title: "someday", status: "open" as const },
    ];
    expect(actions.map((a) => isOverdue(a, "2025-02-01"))).toEqual([true, false, false, false]);
    expect(overdueActions({ actions }, "2025-02-01").map((a) => a.id)).toEqual(["a1"]);
  });
});

describe("risk appetite against the exceedance curve", () => {
  const curve: ExceedancePoint[] = [0.1, 0.01, 0.001].map((p, k) => ({ probability: p, returnPeriod: 1 / p, loss: [1e9, 1e10, 1e11][k], retainedLoss: [5e8, 5e9, 5e10][k] }));

  it("is within when the retained 1-in-100 loss is at most maxLoss", () => {
    const a = appetiteOnCurve(curve, { maxLoss: 6e9, probability: 0.01, basis: "retained" });
    expect(a.lossAtProbability).toBe(5e9);
    expect(a.within).toBe(true);
    expect(a.covered).toBe(true);
    expect(a.probabilityOfExceeding).toBeLessThan(0.01);
    expect(a.probabilityOfExceeding).toBeGreaterThan(0.001);
  });

  it("is not within on the gross basis, and interpolates in log probability", () => {
    const a = appetiteOnCurve(curve, { maxLoss: 6e9, probability: 0.01, basis: "gross" });
    expect(a.within).toBe(false);
    const half = appetiteOnCurve(curve, { maxLoss: 1e12, probability: Math.sqrt(0.1 * 0.01), basis: "gross" });
    expect(half.lossAtProbability).toBeCloseTo(5.5e9, -3);
    expect(half.probabilityOfExceeding).toBe(0);
  });

  it("says when the curve does not reach the stated probability", () => {
    expect(appetiteOnCurve(curve, { maxLoss: 1e12, probability: 1e-4, basis: "gross" }).covered).toBe(false);
  });

  it("agrees with the examples: the Pangyo model's appetite statement is read", () => {
    const path = new URL("../../../examples/pangyo-2022/model.yaml", import.meta.url);
    const files = [{ path: "model.yaml", text: readFileSync(path, "utf8") }];
    const { loaded } = loadModel(files, { warnings: false });
    const rr = readRisks(loaded!.model, files);
    expect(rr.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(rr.riskModel!.matrix!.likelihood).toHaveLength(5);
    expect(rr.riskModel!.risks.length).toBeGreaterThanOrEqual(5); // .every on no risks would pass
    expect(rr.riskModel!.risks.filter((x) => !x.owner || !x.treatment).map((x) => x.id)).toEqual([]);
    expect(rr.riskModel!.appetite[0]).toMatchObject({ maxLoss: 100_000_000_000, probability: 0.01 });
  });
});
