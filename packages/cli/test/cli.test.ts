import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cli = join(root, "packages", "cli", "dist", "main.js");
const fixtures = join(here, "fixtures");
const cases = join(root, "..", "shared", "spec", "cases");
// the contract's public cases live beside the checkout (../shared), not in it: without them the
// tests that read them say so and skip, rather than fail or pass with nothing checked
const hasCases = existsSync(cases);
const SKIPPED = hasCases ? "" : ` — SKIPPED: the public cases are not at ${cases}`;
if (!hasCases) console.warn(`skipped: the CLI tests on the public cases (${cases} is absent)`);

function continuum(...args: string[]) {
  const r = spawnSync("node", [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("continuum check", () => {
  it("accepts a valid folder model, reading every file below it", () => {
    const r = continuum("check", join(fixtures, "folder-model"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid, 3 components/);
  });

  it("reports every error at once with file, line, component and a hint, and exits 1", () => {
    const r = continuum("check", join(fixtures, "broken-model.yaml"));
    expect(r.code).toBe(1);
    const err = r.stderr;
    expect(err).toMatch(/broken-model\.yaml:4:\d+: error \[unknown-key\] component "web": unknown key "dependson"[^\n]*\n\s+→ did you mean "dependsOn"\?/);
    expect(err).toMatch(/broken-model\.yaml:5:\d+: error \[duplicate-id\] component "web"/);
    expect(err).toMatch(/broken-model\.yaml:6:\d+: error \[unknown-key\][^\n]*"rot"[^\n]*\n\s+→ did you mean "rto"\?/);
    expect(err).toMatch(/broken-model\.yaml:8:\d+: error \[unknown-component\] component "api": dependency "dbb" names no component/);
    expect(err).toMatch(/error \[rto-over-mtpd\] component "api"/);
    expect(err).toMatch(/broken-model\.yaml:11:\d+: error \[bad-duration\] component "api": restart: "10 minutes"/);
    expect(err).not.toMatch(/at \w+ \(.*\.js:\d+/); // no stack trace
  });

  it("fails warnings only with --strict", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-cli-"));
    const model = join(dir, "cycle.yaml");
    writeFileSync(model, "continuum: 1\ncomponents:\n  - {id: a, tier: 1, dependsOn: [b]}\n  - {id: b, dependsOn: [a]}\n");
    const lenient = continuum("check", model);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/warning \[cycle\] component "a": circular dependency: a → b → a/);
    const strict = continuum("check", model, "--strict");
    expect(strict.code).toBe(1);
  });

  it("says clearly when the model file does not exist (usage error, exit 2)", () => {
    const r = continuum("check", "no/such/model.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or folder: no\/such\/model\.yaml/);
  });

  it("reports YAML syntax errors with their line", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-cli-"));
    const model = join(dir, "bad.yaml");
    writeFileSync(model, "continuum: 1\ncomponents:\n  - id: a\n    dependsOn: [b\n");
    const r = continuum("check", model);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error \[syntax\] YAML syntax/);
  });
});

describe("continuum simulate", () => {
  it.skipIf(!hasCases)(`prints the contract JSON with --json${SKIPPED}`, () => {
    const r = continuum("simulate", join(cases, "chain-model.yaml"), join(cases, "chain-scenario.yaml"), "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.components.t).toEqual({ outages: [{ start: 0, end: 610 }], downtimeMinutes: 610, longestOutageMinutes: 610, rtoBreached: true, mtpdBreached: true, loss: 7100 });
    expect(json.totalLoss).toBe(7100);
  });

  it.skipIf(!hasCases)(`prints a report with tiers, verdicts, breach moments, durations like 10h 10m and money in the model's currency${SKIPPED}`, () => {
    const r = continuum("simulate", join(cases, "chain-model.yaml"), join(cases, "chain-scenario.yaml"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Tier 1/);
    expect(r.stdout).toMatch(/10h 10m/);
    expect(r.stdout).toMatch(/BREACHED 1h, at \+1h/);
    expect(r.stdout).toMatch(/BREACHED 8h, at \+8h/);
    expect(r.stdout).toMatch(/7,100 KRW/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colours when not a terminal
  });

  it.skipIf(!hasCases)(`writes markdown with --format markdown${SKIPPED}`, () => {
    const r = continuum("simulate", join(cases, "chain-model.yaml"), join(cases, "chain-scenario.yaml"), "--format", "markdown");
    expect(r.stdout).toMatch(/^# What if: chain/m);
    expect(r.stdout).toMatch(/^\| Service \| Down at \| Back at \|/m);
  });

  it("capacity: --json lists waitingForCapacity per the contract; the report says who waited for which team, when and how long", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-cli-"));
    const model = join(dir, "team.yaml");
    writeFileSync(model, `continuum: 1
components:
  - {id: x}
  - {id: dba, kind: team, capacity: 1}
plans:
  - id: p
    activation: {when: [x]}
    steps:
      - {id: a, duration: 1h, needs: [dba]}
      - {id: b, duration: 1h, needs: [{id: dba, units: 1}]}
`);
    const scenario = join(dir, "s.yaml");
    writeFileSync(scenario, "scenario: s\nhorizon: 90m\nevents: [{at: 0, fail: x}]\n");
    const json = JSON.parse(continuum("simulate", model, scenario, "--json").stdout);
    expect(json.plans.p.steps.a).toEqual({ start: 0, end: 60, interruptions: 0 });
    expect(json.plans.p.steps.b).toEqual({ start: 60, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [] });
    writeFileSync(scenario, "scenario: s\nhorizon: 30m\nevents: [{at: 0, fail: x}]\n");
    const early = JSON.parse(continuum("simulate", model, scenario, "--json").stdout);
    expect(early.plans.p.steps.b.waitingForCapacity).toEqual(["dba"]);
    expect(early.plans.p.steps.a).not.toHaveProperty("waitingForCapacity");
    const text = continuum("simulate", model, scenario, "--format", "markdown").stdout;
    expect(text).toMatch(/b waits for dba \(every unit busy\)/);
    expect(text).toMatch(/^### Waiting for people and tools \(capacity\)/m);
    expect(text).toMatch(/p \/ b waited 30m for dba: from 0m still waiting at the horizon/);
    writeFileSync(scenario, "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]\n");
    expect(continuum("simulate", model, scenario).stdout).toMatch(/p \/ b waited 1h for dba: from 0m until \+1h/);
  });

  it("runs a quick what-if with --fail and --for", () => {
    const r = continuum("simulate", join(fixtures, "folder-model"), "--fail", "dc-a", "--for", "2h", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.components.orders.outages).toEqual([{ start: 0, end: 125 }]);
    expect(json.components.orders.loss).toBeCloseTo(12500, 6);
  });

  it("runs a folder model with its scenario beside it (the scenario document is not read as model)", () => {
    const r = continuum("simulate", join(fixtures, "folder-model"), join(fixtures, "folder-model", "fire.yaml"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).components.orders.outages).toEqual([{ start: 0, end: 65 }]);
  });

  it("rejects a scenario naming an unknown component with exit 1 and a suggestion", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-cli-"));
    const scenario = join(dir, "s.yaml");
    writeFileSync(scenario, "scenario: x\nevents:\n  - {at: 0, fail: dc-b}\n");
    const r = continuum("simulate", join(fixtures, "folder-model"), scenario);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/s\.yaml:3:\d+: error \[unknown-component\] fail "dc-b" names no component of the model[^\n]*\n\s+→ did you mean "dc-a"\?/);
  });

  it("answers usage errors with exit 2", () => {
    expect(continuum("simulate", join(fixtures, "folder-model")).code).toBe(2);
    expect(continuum("simulate", join(fixtures, "folder-model"), "--fail", "dc-a", "--for", "ten hours").code).toBe(2);
    expect(continuum("simulate", "--bogus").code).toBe(2);
    expect(continuum("frobnicate").code).toBe(2);
  });
});

describe("continuum spof", () => {
  it.skipIf(!hasCases)(`prints the contract JSON${SKIPPED}`, () => {
    const r = continuum("spof", join(cases, "n-minus-one-model.yaml"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ spof: { login: [], messaging: ["db-east", "dc-east", "login"], failover: ["dc-east", "ops-console"] } });
  });

  it.skipIf(!hasCases)(`ranks components and runs the N-1 site test${SKIPPED}`, () => {
    const r = continuum("spof", join(cases, "n-minus-one-model.yaml"));
    expect(r.stdout).toMatch(/1\s+dc-east\s+site\s+1\s+1/);
    expect(r.stdout).toMatch(/dc-east\s+FAIL\s+messaging\s+failover/);
    expect(r.stdout).toMatch(/dc-west\s+pass/);
  });
});

describe("help", () => {
  it.each(["check", "simulate", "spof"])("%s --help shows usage and examples", (command) => {
    const r = continuum(command, "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: continuum ${command}`));
    expect(r.stdout).toMatch(/Examples:/);
  });

  it("lists the commands", () => {
    const r = continuum("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check\s+validate/);
  });
});
