/**
 * Hand-computed unit tests of the simulation semantics of the contract
 * (/work/shared/spec/continuity-model.md, "Semantics", "Recovery plans in a scenario",
 * "Single points of failure"). One `it` per rule; every expected value below is worked out by
 * hand from the spec's sentences (quoted or paraphrased in the comments), never taken from a run.
 */
import { describe, expect, it } from "vitest";
import {
  compileImpact,
  loadModelOrThrow,
  loadScenarioOrThrow,
  outageLoss,
  simulate,
  spof,
  type SimulationJSON,
} from "../src/index.js";

type Span = [number, number | null];

function model(yaml: string) {
  return loadModelOrThrow("continuum: 1\n" + yaml, { warnings: false });
}

function sim(modelYaml: string, scenarioYaml: string): SimulationJSON {
  const loaded = model(modelYaml);
  return simulate(loaded, loadScenarioOrThrow(loaded.model, scenarioYaml));
}

/** Same model, several scenarios. */
function sims(modelYaml: string, ...scenarios: string[]): SimulationJSON[] {
  const loaded = model(modelYaml);
  return scenarios.map((s) => simulate(loaded, loadScenarioOrThrow(loaded.model, s)));
}

/** The outages of every component that appears in the result, as [start, end] pairs. */
function outages(json: SimulationJSON): Record<string, Span[]> {
  const out: Record<string, Span[]> = {};
  for (const [id, c] of Object.entries(json.components)) out[id] = c.outages.map((o) => [o.start, o.end]);
  return out;
}

function scenario(horizon: string, ...events: string[]): string {
  return `scenario: test\nhorizon: ${horizon}\nevents:\n${events.map((e) => `  - ${e}\n`).join("")}${events.length ? "" : "  []\n"}`;
}

describe("hard dependencies", () => {
  it("a chain comes back restart after restart, the failed component's own restart included", () => {
    // s broken [60, 180), restart 5 → UP 185; db unblocked 185, restart 30 → 215;
    // app unblocked 215, restart 10 → 225; svc (restart 0) UP at 225.
    const r = sim(
      `components:
  - {id: s, restart: 5m}
  - {id: db, restart: 30m, dependsOn: [s]}
  - {id: app, restart: 10m, dependsOn: [db]}
  - {id: svc, dependsOn: [app]}
  - {id: other}
`,
      scenario("1d", "{at: 1h, fail: s, for: 2h}"),
    );
    expect(outages(r)).toEqual({ s: [[60, 185]], db: [[60, 215]], app: [[60, 225]], svc: [[60, 225]] });
    expect(r.components.svc).toStrictEqual({
      outages: [{ start: 60, end: 225 }],
      downtimeMinutes: 165,
      longestOutageMinutes: 165,
      rtoBreached: false,
      mtpdBreached: false,
      loss: 0,
    });
    expect(r.scenario).toBe("test");
    expect(r.horizonMinutes).toBe(1440);
    expect(r.deadlocked).toEqual([]);
    expect(r.totalLoss).toBe(0);
    expect("plans" in r).toBe(false); // only printed when the model has plans
  });

  it("site: is a hard dependency on the site, alongside dependsOn", () => {
    const r = sim(
      `components:
  - {id: dc}
  - {id: dc2}
  - {id: app, site: dc}
  - {id: web, site: dc2, dependsOn: [app]}
`,
      scenario("1d", "{at: 0, fail: dc, for: 30m}", "{at: 100, fail: dc2, for: 10}"),
    );
    expect(outages(r)).toEqual({
      dc: [[0, 30]],
      dc2: [[100, 110]],
      app: [[0, 30]],
      web: [[0, 30], [100, 110]],
    });
  });
});

describe("active-active groups", () => {
  it("is met while at least `need` members are UP", () => {
    // need 2 of [a, b, c]: 30–60 only c is UP; 205–210 only c is UP.
    const r = sim(
      `components:
  - {id: a}
  - {id: b}
  - {id: c}
  - id: t
    dependsOn:
      - {group: g, members: [a, b, c], need: 2}
`,
      scenario(
        "1d",
        "{at: 0, fail: a, for: 60}",
        "{at: 30, fail: b, for: 60}",
        "{at: 100, fail: c, for: 10}",
        "{at: 200, fail: a, for: 10}",
        "{at: 205, fail: b, for: 15}",
      ),
    );
    expect(outages(r)).toEqual({
      a: [[0, 60], [200, 210]],
      b: [[30, 90], [205, 220]],
      c: [[100, 110]],
      t: [[30, 60], [205, 210]],
    });
  });

  it("defaults to active-active with need 1", () => {
    const r = sim(
      `components:
  - {id: a}
  - {id: b}
  - {id: t, dependsOn: [{group: g, members: [a, b]}]}
`,
      scenario("1d", "{at: 0, fail: a, for: 60}", "{at: 30, fail: b, for: 60}", "{at: 200, fail: b, for: 10}"),
    );
    expect(outages(r)).toEqual({ a: [[0, 60]], b: [[30, 90], [200, 210]], t: [[30, 60]] });
  });
});

describe("active-passive groups", () => {
  const pair = (failover: string, ownerRestart = "0") => `components:
  - {id: p}
  - {id: q}
  - id: x
    restart: ${ownerRestart}
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: ${failover}}
`;

  it("failover > 0: a switchover leaves the group unmet for `failover` minutes; the old member returning changes nothing", () => {
    // 10: p (active) DOWN, q UP → switchover to q, unmet until 30. 70: p back, not active.
    // 100: q (active) DOWN, p UP → switchover to p, unmet until 120 (q back at 110 changes nothing).
    const r = sim(pair("20m"), scenario("1d", "{at: 10, fail: p, for: 60}", "{at: 100, fail: q, for: 10}"));
    expect(outages(r)).toEqual({ p: [[10, 70]], q: [[100, 110]], x: [[10, 30], [100, 120]] });
  });

  it("the owner's restart starts when the switchover ends", () => {
    const r = sim(pair("20m", "10m"), scenario("1d", "{at: 10, fail: p, for: 60}", "{at: 100, fail: q, for: 10}"));
    expect(outages(r).x).toEqual([[10, 40], [100, 130]]);
  });

  it("failover 0: the first UP member takes over at once and the group stays met", () => {
    // 10: p DOWN → q active at once. 100: q DOWN → p (UP since 70) active at once.
    // 200: p and q both DOWN → no member UP → no active member, unmet; 210: p UP → met.
    const r = sim(
      pair("0"),
      scenario(
        "1d",
        "{at: 10, fail: p, for: 60}",
        "{at: 100, fail: q, for: 10}",
        "{at: 200, fail: p, for: 10}",
        "{at: 200, fail: q, for: 20}",
      ),
    );
    expect(outages(r)).toEqual({ p: [[10, 70], [200, 210]], q: [[100, 110], [200, 220]], x: [[200, 210]] });
  });

  it("the switchover target going DOWN during the switchover starts a new switchover to the next UP member, clock restarting", () => {
    // 0: p DOWN → switchover to q (until 20). 10: q DOWN → new switchover to r, until 30 (not 20).
    // 50: r (active) DOWN, q UP since 15 → switchover to q, until 70.
    const r = sim(
      `components:
  - {id: p}
  - {id: q}
  - {id: r}
  - id: x
    dependsOn:
      - {group: g, members: [p, q, r], mode: active-passive, failover: 20m}
`,
      scenario("1d", "{at: 0, fail: p, for: 100}", "{at: 10, fail: q, for: 5}", "{at: 50, fail: r, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[0, 100]], q: [[10, 15]], r: [[50, 60]], x: [[0, 30], [50, 70]] });
  });

  it("the switchover target going DOWN with no other member UP: the switchover is over, the group has no active member", () => {
    // 0: p DOWN → switchover to q (until 20). 10: q DOWN, nobody UP → no active member, and the
    // switchover is gone. 15: q UP → met at once (no waiting for 20) → x UP at 15.
    const r = sim(pair("20m"), scenario("1d", "{at: 0, fail: p, for: 100}", "{at: 10, fail: q, for: 5}"));
    expect(outages(r)).toEqual({ p: [[0, 100]], q: [[10, 15]], x: [[0, 15]] });
  });

  it("the target going DOWN at the instant its switchover ends: the group is unmet again before the up phase", () => {
    // 0: p DOWN → switchover to q until 20. 20: the switchover ends, then (down phase) q DOWN →
    // q is active, r UP → new switchover to r until 40. x never comes UP at 20: one outage.
    const r = sim(
      `components:
  - {id: p}
  - {id: q}
  - {id: r}
  - id: x
    dependsOn:
      - {group: g, members: [p, q, r], mode: active-passive, failover: 20m}
`,
      scenario("1d", "{at: 0, fail: p, for: 100}", "{at: 20, fail: q, for: 5}"),
    );
    expect(outages(r)).toEqual({ p: [[0, 100]], q: [[20, 25]], x: [[0, 40]] });
  });

  it("no other member UP: the group has no active member; the first member to come UP becomes active without a switchover", () => {
    // 0: q DOWN (not active): nothing. 10: p DOWN, no other member UP → no active member → x DOWN.
    // 100: q UP → met at once (no failover wait), q active. 1000: p back, not active.
    // 1100: q (active) DOWN, p UP → switchover to p until 1120.
    const r = sim(
      pair("20m"),
      scenario("1d", "{at: 0, fail: q, for: 100}", "{at: 10, fail: p, for: 990}", "{at: 1100, fail: q, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[10, 1000]], q: [[0, 100], [1100, 1110]], x: [[10, 100], [1100, 1120]] });
  });

  it("with no active member, the first member in list order among those UP becomes active", () => {
    // all three DOWN 0–50: no active member. At 50 all come UP together → p (first in list order)
    // becomes active. 100: p DOWN, q UP → switchover to q until 120 (had q or r been made active,
    // p's loss would change nothing).
    const r = sim(
      `components:
  - {id: p}
  - {id: q}
  - {id: r}
  - id: x
    dependsOn:
      - {group: g, members: [p, q, r], mode: active-passive, failover: 20m}
`,
      scenario("1d", "{at: 0, fail: r, for: 50}", "{at: 0, fail: q, for: 50}", "{at: 0, fail: p, for: 50}", "{at: 100, fail: p, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[0, 50], [100, 110]], q: [[0, 50]], r: [[0, 50]], x: [[0, 50], [100, 120]] });
  });

  it("a member that is not active going DOWN changes nothing (also the non-target during a switchover)", () => {
    // 0: q DOWN (passive) → nothing. 50: p DOWN → switchover to q (UP since 30) until 70.
    // 55: r DOWN during the switchover, not the target → nothing. 600: p DOWN, not active → nothing.
    const r = sim(
      `components:
  - {id: p}
  - {id: q}
  - {id: r}
  - id: x
    dependsOn:
      - {group: g, members: [p, q, r], mode: active-passive, failover: 20m}
`,
      scenario(
        "1d",
        "{at: 0, fail: q, for: 30}",
        "{at: 50, fail: p, for: 450}",
        "{at: 55, fail: r, for: 5}",
        "{at: 600, fail: p, for: 10}",
      ),
    );
    expect(outages(r).x).toEqual([[50, 70]]);
  });

  it("the first active member is the first member that is not standby", () => {
    // [sb (standby), p]: p is active from the start, so x is UP; 100: p DOWN, sb is DOWN (waiting)
    // → no active member → x DOWN until p is back at 150.
    const r = sim(
      `components:
  - {id: sb, standby: true}
  - {id: p}
  - id: x
    dependsOn:
      - {group: g, members: [sb, p], mode: active-passive, failover: 20m}
`,
      scenario("1d", "{at: 100, fail: p, for: 50}"),
    );
    expect(outages(r)).toEqual({ p: [[100, 150]], x: [[100, 150]] });
  });

  it("an outage of length 0 is not reported (group without active member met again in the up phase)", () => {
    // q DOWN [0, 30) (restart 10 after its fail ends at 20). 30, down phase: p (active) DOWN, q still
    // DOWN → no active member, unmet → x DOWN. Up phase: q's restart completes → some member UP →
    // met → x UP at 30: a zero-length outage, not reported. q became active, so
    // 200: q DOWN, p UP → switchover to p until 230.
    const r = sim(
      `components:
  - {id: p}
  - {id: q, restart: 10m}
  - id: x
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: 30m}
`,
      scenario("1d", "{at: 0, fail: q, for: 20}", "{at: 30, fail: p, for: 100}", "{at: 200, fail: q, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[30, 130]], q: [[0, 30], [200, 220]], x: [[200, 230]] });
  });
});

describe("restarts", () => {
  const dx = `components:
  - {id: d}
  - {id: x, restart: 30m, dependsOn: [d]}
`;

  it("blocked again while restarting: the restart begins again when next unblocked", () => {
    // x unblocked at 10 (due 40), blocked at 20, unblocked at 25 → UP at 55.
    const r = sim(dx, scenario("1d", "{at: 0, fail: d, for: 10}", "{at: 20, fail: d, for: 5}"));
    expect(outages(r)).toEqual({ d: [[0, 10], [20, 25]], x: [[0, 55]] });
  });

  it("blocked again at the very instant it would come up: it stays DOWN (one outage)", () => {
    // due at 40, d DOWN at 40 → stays DOWN; unblocked at 50 → UP at 80.
    const [a, b] = sims(
      dx,
      scenario("1d", "{at: 0, fail: d, for: 10}", "{at: 40, fail: d, for: 10}"),
      // its own fail event at the instant its restart would complete
      scenario("1d", "{at: 0, fail: d, for: 10}", "{at: 40, fail: x, for: 5}"),
    );
    expect(outages(a)).toEqual({ d: [[0, 10], [40, 50]], x: [[0, 80]] });
    expect(outages(b)).toEqual({ d: [[0, 10]], x: [[0, 75]] });
  });

  it("a block of zero length still restarts the clock", () => {
    // x's own fail ends at 20 → due 50. At 30 d has a zero-length outage (see the active-passive
    // test): x is blocked at 30 and unblocked at 30 → its restart begins again at 30 → UP at 60.
    const r = sim(
      `components:
  - {id: p}
  - {id: q, restart: 10m}
  - id: d
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: 30m}
  - {id: x, restart: 30m, dependsOn: [d]}
`,
      scenario("1d", "{at: 0, fail: x, for: 20}", "{at: 0, fail: q, for: 20}", "{at: 30, fail: p, for: 100}"),
    );
    expect(outages(r)).toEqual({ p: [[30, 130]], q: [[0, 30]], x: [[0, 60]] });
  });
});

describe("fail events", () => {
  const ab = `components:
  - {id: a, restart: 10m}
  - {id: b, dependsOn: [a]}
`;

  it("several fail events on one component: broken while any is in force", () => {
    const [overlap, adjacent, interrupts] = sims(
      ab,
      scenario("1d", "{at: 0, fail: a, for: 60}", "{at: 30, fail: a, for: 60}", "{at: 40, fail: a, for: 10}"),
      // one ends and one starts at 30: both are applied in the down phase, a never unblocks at 30
      scenario("1d", "{at: 0, fail: a, for: 30}", "{at: 30, fail: a, for: 30}"),
      // a second event while a restarts: unblocked 60 (due 70), broken 65–75 → UP at 85
      scenario("1d", "{at: 0, fail: a, for: 60}", "{at: 65, fail: a, for: 10}"),
    );
    expect(outages(overlap)).toEqual({ a: [[0, 100]], b: [[0, 100]] });
    expect(outages(adjacent)).toEqual({ a: [[0, 70]], b: [[0, 70]] });
    expect(outages(interrupts)).toEqual({ a: [[0, 85]], b: [[0, 85]] });
  });

  it("events may be listed in any order", () => {
    const r = sim(ab, scenario("1d", "{at: 65, fail: a, for: 10}", "{at: 200, fail: b, for: 1}", "{at: 0, fail: a, for: 60}"));
    expect(outages(r)).toEqual({ a: [[0, 85]], b: [[0, 85], [200, 201]] });
  });

  it("for: 0 has no effect", () => {
    const r = sim(ab, scenario("1d", "{at: 10, fail: a, for: 0}", "{at: 20, fail: b, for: 0m}"));
    expect(r.components).toEqual({});
    expect(r.totalLoss).toBe(0);
  });

  it("events at or after the horizon are not played; an outage open at the horizon has end null", () => {
    // horizon 100: a at 100 and b at 150 are not played; c broken past 100; d's repair at 100 and
    // e's restart completing at 100 are not played either.
    const r = sim(
      `components:
  - {id: a}
  - {id: b}
  - {id: c}
  - {id: d}
  - {id: e, restart: 30m}
`,
      scenario(
        "100",
        "{at: 100, fail: a, for: 10}",
        "{at: 150, fail: b}",
        "{at: 99, fail: c, for: 10}",
        "{at: 50, fail: d, for: 50}",
        "{at: 0, fail: e, for: 70}",
      ),
    );
    expect(outages(r)).toEqual({ c: [[99, null]], d: [[50, null]], e: [[0, null]] });
    expect(r.components.d.downtimeMinutes).toBe(50);
    expect(r.components.e.longestOutageMinutes).toBe(100);
  });

  it("default horizon is 30 days; a fail event without `for` is not repaired", () => {
    const r = sim(`components:\n  - {id: a}\n`, "scenario: s\nevents:\n  - {at: 0, fail: a}\n");
    expect(r.horizonMinutes).toBe(43200);
    expect(outages(r)).toEqual({ a: [[0, null]] });
    expect(r.components.a.downtimeMinutes).toBe(43200);
  });
});

describe("impact, loss and targets", () => {
  it("an ongoing outage counts D = horizon − start for loss, RTO and MTPD", () => {
    // D = 180 − 60 = 120: loss 120 min × 60/h = 120, once at 2h ≤ 120 → +1000;
    // 120 > rto 60 → breach; 120 > mtpd 120 is false.
    const r = sim(
      `components:
  - id: svc
    rto: 1h
    mtpd: 2h
    impact:
      - {from: 0, perHour: 60}
      - {from: 2h, once: 1000}
`,
      scenario("3h", "{at: 1h, fail: svc}"),
    );
    expect(r.components.svc).toStrictEqual({
      outages: [{ start: 60, end: null }],
      downtimeMinutes: 120,
      longestOutageMinutes: 120,
      rtoBreached: true,
      mtpdBreached: false,
      loss: 1120,
    });
    expect(r.totalLoss).toBe(1120);
  });

  it("loss integrates the perHour schedule and adds each once whose from ≤ D", () => {
    // svc: 600/h on [0,1h), 1200/h on [1h,3h), 0 from 3h; once 7 at 0, once 5000 at 2h.
    //   D=150: 600 + 1200×1.5 + 7 + 5000 = 7407
    //   D=120: 600 + 1200 + 7 + 5000 (from = D counts) = 6807
    //   D=240: 600 + 2400 + 0 + 7 + 5000 = 8007
    //   D=30:  300 + 7 = 307                              → 22528
    // late (same outages, via its dependency): 120/h from 30m, nothing before:
    //   (150−30)×2 + (120−30)×2 + (240−30)×2 + 0 = 240 + 180 + 420 = 840
    const r = sim(
      `components:
  - id: svc
    impact:
      - {from: 0, perHour: 600}
      - {from: 0, once: 7}
      - {from: 1h, perHour: 1200}
      - {from: 2h, once: 5000}
      - {from: 3h, perHour: 0}
  - id: late
    dependsOn: [svc]
    impact:
      - {from: 30m, perHour: 120}
`,
      scenario(
        "1d",
        "{at: 0, fail: svc, for: 150}",
        "{at: 200, fail: svc, for: 120}",
        "{at: 400, fail: svc, for: 240}",
        "{at: 700, fail: svc, for: 30}",
      ),
    );
    expect(r.components.svc.loss).toBeCloseTo(22528, 6);
    expect(r.components.svc.downtimeMinutes).toBe(540);
    expect(r.components.svc.longestOutageMinutes).toBe(240);
    expect(r.components.late.loss).toBeCloseTo(840, 6);
    expect(r.totalLoss).toBeCloseTo(23368, 6);
  });

  it("a once entry counts only when D > 0", () => {
    const curve = compileImpact([{ from: 0, once: 100 }]);
    expect(outageLoss(curve, 0)).toBe(0);
    expect(outageLoss(curve, 0.5)).toBe(100);
  });

  it("RTO and MTPD breaches are strict (D > target), judged per outage", () => {
    const m = `components:
  - {id: svc, rto: 30m, mtpd: 1h}
  - {id: plain}
`;
    const [exact, twoOutages, over] = sims(
      m,
      scenario("1d", "{at: 0, fail: svc, for: 30}", "{at: 0, fail: plain, for: 1000}"),
      scenario("1d", "{at: 0, fail: svc, for: 30}", "{at: 100, fail: svc, for: 60}"),
      scenario("1d", "{at: 0, fail: svc, for: 61}"),
    );
    expect([exact.components.svc.rtoBreached, exact.components.svc.mtpdBreached]).toEqual([false, false]);
    // no targets: never breached
    expect([exact.components.plain.rtoBreached, exact.components.plain.mtpdBreached]).toEqual([false, false]);
    // 30 and 60: downtime 90, but no single outage is over 60
    expect(twoOutages.components.svc.downtimeMinutes).toBe(90);
    expect([twoOutages.components.svc.rtoBreached, twoOutages.components.svc.mtpdBreached]).toEqual([true, false]);
    expect([over.components.svc.rtoBreached, over.components.svc.mtpdBreached]).toEqual([true, true]);
  });
});

describe("deadlocks and cycles", () => {
  it("circular waits and everything that needs them are deadlocked, sorted by id", () => {
    // y ↔ x; m needs y; k needs m. w needs [x or free] and stays UP.
    const r = sim(
      `components:
  - {id: y, dependsOn: [x]}
  - {id: x, dependsOn: [y]}
  - {id: m, dependsOn: [y]}
  - {id: k, dependsOn: [m]}
  - {id: free}
  - {id: w, tier: 1, dependsOn: [{group: g, members: [x, free], need: 1}]}
`,
      scenario("1d", "{at: 0, fail: y, for: 10}"),
    );
    expect(outages(r)).toEqual({ y: [[0, null]], x: [[0, null]], m: [[0, null]], k: [[0, null]] });
    expect(r.deadlocked).toEqual(["k", "m", "x", "y"]);
  });

  it("nothing is deadlocked that would come back once fail events end, switchovers and restarts complete and standbys start", () => {
    const r = sim(
      `components:
  - {id: a}
  - {id: b, dependsOn: [a]}
  - {id: c, dependsOn: [b]}
  - {id: d, restart: 2d}
  - {id: p}
  - {id: q}
  - id: x
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: 2d}
  - {id: sb, standby: true}
  - {id: u, dependsOn: [sb]}
`,
      scenario("1d", "{at: 0, fail: a}", "{at: 0, fail: d, for: 10}", "{at: 0, fail: p}"),
    );
    expect(outages(r)).toEqual({
      a: [[0, null]],
      b: [[0, null]],
      c: [[0, null]],
      d: [[0, null]],
      p: [[0, null]],
      x: [[0, null]],
      u: [[0, null]],
    });
    expect(r.deadlocked).toEqual([]);
  });

  it("a cycle stays a circular wait even when one of its members is broken for ever", () => {
    const r = sim(
      `components:
  - {id: a, dependsOn: [b]}
  - {id: b, dependsOn: [a]}
`,
      scenario("1d", "{at: 0, fail: a}"),
    );
    expect(r.deadlocked).toEqual(["a", "b"]);
  });

  it("a cycle through a shared site does not come back when the site is repaired", () => {
    const r = sim(
      `components:
  - {id: s}
  - {id: a, site: s, dependsOn: [b]}
  - {id: b, site: s, dependsOn: [a]}
`,
      scenario("1d", "{at: 0, fail: s, for: 60}"),
    );
    expect(outages(r)).toEqual({ s: [[0, 60]], a: [[0, null]], b: [[0, null]] });
    expect(r.deadlocked).toEqual(["a", "b"]);
  });

  it("a cycle with a redundant way out recovers when its broken member is repaired", () => {
    // a needs (b or c); b needs a. 60: a unblocked (c UP) → a UP → b UP.
    const r = sim(
      `components:
  - {id: a, dependsOn: [{group: g, members: [b, c], need: 1}]}
  - {id: b, dependsOn: [a]}
  - {id: c}
`,
      scenario("1d", "{at: 0, fail: a, for: 60}"),
    );
    expect(outages(r)).toEqual({ a: [[0, 60]], b: [[0, 60]] });
    expect(r.deadlocked).toEqual([]);
  });

  it("a cycle through an automatic switchover recovers when the switchover ends", () => {
    // p needs x; x needs [p, q] failover 30. 0: p DOWN → switchover to q → x DOWN until 30;
    // p's event ends at 10 but x is DOWN; 30: x UP → p UP.
    const r = sim(
      `components:
  - {id: p, dependsOn: [x]}
  - {id: q}
  - id: x
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: 30m}
`,
      scenario("1d", "{at: 0, fail: p, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[0, 30]], x: [[0, 30]] });
    expect(r.deadlocked).toEqual([]);
  });

  it("a manual group waiting for a switch is not a deadlock while another member is UP", () => {
    // Same cycle, failover manual: x waits for a switch for ever, p waits for x. A completed switch
    // (q UP) would bring x and then p back: not deadlocked.
    const r = sim(
      `components:
  - {id: p, dependsOn: [x]}
  - {id: q}
  - id: x
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: manual}
`,
      scenario("1d", "{at: 0, fail: p, for: 10}"),
    );
    expect(outages(r)).toEqual({ p: [[0, null]], x: [[0, null]] });
    expect(r.deadlocked).toEqual([]);
  });
});

describe("recovery plans", () => {
  const simple = `components:
  - {id: dc}
  - {id: app, site: dc}
  - {id: tool}
plans:
  - id: dr
    activation: {when: [app], after: 15m}
    steps:
      - {id: s1, duration: 10m, needs: [tool]}
      - {id: s2, after: [s1], duration: 20m}
`;

  it("a plan is activated `after` the first instant a `when` component goes DOWN; steps follow", () => {
    // app DOWN at 5 → active at 20; s1 20–30; s2 ready when s1 completes, starts at the end of 30 → 50.
    const r = sim(simple, scenario("1d", "{at: 5, fail: dc}"));
    expect(r.plans).toStrictEqual({
      dr: {
        activatedAt: 20,
        completedAt: 50,
        steps: {
          s1: { start: 20, end: 30, interruptions: 0 },
          s2: { start: 30, end: 50, interruptions: 0 },
        },
      },
    });
  });

  it("a scenario `activate` event activates a plan directly, whichever comes first, once", () => {
    const [early, late, only, never] = sims(
      simple,
      scenario("1d", "{at: 3, activate: dr}", "{at: 5, fail: dc}"),
      scenario("1d", "{at: 5, fail: dc}", "{at: 100, activate: dr}"),
      scenario("1d", "{at: 60, activate: dr}", "{at: 70, activate: dr}"),
      // activation would be at 20, past the horizon
      scenario("10", "{at: 5, fail: dc}"),
    );
    expect(early.plans!.dr).toStrictEqual({
      activatedAt: 3,
      completedAt: 33,
      steps: { s1: { start: 3, end: 13, interruptions: 0 }, s2: { start: 13, end: 33, interruptions: 0 } },
    });
    expect(late.plans!.dr.activatedAt).toBe(20);
    expect(late.plans!.dr.completedAt).toBe(50);
    expect(only.plans!.dr).toStrictEqual({
      activatedAt: 60,
      completedAt: 90,
      steps: { s1: { start: 60, end: 70, interruptions: 0 }, s2: { start: 70, end: 90, interruptions: 0 } },
    });
    expect(never.plans!.dr).toStrictEqual({
      activatedAt: null,
      completedAt: null,
      steps: {
        s1: { start: null, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [] },
        s2: { start: null, end: null, interruptions: 0, waitingForSteps: ["s1"], waitingForComponents: [] },
      },
    });
  });

  const needy = `components:
  - {id: dc}
  - {id: app, site: dc}
  - {id: vpn}
plans:
  - id: dr
    activation: {when: [app], after: 0}
    steps:
      - {id: s1, duration: 30m, needs: [vpn]}
`;

  it("a need going DOWN interrupts a running step (also at the instant it would complete); it starts again from zero", () => {
    // active at 0, s1 0→30; 10: vpn DOWN → interrupted (1); 15: restarts → due 45;
    // 45: vpn DOWN in the down phase → interrupted (2), not complete; 50: restarts → 80.
    const r = sim(needy, scenario("1d", "{at: 0, fail: dc}", "{at: 10, fail: vpn, for: 5}", "{at: 45, fail: vpn, for: 5}"));
    expect(r.plans).toStrictEqual({
      dr: { activatedAt: 0, completedAt: 80, steps: { s1: { start: 50, end: 80, interruptions: 2 } } },
    });
  });

  it("an interrupted step waiting for its needs keeps the start of its last run", () => {
    const r = sim(needy, scenario("1d", "{at: 0, fail: dc}", "{at: 10, fail: vpn}"));
    expect(r.plans).toStrictEqual({
      dr: {
        activatedAt: 0,
        completedAt: null,
        steps: { s1: { start: 0, end: null, interruptions: 1, waitingForSteps: [], waitingForComponents: ["vpn"] } },
      },
    });
  });

  it("reports what an unfinished step waits for: steps if not ready, DOWN needs if ready, nothing if running", () => {
    const r = sim(
      `components:
  - {id: dc}
  - {id: app, site: dc}
  - {id: console, site: dc}
  - {id: vpn}
plans:
  - id: dr
    activation: {when: [app], after: 10m}
    steps:
      - {id: a1, duration: 10m}
      - {id: b2, after: [a1], duration: 10m, needs: [vpn, console]}
      - {id: e5, after: [d4, b2], duration: 10m}
      - {id: d4, duration: 2000m}
      - {id: c3, after: [b2, a1], duration: 10m}
`,
      scenario("1d", "{at: 0, fail: dc}", "{at: 0, fail: vpn}"),
    );
    expect(r.plans).toStrictEqual({
      dr: {
        activatedAt: 10,
        completedAt: null,
        steps: {
          a1: { start: 10, end: 20, interruptions: 0 },
          b2: { start: null, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: ["console", "vpn"] },
          e5: { start: null, end: null, interruptions: 0, waitingForSteps: ["b2", "d4"], waitingForComponents: [] },
          d4: { start: 10, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [] },
          c3: { start: null, end: null, interruptions: 0, waitingForSteps: ["b2"], waitingForComponents: [] },
        },
      },
    });
  });

  it("completedAt is the last completion time once every step is complete", () => {
    const r = sim(
      `components:
  - {id: app}
plans:
  - id: dr
    activation: {when: [app], after: 0}
    steps:
      - {id: long, duration: 100m}
      - {id: short, duration: 30m}
`,
      scenario("1d", "{at: 0, fail: app}"),
    );
    expect(r.plans!.dr.completedAt).toBe(100);
    expect(r.plans!.dr.steps.short).toStrictEqual({ start: 0, end: 30, interruptions: 0 });
  });

  it("`start` releases a standby; it reports no outage while it waits nor during its restart after being started", () => {
    // 0: db DOWN (active), dr-db waiting → no active member → svc DOWN. Plan active at 5, st 5–35,
    // dr-db released at 35, restart 20 → UP at 55 → group met → svc UP at 55.
    // Then it is like any other component: 100–110 broken, restart → UP at 130; svc DOWN meanwhile.
    const r = sim(
      `components:
  - {id: dc}
  - {id: db, site: dc}
  - {id: dr-db, standby: true, restart: 20m}
  - id: svc
    dependsOn:
      - {group: g, members: [db, dr-db], mode: active-passive, failover: 10m}
plans:
  - id: dr
    activation: {when: [db], after: 5m}
    steps:
      - {id: st, duration: 30m, does: {start: [dr-db]}}
`,
      scenario("1d", "{at: 0, fail: dc}", "{at: 100, fail: dr-db, for: 10}"),
    );
    expect(outages(r)).toEqual({
      dc: [[0, null]],
      db: [[0, null]],
      "dr-db": [[100, 130]],
      svc: [[0, 55], [100, 130]],
    });
    expect(r.plans).toStrictEqual({ dr: { activatedAt: 5, completedAt: 35, steps: { st: { start: 5, end: 35, interruptions: 0 } } } });
    expect(r.deadlocked).toEqual([]);
  });

  it("a standby that is never started: what needs it is DOWN from instant 0 (instant 0 is always played)", () => {
    const r = sim(
      `components:
  - {id: sb, standby: true}
  - {id: u, dependsOn: [sb]}
`,
      scenario("1d"),
    );
    expect(outages(r)).toEqual({ u: [[0, null]] });
  });

  const manual = `components:
  - {id: p}
  - {id: q}
  - {id: tool}
  - id: svc
    tier: 1
    dependsOn:
      - {group: db, members: [p, q], mode: active-passive, failover: manual}
  - id: svc2
    dependsOn:
      - {group: db, members: [p, q], mode: active-passive, failover: manual}
plans:
  - id: dr
    activation: {when: [p], after: 10m}
    steps:
      - {id: sw, duration: 20m, needs: [tool], does: {switch: [db]}}
`;

  it("`switch`: a manual group is unmet whatever the other members do until a step switches every group of that name", () => {
    // 0: p DOWN → both manual groups unmet although q is UP. Plan active 10, sw 10–30: switched →
    // q UP → met at 30, q active. 1000: p back, not active. 1100: q (active) DOWN → unmet whatever
    // p does, until q is UP again at 1110.
    const r = sim(manual, scenario("1d", "{at: 0, fail: p, for: 1000}", "{at: 1100, fail: q, for: 10}"));
    expect(outages(r)).toEqual({
      p: [[0, 1000]],
      q: [[1100, 1110]],
      svc: [[0, 30], [1100, 1110]],
      svc2: [[0, 30], [1100, 1110]],
    });
    expect(r.plans).toStrictEqual({ dr: { activatedAt: 10, completedAt: 30, steps: { sw: { start: 10, end: 30, interruptions: 0 } } } });
  });

  it("a manual group's active member coming UP again makes it active again, before any switch", () => {
    const r = sim(manual, scenario("1d", "{at: 0, fail: p, for: 5}", "{at: 100, fail: q, for: 10}"));
    expect(outages(r)).toEqual({ p: [[0, 5]], q: [[100, 110]], svc: [[0, 5]], svc2: [[0, 5]] });
    expect(r.plans!.dr.completedAt).toBe(30);
  });

  const repairing = `components:
  - {id: store, restart: 10m}
  - {id: app, dependsOn: [store]}
plans:
  - id: fix
    activation: {when: [store], after: 0}
    steps:
      - {id: r, duration: 1h, does: {repair: [store]}}
`;

  it("`repair` ends every fail event in force that started before that instant", () => {
    // r runs 0–60 and ends both events in force (started at 0 and 30) → restart → UP at 70.
    // A later event (100–110) is played as usual.
    const r = sim(repairing, scenario("1d", "{at: 0, fail: store}", "{at: 30, fail: store, for: 1000}", "{at: 100, fail: store, for: 10}"));
    expect(outages(r)).toEqual({ store: [[0, 70], [100, 120]], app: [[0, 70], [100, 120]] });
    expect(r.plans!.fix).toStrictEqual({ activatedAt: 0, completedAt: 60, steps: { r: { start: 0, end: 60, interruptions: 0 } } });
  });

  it("`repair` leaves a fail event that starts at that very instant", () => {
    // the event starting at 60 stays in force until 80 → restart → UP at 90
    const r = sim(repairing, scenario("1d", "{at: 0, fail: store}", "{at: 60, fail: store, for: 20}"));
    expect(outages(r)).toEqual({ store: [[0, 90]], app: [[0, 90]] });
  });
});

describe("single points of failure", () => {
  it("ignore plans: a manual group that only a plan can switch makes its active member a SPOF", () => {
    const loaded = model(`components:
  - {id: p}
  - {id: q}
  - {id: tool}
  - id: svc
    tier: 1
    dependsOn:
      - {group: db, members: [p, q], mode: active-passive, failover: manual}
plans:
  - id: dr
    activation: {when: [p], after: 10m}
    steps:
      - {id: sw, duration: 20m, needs: [tool], does: {switch: [db]}}
`);
    expect(spof(loaded)).toEqual({ spof: { svc: ["p"] } });
  });

  it("the scenario decides in a cycle: a switchover gap takes down what the standby needs", () => {
    // p breaks → switchover to q, gap → s DOWN → q (needs s) DOWN → no member UP → never back.
    // A static count would say {q, s} holds. With failover 0 there is no gap.
    const cyc = (failover: string) => `components:
  - {id: p}
  - {id: q, dependsOn: [s]}
  - id: s
    tier: 1
    dependsOn:
      - {group: g, members: [p, q], mode: active-passive, failover: ${failover}}
`;
    expect(spof(model(cyc("10m")))).toEqual({ spof: { s: ["p"] } });
    expect(spof(model(cyc("0")))).toEqual({ spof: { s: [] } });
  });

  it("lists, for every component with a tier, the X whose permanent loss leaves it DOWN, sorted by id", () => {
    const loaded = model(`components:
  - {id: zone}
  - {id: b-db, site: zone}
  - {id: a-app, restart: 10m, dependsOn: [b-db]}
  - {id: other}
  - {id: svc, tier: 2, dependsOn: [a-app, {group: g, members: [other, zone], need: 1}]}
  - {id: untiered, dependsOn: [svc]}
`);
    expect(spof(loaded)).toEqual({ spof: { svc: ["a-app", "b-db", "zone"] } });
  });
});
