import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cli = join(root, "packages", "cli", "dist", "main.js");
const example = join(root, "examples", "pangyo-2022");

function continuum(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync("node", [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", LANG: "C", CONTINUUM_LANG: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const run = (...args: string[]) => continuum({}, ...args);

function tempModel(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "continuum-plans-")), "model.yaml");
  writeFileSync(path, text);
  return path;
}

describe("continuum plans check", () => {
  it("shows the 2022 failover plan failing against the loss of Pangyo (exit 1), with the keys the issue names", () => {
    const r = run("plans", "check", join(example, "model.yaml"), "--json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.uncovered).toEqual(["kakao-t", "kakaopay"]);
    const plan = json.plans["dc-failover"];
    expect(plan.missing).toEqual([]);
    const lost = plan.scenarios["site-loss:pangyo-idc"];
    expect(lost.services["kakaotalk-text"]).toMatchObject({ rtoMet: false, mtpdMet: false });
    expect(lost.services["kakao-login"]).toMatchObject({ recoveredAt: null, rtoMet: false });
    expect(lost.waiting).toEqual([
      { step: "deploy-standby", for: ["dev-tools", "ops-tools"] },
      { step: "switch-data", for: ["failover-tool"] },
    ]);
    // the reconstruction of what people did: the crew of one makes steps wait for each other
    expect(json.plans["manual-recovery"].scenarios["site-loss:pangyo-idc"].capacityWaitMinutes).toBeGreaterThan(0);
    expect(json.plans["manual-recovery"].missing).toContain("purpose");
  });

  it("passes the remediated model (exit 0)", () => {
    const r = run("plans", "check", join(example, "remediated", "model.yaml"), "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.uncovered).toEqual([]);
    expect(json.plans["dc-failover"].scenarios["site-loss:pangyo-idc"].services["kakao-mail"].rtoMet).toBe(true);
  });

  it("plays the scenario files given instead of the site losses", () => {
    const r = run("plans", "check", join(example, "model.yaml"), join(example, "pangyo-fire.yaml"), "--json");
    expect(Object.keys(JSON.parse(r.stdout).plans["dc-failover"].scenarios)).toEqual(["pangyo-fire"]);
  });

  it("reads as text in English, and in Korean when the locale asks", () => {
    const en = run("plans", "check", join(example, "model.yaml"));
    expect(en.stdout).toMatch(/deploy-standby waits for: dev-tools, ops-tools/);
    expect(en.stdout).toMatch(/FAIL/);
    const ko = continuum({ CONTINUUM_LANG: "ko_KR.UTF-8" }, "plans", "check", join(example, "model.yaml"));
    expect(ko.stdout).toMatch(/RTO 미달/);
    expect(ko.stdout).toMatch(/10시간/);
  });

  it("exits 2 on an invalid model, with file, line and field, and on a missing subcommand", () => {
    const model = tempModel("continuum: 1\ncomponents: [{id: a, kind: team}]\nplans:\n  - id: p\n    roles: {commander: nobody}\n    steps: [{id: s, duration: 1h}]\n");
    const r = run("plans", "check", model);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.yaml:5:\d+: error \[unknown-component\][^\n]*"nobody"/);
    expect(run("plans").code).toBe(2);
  });
});

describe("continuum exercises plan", () => {
  it("lists the gaps of the 2022 programme: no site loss was ever drilled (exit 1)", () => {
    const r = run("exercises", "plan", join(example, "model.yaml"), "--from", "2022-01-01", "--json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ cycle: "12mo", from: "2022-01-01", to: "2023-01-01" });
    expect(json.gaps).toEqual({ services: ["kakao-t", "kakaopay"], plans: ["manual-recovery"], sites: ["gasan-idc", "pangyo-idc"] });
  });

  it("finds no gap in the remediated programme; a shorter cycle leaves one-a-year drills out", () => {
    const ok = run("exercises", "plan", join(example, "remediated", "model.yaml"), "--from", "2026-01-01", "--json");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).exercises[0].dates).toEqual(["2026-03-10", "2026-09-10"]);
    const short = run("exercises", "plan", join(example, "remediated", "model.yaml"), "--from", "2026-01-01", "--cycle", "3mo", "--json");
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout).gaps.sites).toEqual(["ansan-idc", "gasan-idc"]);
    expect(run("exercises", "plan", join(example, "model.yaml"), "--cycle", "soon").code).toBe(2);
    const unwritable = run("exercises", "plan", join(example, "model.yaml"), "--ics", join(tmpdir(), "no-such-folder-continuum", "x.ics"));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write .*x\.ics: ENOENT/);
  });

  it("writes an iCalendar file a real parser reads: one event per exercise, repeating with its cycle, Korean intact", () => {
    const ics = join(mkdtempSync(join(tmpdir(), "continuum-ics-")), "programme.ics");
    const model = tempModel(readFileSync(join(example, "remediated", "model.yaml"), "utf8").replace("objectives: [", "objectives: ['long; objective, with commas and a backslash \\ that goes on well past seventy-five octets', 한국어 목표도 길게 이어집니다, "));
    const r = run("exercises", "plan", model, "--from", "2026-01-01", "--ics", ics);
    expect(r.code).toBe(0);
    const text = readFileSync(ics, "utf8");
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(["exercise-pangyo-live-failover@continuum.invalid", "exercise-gasan-loss-simulation@continuum.invalid", "exercise-ansan-loss-tabletop@continuum.invalid"]);
    const live = events[0];
    expect(live.summary).toBe("판교 센터 상실 실전 전환 훈련 (live-failover)");
    expect(live.description).toContain("long; objective, with commas and a backslash \\ that goes on");
    expect(live.description).toContain("한국어 목표도 길게 이어집니다");
    expect(live.startDate.toString()).toBe("2026-03-10");
    expect(live.component.getFirstPropertyValue("dtstamp")).toBeTruthy();
    const next = live.iterator();
    expect([next.next()!.toString(), next.next()!.toString(), next.next()!.toString()]).toEqual(["2026-03-10", "2026-09-10", "2027-03-10"]);
  });
});
