/**
 * `continuum risk`: the built command line on a small model. The figures must not depend on the
 * number of worker threads; the report speaks money; errors point at the line.
 * (CONTINUUM_CLI may name another built main.js to test.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cli = process.env.CONTINUUM_CLI ?? join(root, "packages", "cli", "dist", "main.js");

function continuum(...args: string[]) {
  const r = spawnSync("node", [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MODEL = `continuum: 1
organization: Example Bank
currency: USD
components:
  - {id: dc, kind: site}
  - {id: core, site: dc, restart: 30m}
  - id: payments
    kind: business-service
    tier: 1
    dependsOn: [core]
    impact:
      - {from: 0, perHour: 100000}
      - {from: 4h, once: 2000000}
  - {id: branch, kind: business-service, tier: 2, impact: [{from: 0, perHour: 10000}]}
risks:
  - {id: dc-fire, threat: fire, frequency: 0.05, strikes: [dc], duration: {p50: 10h, p90: 3d}}
  - {id: core-crash, threat: other, frequency: 2, strikes: [core], duration: {min: 15m, mode: 1h, max: 6h}}
  - {id: branch-flood, threat: flood, frequency: 0.2, strikesOneOf: [branch], duration: 2d}
  - {id: fraud, threat: cyber, frequency: 0.5, loss: {p5: 10000, p95: 2000000}}
insurance:
  - {id: bi, covers: [dc-fire, core-crash], waitingPeriod: 2h, deductible: 100000, limit: 5000000, aggregate: 8000000, premium: 150000}
riskAppetite:
  - {maxLoss: 5000000, probability: 1%}
`;

let dir: string;
let model: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "continuum-risk-"));
  model = join(dir, "bank.yaml");
  writeFileSync(model, MODEL);
});

describe("continuum risk", () => {
  it("is a command of the CLI", () => {
    const r = continuum("risk", "--help");
    expect(r.stderr, "wire `risk` into packages/cli/src/commands/index.ts").not.toMatch(/unknown command/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: continuum risk MODEL/);
  });

  it("gives identical JSON with 1 thread and with 3", () => {
    const one = continuum("risk", model, "--years", "5000", "--seed", "7", "--threads", "1", "--json");
    const three = continuum("risk", model, "--years", "5000", "--seed", "7", "--threads", "3", "--json");
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const j = JSON.parse(one.stdout);
    expect(j.organization).toBe("Example Bank");
    expect(j.years).toBe(5000);
    expect(j.seed).toBe(7);
    expect(j.currency).toBe("USD");
    for (const key of ["expected", "median", "p90", "p95", "p99", "p999"]) expect(typeof j.annualLoss[key]).toBe("number");
    expect(j.returnPeriods.map((r: { years: number }) => r.years)).toEqual([2, 5, 10, 20, 50, 100, 200, 250, 500, 1000]);
    expect(j.exceedanceCurve.length).toBeGreaterThan(30);
    expect(j.risks.map((r: { id: string }) => r.id)).toEqual(["dc-fire", "core-crash", "branch-flood", "fraud"]);
    expect(j.services.map((s: { id: string }) => s.id)).toEqual(["payments", "branch"]);
    expect(j.insurance.policies[0].id).toBe("bi");
    expect(Object.keys(j.costOfRisk.withoutPolicy)).toEqual(["bi"]);
    expect(j.appetite).toHaveLength(1);
    // branch-flood: 0.2 a year × 2 days × 10,000 an hour, exactly (fixed duration, no restart)
    expect(j.risks[2].meanLossPerOccurrence).toBeCloseTo(480_000, 6);
    // a different seed, different figures
    const other = continuum("risk", model, "--years", "5000", "--seed", "8", "--threads", "1", "--json");
    expect(other.stdout).not.toBe(one.stdout);
  });

  it("prints a report in money a CFO reads", () => {
    const r = continuum("risk", model, "--years", "2000", "--threads", "2");
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/Risk quantification — Example Bank/);
    expect(out).toMatch(/Expected annual loss \(the average year\)\s+[\d.]+[kMB]? USD\s+[\d.]+[kMB]? USD/);
    expect(out).toMatch(/Severe year \(1 in 100\)/);
    expect(out).toMatch(/Extreme year \(1 in 1,000\)/);
    expect(out).toMatch(/Which risks drive it/);
    expect(out).toMatch(/What the insurance is worth/);
    expect(out).toMatch(/Without bi/);
    expect(out).toMatch(/(WITHIN|EXCEEDED) at most 5M USD lost after insurance with probability 1% in a year/);
    expect(r.stderr).toBe(""); // no progress bar when stderr is not a terminal
  });

  it("reports invalid risks with file and line, exit 1", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, MODEL.replace("strikes: [dc]", "strikes: [dcc]").replace("threat: flood", "threat: flod"));
    const r = continuum("risk", bad, "--years", "100");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:16:\d+: error \[unknown-component\] risk "dc-fire": strikes "dcc" names no component[^\n]*\n\s+→ did you mean "dc"\?/);
    expect(r.stderr).toMatch(/bad\.yaml:18:\d+: error \[bad-threat\][^\n]*\n\s+→ did you mean "flood"\?/);
    expect(r.stdout).toBe("");
  });

  it("rejects bad options (exit 2)", () => {
    expect(continuum("risk", model, "--years", "many").code).toBe(2);
    expect(continuum("risk", model, "--seed", "-1").code).toBe(2);
    expect(continuum("risk", model, "--threads", "0").code).toBe(2);
    expect(continuum("risk").code).toBe(2);
  });
});
