import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModelOrThrow, Simulator } from "@continuum/engine";
import { analyze, whatIf } from "../src/model/analysis";

const state = (text: string) => {
  const loaded = loadModelOrThrow(text);
  return { loaded, simulator: new Simulator(loaded.compiled) };
};

const cyclic = `
continuum: 1
components:
  - { id: dc, kind: site }
  - { id: vault, site: dc, restart: 10m, dependsOn: [console] }
  - { id: console, site: dc, restart: 5m, dependsOn: [vault] }
  - { id: app, site: dc, dependsOn: [vault] }
  - id: shop
    kind: business-service
    tier: 1
    rto: 1h
    mtpd: 4h
    impact: [{ from: 0, perHour: 600 }, { from: 2h, once: 1000 }]
    dependsOn: [app]
`;

describe("what-if, as the page shows it", () => {
  it("explains a deadlock: who waits on whom, and the circle", () => {
    const r = whatIf(state(cyclic), { scenario: "dc-2h", horizon: "1d", events: [{ at: 0, fail: "dc", for: "2h" }] });
    expect(r.json.deadlocked).toEqual(["app", "console", "shop", "vault"]);
    expect(r.deadlocks.find((d) => d.id === "vault")!.waitsOn).toEqual(["console"]);
    expect(r.deadlocks.find((d) => d.id === "shop")!.waitsOn).toEqual(["app"]);
    expect(r.cycles).toHaveLength(1);
    const circle = r.cycles[0];
    expect(circle[0]).toBe(circle[circle.length - 1]);
    expect(new Set(circle)).toEqual(new Set(["vault", "console"]));
  });
  it("gives timeline rows with breaches and the loss over time, ending at the total", () => {
    const r = whatIf(state(cyclic), { scenario: "dc-2h", horizon: "1d", events: [{ at: 0, fail: "dc", for: "2h" }] });
    expect(r.services.map((s) => s.id)).toEqual(["shop"]);
    expect(r.services[0]).toMatchObject({ rtoBreached: true, mtpdBreached: true, outages: [{ start: 0, end: null }] });
    expect(r.until).toBe(1440); // an outage still going: the whole horizon
    const { t, loss } = r.lossCurve;
    expect(t[0]).toBe(0);
    expect(loss[0]).toBe(0);
    expect(loss[loss.length - 1]).toBeCloseTo(r.json.totalLoss, 6);
    for (let k = 1; k < loss.length; k++) expect(loss[k]).toBeGreaterThanOrEqual(loss[k - 1]);
  });
  it("shows when steps waited for people, and answers “one more DBA” without editing the model", () => {
    const teams = `
continuum: 1
components:
  - { id: dc, kind: site }
  - { id: dba, kind: team, capacity: 1 }
plans:
  - id: dr
    activation: { when: [dc] }
    steps:
      - { id: a, duration: 1h, needs: [dba] }
      - { id: b, duration: 1h, needs: [dba] }
`;
    const s = state(teams);
    const scenario = { scenario: "dc", horizon: "1d", events: [{ at: 0, fail: "dc" }] };
    const one = whatIf(s, scenario);
    expect(one.capacityWaits).toEqual({ dr: { b: [{ from: 0, to: 60, components: ["dba"] }] } });
    expect(one.json.plans!.dr.completedAt).toBe(120);
    const two = whatIf(s, scenario, { dba: 2 });
    expect(two.capacityWaits).toEqual({});
    expect(two.capacities).toEqual({ dba: 2 });
    expect(two.json.plans!.dr.completedAt).toBe(60);
    // the model itself is unchanged: the next what-if without changes queues again
    expect(whatIf(s, scenario).json.plans!.dr.completedAt).toBe(120);
    expect(() => whatIf(s, scenario, { dba: 0 })).toThrow(/capacity must be a whole number/);
    const early = whatIf(s, { ...scenario, horizon: "30m" });
    expect(early.blockedSteps).toEqual([{ plan: "dr", step: "b", waitingForComponents: [], waitingForSteps: [], waitingForCapacity: ["dba"] }]);
  });
  it("reports a scenario that names no component with the engine's diagnostics", () => {
    expect(() => whatIf(state(cyclic), { scenario: "x", events: [{ at: 0, fail: "nowhere" }] })).toThrow(/nowhere/);
  });
});

describe("analysis of the example", () => {
  const text = readFileSync(join(__dirname, "../../../examples/pangyo-2022/model.yaml"), "utf8");
  const a = analyze(state(text));
  it("finds the Pangyo site breaking MTPDs and taking tier-1 services down for good", () => {
    const pangyo = a.n1Sites.find((s) => s.site === "pangyo-idc")!;
    expect(pangyo.mtpdBroken).toContain("kakaotalk-text");
    expect(pangyo.downForGood.length).toBeGreaterThan(3);
    expect(a.n1Sites.find((s) => s.site === "gasan-idc")!.downForGood).toEqual([]);
  });
  it("lists single points of failure per tiered service and RTO inversions", () => {
    expect(a.spof["kakaotalk-text"]).toContain("pangyo-idc");
    expect(a.rtoInversions).toContainEqual(expect.objectContaining({ service: "kakao-t", dependency: "kakao-map" }));
  });
});
