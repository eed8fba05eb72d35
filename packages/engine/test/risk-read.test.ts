/**
 * Risks, insurance and risk appetite in the model (docs/risk-model.md): validated like the rest
 * of the model, all problems at once, each with file, line, field and a hint. Line numbers are
 * counted by hand in the inline texts (line 1 = `continuum: 1`).
 */
import { describe, expect, it } from "vitest";
import { loadModel, readRisks, type Diagnostic, type SourceFile } from "../src/index.js";

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

function read(text: string, extra: SourceFile[] = []) {
  const files = [{ path: "model.yaml", text: COMPONENTS + text }, ...extra];
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  expect(loaded, JSON.stringify(diagnostics)).toBeDefined();
  return readRisks(loaded!.model, files);
}

function errors(text: string): Diagnostic[] {
  const r = read(text);
  expect(r.riskModel).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === "error");
}

function one(list: Diagnostic[], line: number): Diagnostic {
  const found = list.filter((d) => d.line === line);
  expect(found, `errors at line ${line}: ${JSON.stringify(list, null, 1)}`).toHaveLength(1);
  expect(found[0].file).toBe("model.yaml");
  return found[0];
}

describe("reading risks", () => {
  it("reads the issue's example: lognormal, PERT and fixed durations, direct losses, policies", () => {
    const r = read(`risks:
  - id: dc-fire
    name: Data center fire
    threat: fire
    frequency: 0.02
    strikes: [pangyo-idc]
    duration: {p50: 10h, p90: 5d}
  - id: power
    threat: power
    frequency: 0.5
    strikesOneOf: [pangyo-idc, talk]
    duration: {min: 1h, mode: 4h, max: 2d}
  - id: hiccup
    frequency: 3
    strikes: talk
    duration: 15m
  - id: data-breach
    frequency: 0.3
    loss: {p5: 10000000, p95: 1000000000}
insurance:
  - id: bi-policy
    covers: [dc-fire]
    waitingPeriod: 12h
    deductible: 100000000
    limit: 5000000000
    aggregate: 10000000000
    premium: 120000000
  - id: umbrella
    premium: 1000
riskAppetite:
  maxLoss: 10000000000
  probability: 1%
`);
    expect(r.diagnostics).toEqual([]);
    const m = r.riskModel!;
    expect(m.risks.map((x) => x.id)).toEqual(["dc-fire", "power", "hiccup", "data-breach"]);
    const fire = m.risks[0];
    expect(fire.threat).toBe("fire");
    expect(fire.file).toBe("model.yaml");
    expect(fire.line).toBe(11);
    expect(fire.duration!.kind).toBe("lognormal");
    if (fire.duration!.kind === "lognormal") {
      expect(Math.exp(fire.duration!.mu)).toBeCloseTo(600, 6);
      expect(Math.exp(fire.duration!.mu + 1.2815515655446004 * fire.duration!.sigma)).toBeCloseTo(7200, 4);
    }
    expect(m.risks[1].duration).toMatchObject({ kind: "pert", min: 60, mode: 240, max: 2880 });
    expect(m.risks[2]).toMatchObject({ threat: "other", strikes: ["talk"], duration: { kind: "fixed", minutes: 15 } });
    expect(m.risks[3].loss!.kind).toBe("lognormal");
    expect(m.policies[0]).toMatchObject({ id: "bi-policy", covers: ["dc-fire"], waitingPeriod: 720, deductible: 1e8, limit: 5e9, aggregate: 1e10, premium: 1.2e8 });
    expect(m.policies[1].covers).toBeUndefined(); // every risk
    expect(m.policies[1]).toMatchObject({ waitingPeriod: 0, deductible: 0, limit: Infinity, aggregate: Infinity, premium: 1000 });
    expect(m.appetite).toEqual([{ id: "appetite-1", maxLoss: 1e10, probability: 0.01, basis: "retained" }]);
  });

  it("reports every problem at once, with line, field and a did-you-mean", () => {
    const list = errors(`risks:
  - id: dc-fire
    threat: fier
    frequency: 0.02
    strikes: [pangyo-idk]
    duration: {p50: 5d, p90: 10h}
  - id: flood
    frequncy: 0.1
    strikes: [talk]
    duration: 1d
  - id: quake
    frequency: -1
    strikes: [talk]
    duration: {min: 2d, mode: 1d, max: 3d}
  - id: breach
    frequency: 0.3
    loss: {p5: 1000000000, p95: 10000000}
  - id: both
    frequency: 1
    strikes: [talk]
    strikesOneOf: [talk]
    duration: 1h
  - id: no-duration
    frequency: 1
    strikes: [talk]
  - id: nothing
    frequency: 1
  - id: dc-fire
    frequency: 1
    loss: 5
  - id: bad-duration
    frequency: 1
    strikes: [talk]
    duration: 10 hours
insurance:
  - id: bi
    covers: [dc-fir]
    waitingPeriod: 12 hours
    deductible: -5
    limt: 100
`);
    const fier = one(list, 12);
    expect(fier.code).toBe("bad-threat");
    expect(fier.message).toMatch(/risk "dc-fire": threat must be one of fire, power/);
    expect(fier.hint).toBe('did you mean "fire"?');
    expect(fier.field).toBe("risks[0].threat");
    const idk = one(list, 14);
    expect(idk.code).toBe("unknown-component");
    expect(idk.hint).toMatch(/did you mean "pangyo-idc"/);
    expect(idk.field).toBe("risks[0].strikes[0]");
    const order = one(list, 15);
    expect(order.message).toMatch(/duration p90 \(10h\) must be more than p50 \(5d\)/);
    const typo = one(list, 17);
    expect(typo.code).toBe("unknown-key");
    expect(typo.hint).toBe('did you mean "frequency"?');
    expect(one(list, 21).code).toBe("bad-frequency");
    expect(one(list, 23).message).toMatch(/min ≤ mode ≤ max/);
    expect(one(list, 26).message).toMatch(/loss p95 \(10000000\) must be more than p5 \(1000000000\)/);
    expect(one(list, 30).message).toMatch(/both strikes and strikesOneOf/);
    expect(one(list, 32).message).toMatch(/strikes components but has no duration/);
    expect(one(list, 35).message).toMatch(/neither strikes components nor has a direct loss/);
    const dup = one(list, 37);
    expect(dup.code).toBe("duplicate-id");
    const dur = one(list, 43);
    expect(dur.code).toBe("bad-duration");
    expect(dur.message).toMatch(/"10 hours"/);
    const covers = one(list, 46);
    expect(covers.code).toBe("unknown-risk");
    expect(covers.hint).toMatch(/did you mean "dc-fire"/);
    expect(one(list, 47).code).toBe("bad-duration");
    expect(one(list, 48).message).toMatch(/deductible must not be negative/);
    const limt = one(list, 49);
    expect(limt.hint).toBe('did you mean "limit"?');
  });

  it("points into the right file of a folder model", () => {
    const risks = { path: "risks.yaml", text: "risks:\n  - id: a\n    frequency: 1\n    strikes: [talc]\n    duration: 1h\n" };
    const files = [{ path: "model.yaml", text: COMPONENTS }, risks];
    const { loaded } = loadModel(files, { warnings: false });
    const r = readRisks(loaded!.model, files);
    expect(r.riskModel).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: "risks.yaml", line: 4, code: "unknown-component", field: "risks[0].strikes[0]" });
    expect(r.diagnostics[0].hint).toMatch(/did you mean "talk"/);
  });

  it("without the files, still names the risk and the field", () => {
    const { loaded } = loadModel([{ path: "m.yaml", text: COMPONENTS + "risks:\n  - id: a\n    frequency: x\n    loss: 1\n" }], { warnings: false });
    const r = readRisks(loaded!.model);
    expect(r.diagnostics[0]).toMatchObject({ code: "bad-frequency", field: "risks[0].frequency" });
    expect(r.diagnostics[0].message).toMatch(/^risk "a": frequency must be a number/);
  });

  it("warns about unknown keys that are not likely typos, and keeps x- extensions and register fields", () => {
    const r = read(`risks:
  - id: a
    frequency: 1
    loss: 100
    owner: CFO
    treatment: transfer
    actions: [{action: buy cover, due: 2025-01-01}]
    x-source: audit 2024
    whatever: 1
`);
    expect(r.riskModel).toBeDefined();
    expect(r.riskModel!.risks[0]).toMatchObject({ owner: "CFO", treatment: "transfer" });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: "warning", code: "unknown-key", line: 18 });
  });

  it("checks risk appetite statements", () => {
    const list = errors(`riskAppetite:
  - maxLoss: 100
    probability: 150%
  - maxLoss: 100
    returnPeriod: 100
    basis: net
  - probability: 0.01
`);
    expect(one(list, 12).code).toBe("bad-probability");
    expect(one(list, 15).message).toMatch(/basis must be retained/);
    expect(one(list, 16).message).toMatch(/has no maxLoss/);
    const ok = read("riskAppetite:\n  - {id: board, maxLoss: 5, returnPeriod: 200, basis: gross}\n");
    expect(ok.riskModel!.appetite).toEqual([{ id: "board", maxLoss: 5, probability: 0.005, basis: "gross" }]);
  });
});
