/**
 * Hand-worked cases of the contract's "Capacity: people and tools that can only do so much at
 * once" (continuity-model.md): queueing, first fit, the order (priority, the instant a step last
 * became ready, plan id, step id), units held for the whole run and released on completion or
 * interruption, released units free at the end of the instant, a team lost with its site; and the
 * reading of capacity, units and priority. Every expected value is worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { loadModel, loadModelOrThrow, loadScenarioOrThrow, simulate, simulateWithWaits, withCapacities, type SimulationJSON, type StepResultJSON } from "../src/index.js";

function sim(modelYaml: string, scenarioYaml: string): SimulationJSON {
  const loaded = loadModelOrThrow("continuum: 1\n" + modelYaml, { warnings: false });
  return simulate(loaded, loadScenarioOrThrow(loaded.model, scenarioYaml));
}

/** [start, end] of every step of a plan. */
function runs(json: SimulationJSON, plan: string): Record<string, [number | null, number | null]> {
  const out: Record<string, [number | null, number | null]> = {};
  for (const [id, s] of Object.entries(json.plans![plan].steps)) out[id] = [s.start, s.end];
  return out;
}

const step = (json: SimulationJSON, plan: string, id: string): StepResultJSON => json.plans![plan].steps[id];

describe("capacity in a scenario", () => {
  const queue = `
components:
  - {id: x}
  - {id: team, kind: team, capacity: 1}
plans:
  - id: p
    activation: {when: [x]}
    steps:
      - {id: c, duration: 30m, needs: [team]}
      - {id: a, duration: 30m, needs: [team]}
      - {id: b, duration: 30m, needs: [{id: team}]}
`;

  it("steps that need a team of one queue, in step id order when everything else ties; a released unit is taken at the same instant", () => {
    const r = sim(queue, "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]");
    // all three ready at 0 with priority 100, same plan: a, b, c by step id (not list order)
    expect(runs(r, "p")).toEqual({ a: [0, 30], b: [30, 60], c: [60, 90] });
    expect(r.plans!.p.completedAt).toBe(90);
  });

  it("the same plan without a capacity runs its steps at once (only components with a capacity are counted)", () => {
    const r = sim(queue.replace(", capacity: 1", ""), "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]");
    expect(runs(r, "p")).toEqual({ a: [0, 30], b: [0, 30], c: [0, 30] });
  });

  it("at the horizon a queued step lists waitingForCapacity; a running step does not; a complete step has no waiting keys", () => {
    const r = sim(queue, "scenario: s\nhorizon: 45m\nevents: [{at: 0, fail: x}]");
    expect(step(r, "p", "a")).toStrictEqual({ start: 0, end: 30, interruptions: 0 });
    expect(step(r, "p", "b")).toStrictEqual({ start: 30, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [] });
    expect(step(r, "p", "c")).toStrictEqual({ start: null, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [], waitingForCapacity: ["team"] });
  });

  it("first fit: a step that does not fit waits, and a later one in the order that fits starts", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: dba, kind: team, capacity: 2}
plans:
  - id: p0
    priority: 1
    activation: {when: [x]}
    steps: [{id: hold, duration: 60m, needs: [dba]}]
  - id: p1
    priority: 2
    activation: {when: [x]}
    steps: [{id: big, duration: 20m, needs: [{id: dba, units: 2}]}]
  - id: p2
    priority: 3
    activation: {when: [x]}
    steps: [{id: small, duration: 30m, needs: [dba]}]
`,
      "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]",
    );
    // 0: hold takes 1 of 2; big needs 2, only 1 free: waits; small fits and takes the last one.
    // 30: small done, 1 free: big still waits. 60: hold done, 2 free: big runs 60–80.
    expect(runs(r, "p0")).toEqual({ hold: [0, 60] });
    expect(runs(r, "p1")).toEqual({ big: [60, 80] });
    expect(runs(r, "p2")).toEqual({ small: [0, 30] });
  });

  it("priority comes first, then the instant a step became ready, then plan id", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: team, kind: team, capacity: 1}
plans:
  - {id: h, priority: 1, activation: {when: [x]}, steps: [{id: s, duration: 60m, needs: [team]}]}
  - {id: aa, steps: [{id: s, duration: 30m, needs: [team]}]}
  - {id: zz, steps: [{id: s, duration: 30m, needs: [team]}]}
  - {id: low, priority: 200, activation: {when: [x]}, steps: [{id: s, duration: 10m, needs: [team]}]}
  - {id: top, priority: -5, steps: [{id: s, duration: 10m, needs: [team]}]}
`,
      `scenario: s
horizon: 1d
events:
  - {at: 0, fail: x}
  - {at: 10, activate: zz}
  - {at: 20, activate: aa}
  - {at: 100, activate: top}
`,
    );
    // 0: h (priority 1) before low (200). 60: zz (ready at 10) before aa (ready at 20), though
    // "aa" < "zz"; low waits behind both (priority 200). 90: aa. 100: top is activated (priority
    // -5) but the team is busy until 120; at 120 top goes before low.
    expect(runs(r, "h")).toEqual({ s: [0, 60] });
    expect(runs(r, "zz")).toEqual({ s: [60, 90] });
    expect(runs(r, "aa")).toEqual({ s: [90, 120] });
    expect(runs(r, "top")).toEqual({ s: [120, 130] });
    expect(runs(r, "low")).toEqual({ s: [130, 140] });
  });

  it("on a tie of priority and readiness, plan id then step id decide (by code point)", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: team, kind: team, capacity: 1}
plans:
  - {id: b, activation: {when: [x]}, steps: [{id: a, duration: 10m, needs: [team]}]}
  - {id: a, activation: {when: [x]}, steps: [{id: z, duration: 10m, needs: [team]}, {id: y, duration: 10m, needs: [team]}]}
`,
      "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]",
    );
    expect(runs(r, "a")).toEqual({ y: [0, 10], z: [10, 20] });
    expect(runs(r, "b")).toEqual({ a: [20, 30] });
  });

  it("an interrupted step releases its units at once (free at the end of the instant) and is ready again from that instant", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: tool}
  - {id: team, kind: team, capacity: 1}
plans:
  - {id: first, priority: 1, activation: {when: [x]}, steps: [{id: long, duration: 60m, needs: [team, tool]}]}
  - {id: second, priority: 2, activation: {when: [x]}, steps: [{id: other, duration: 30m, needs: [team]}]}
`,
      "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}, {at: 20, fail: tool, for: 30m}]",
    );
    // 0: long (priority 1) takes the team; other waits. 20: tool DOWN, long interrupted, its
    // unit free at the end of 20: other starts at 20 and holds the team until 50. 50: tool back
    // UP and other done (its unit released in the up phase): long starts again at 50, ends 110.
    expect(step(r, "first", "long")).toStrictEqual({ start: 50, end: 110, interruptions: 1 });
    expect(runs(r, "second")).toEqual({ other: [20, 50] });
  });

  it("a step interrupted at the instant it would complete releases its units once (the unit is not counted twice)", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: tool}
  - {id: team, kind: team, capacity: 1}
plans:
  - {id: p, activation: {when: [x]}, steps: [{id: a, duration: 30m, needs: [team, tool]}, {id: b, duration: 30m, needs: [team]}, {id: c, duration: 30m, needs: [team]}]}
`,
      "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}, {at: 30, fail: tool, for: 100m}]",
    );
    // 0: a runs. 30: tool DOWN in the down phase, a interrupted (not complete), unit back.
    // end of 30: b starts (a waits for tool); c must still wait: one unit, not two.
    expect(runs(r, "p")).toEqual({ a: [130, 160], b: [30, 60], c: [60, 90] });
    expect(step(r, "p", "a").interruptions).toBe(1);
  });

  it("losing the site takes the team: its steps are interrupted and wait for the team (waitingForComponents, not waitingForCapacity)", () => {
    const model = `
components:
  - {id: x}
  - {id: site-b, kind: site}
  - {id: team, kind: team, site: site-b, capacity: 2}
plans:
  - {id: p, activation: {when: [x]}, steps: [{id: a, duration: 60m, needs: [{id: team, units: 2}]}]}
`;
    const during = sim(model, "scenario: s\nhorizon: 60m\nevents: [{at: 0, fail: x}, {at: 30, fail: site-b, for: 60m}]");
    expect(step(during, "p", "a")).toStrictEqual({ start: 0, end: null, interruptions: 1, waitingForSteps: [], waitingForComponents: ["team"] });
    const after = sim(model, "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}, {at: 30, fail: site-b, for: 60m}]");
    expect(step(after, "p", "a")).toStrictEqual({ start: 90, end: 150, interruptions: 1 });
  });

  it("waitingForCapacity lists only the capacities that fall short, and only when every need is UP", () => {
    const model = `
components:
  - {id: x}
  - {id: tool}
  - {id: dba, kind: team, capacity: 1}
  - {id: net, kind: team, capacity: 2}
plans:
  - {id: h, priority: 1, activation: {when: [x]}, steps: [{id: s, duration: 1000m, needs: [dba]}]}
  - {id: p, activation: {when: [x]}, steps: [{id: s, duration: 10m, needs: [net, dba, tool]}]}
`;
    const up = sim(model, "scenario: s\nhorizon: 60m\nevents: [{at: 0, fail: x}]");
    expect(step(up, "p", "s")).toStrictEqual({ start: null, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: [], waitingForCapacity: ["dba"] });
    const toolDown = sim(model, "scenario: s\nhorizon: 60m\nevents: [{at: 0, fail: x}, {at: 0, fail: tool}]");
    expect(step(toolDown, "p", "s")).toStrictEqual({ start: null, end: null, interruptions: 0, waitingForSteps: [], waitingForComponents: ["tool"] });
  });

  it("a step waiting for its after steps holds nothing; it becomes ready when the last completes and queues from there", () => {
    const r = sim(
      `
components:
  - {id: x}
  - {id: team, kind: team, capacity: 1}
plans:
  - {id: a, activation: {when: [x]}, steps: [{id: prep, duration: 10m}, {id: work, after: [prep], duration: 30m, needs: [team]}]}
  - {id: b, activation: {when: [x], after: 5m}, steps: [{id: work, duration: 30m, needs: [team]}]}
`,
      "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]",
    );
    // b's step is ready at 5 and takes the team; a's work is ready at 10 and waits until 35
    expect(runs(r, "b")).toEqual({ work: [5, 35] });
    expect(runs(r, "a")).toEqual({ prep: [0, 10], work: [35, 65] });
  });
});

describe("when steps waited for units (beside the contract's JSON, for reports)", () => {
  it("records each span a step was ready with its needs UP but short of units, and for whom; open at the horizon = null", () => {
    const loaded = loadModelOrThrow(
      `continuum: 1
components:
  - {id: x}
  - {id: tool}
  - {id: dba, kind: team, capacity: 1}
  - {id: net, kind: team, capacity: 1}
plans:
  - {id: a, priority: 1, activation: {when: [x]}, steps: [{id: s, duration: 30m, needs: [dba, net]}]}
  - {id: b, priority: 2, activation: {when: [x]}, steps: [{id: s, duration: 30m, needs: [dba, tool]}, {id: t, duration: 100m, needs: [net]}]}
`,
      { warnings: false },
    );
    const { json, capacityWaits } = simulateWithWaits(loaded, loadScenarioOrThrow(loaded.model, "scenario: s\nhorizon: 100m\nevents: [{at: 0, fail: x}, {at: 10, fail: tool, for: 50m}]"));
    // 0: a.s takes dba and net; b.s waits for dba, b.t waits for net. 10: tool DOWN: b.s now
    // waits for tool, not units (its wait ends at 10). 30: a.s done: b.t takes net (waited 0–30).
    // 60: tool UP: b.s starts at 60 (dba free since 30). Nothing waits at the horizon.
    expect(capacityWaits).toEqual({ b: { s: [{ from: 0, to: 10, components: ["dba"] }], t: [{ from: 0, to: 30, components: ["net"] }] } });
    expect(json.plans!.b.steps.s.start).toBe(60);
    const early = simulateWithWaits(loaded, loadScenarioOrThrow(loaded.model, "scenario: s\nhorizon: 20m\nevents: [{at: 0, fail: x}]"));
    expect(early.capacityWaits).toEqual({ b: { s: [{ from: 0, to: null, components: ["dba"] }], t: [{ from: 0, to: null, components: ["net"] }] } });
  });
});

describe("what if a team had another capacity (withCapacities)", () => {
  const loaded = loadModelOrThrow("continuum: 1\ncomponents:\n  - {id: x}\n  - {id: dba, kind: team, capacity: 1}\nplans:\n  - {id: p, activation: {when: [x]}, steps: [{id: a, duration: 60m, needs: [dba]}, {id: b, duration: 60m, needs: [{id: dba, units: 1}]}]}\n", { warnings: false });
  const scenario = loadScenarioOrThrow(loaded.model, "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]");

  it("one more DBA runs both steps at once; removing the capacity is rejected while a need is written with units; the original is untouched", () => {
    const more = withCapacities(loaded, { dba: 2 });
    expect(runs(simulate(more.loaded!, scenario), "p")).toEqual({ a: [0, 60], b: [0, 60] });
    expect(runs(simulate(loaded, scenario), "p")).toEqual({ a: [0, 60], b: [60, 120] });
    expect(withCapacities(loaded, { dba: null }).diagnostics).toMatchObject([{ code: "units-without-capacity", component: "dba" }]);
  });

  it("rejects what the reader would: a capacity below 1 or not whole, an unknown id, fewer units than a step needs", () => {
    expect(withCapacities(loaded, { dba: 0 }).diagnostics).toMatchObject([{ code: "bad-capacity", component: "dba", field: "capacity" }]);
    expect(withCapacities(loaded, { dba: 1.5 }).loaded).toBeUndefined();
    expect(withCapacities(loaded, { nobody: 2 }).diagnostics).toMatchObject([{ code: "unknown-component" }]);
    const two = loadModelOrThrow("continuum: 1\ncomponents:\n  - {id: t, capacity: 2}\nplans:\n  - {id: p, steps: [{id: a, duration: 1h, needs: [{id: t, units: 2}]}]}\n");
    expect(withCapacities(two, { t: 1 }).diagnostics).toMatchObject([{ code: "units-over-capacity", component: "t" }]);
  });
});

describe("reading capacity, units and priority", () => {
  const errors = (yaml: string) =>
    loadModel([{ path: "m.yaml", text: "continuum: 1\n" + yaml }]).diagnostics.filter((d) => d.severity === "error");

  it("reads them into the model: capacity, units only where written, priority default 100, kind team known", () => {
    const loaded = loadModel([{ path: "m.yaml", text: "continuum: 1\ncomponents:\n  - {id: t, kind: team, capacity: 3}\n  - {id: u}\nplans:\n  - id: p\n    steps: [{id: s, duration: 1h, needs: [u, {id: t, units: 2}]}, {id: r, duration: 1h, needs: [t]}]\n  - {id: q, priority: 7, steps: [{id: s, duration: 1h}]}\n" }]);
    expect(loaded.diagnostics).toEqual([]);
    const m = loaded.loaded!.model;
    expect(m.components[0].capacity).toBe(3);
    expect(m.components[1].capacity).toBeUndefined();
    expect(m.plans[0].steps[0].needs).toEqual(["u", "t"]);
    expect(m.plans[0].steps[0].units).toEqual({ t: 2 });
    expect(m.plans[0].steps[1].units).toEqual({});
    expect(m.plans[0].priority).toBe(100);
    expect(m.plans[1].priority).toBe(7);
  });

  it.each([
    ["0", "capacity: 0"],
    ["1.5", "capacity: 1.5"],
    ['"two"', 'capacity: "two"'],
  ])("a capacity of %s is an error at its line and field", (_v, field) => {
    const errs = errors(`components:\n  - id: t\n    ${field}\n`);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ code: "bad-capacity", file: "m.yaml", line: 4, field: "components[0].capacity", component: "t" });
    expect(errs[0].hint).toBeTruthy();
  });

  it("units must be a whole number 1 or more, at most the capacity, on a component with a capacity; no component twice in a step", () => {
    const errs = errors(`components:
  - {id: t, capacity: 2}
  - {id: u}
plans:
  - id: p
    steps:
      - id: s
        duration: 1h
        needs:
          - {id: t, units: 0}
      - id: r
        duration: 1h
        needs:
          - {id: t, units: 3}
      - id: q
        duration: 1h
        needs:
          - {id: u, units: 1}
      - id: w
        duration: 1h
        needs: [t, u, {id: t, units: 1}]
`);
    expect(errs.map((e) => [e.code, e.line, e.field])).toEqual([
      ["bad-units", 11, "plans[0].steps[0].needs[0].units"],
      ["units-over-capacity", 15, "plans[0].steps[1].needs[0].units"],
      ["units-without-capacity", 19, "plans[0].steps[2].needs[0].units"],
      ["duplicate-need", 22, "plans[0].steps[3].needs[2]"],
    ]);
    for (const e of errs) {
      expect(e.file).toBe("m.yaml");
      expect(e.hint).toBeTruthy();
    }
    expect(errs[1].message).toMatch(/3 units of "t", whose capacity is 2/);
  });

  it("a priority that is not a whole number is an error; several steps needing more than the capacity at once are fine", () => {
    expect(errors("components: [{id: t}]\nplans:\n  - id: p\n    priority: high\n    steps: [{id: s, duration: 1h}]\n")).toMatchObject([{ code: "bad-priority", line: 5, field: "plans[0].priority" }]);
    expect(errors("components: [{id: t, capacity: 1}]\nplans:\n  - id: p\n    steps: [{id: a, duration: 1h, needs: [t]}, {id: b, duration: 1h, needs: [t]}, {id: c, duration: 1h, needs: [{id: t, units: 1}]}]\n")).toEqual([]);
  });

  it("JSON models with capacities read like YAML (they take the general reader)", () => {
    const model = { continuum: 1, components: [{ id: "x" }, { id: "t", kind: "team", capacity: 1 }], plans: [{ id: "p", activation: { when: ["x"] }, steps: [{ id: "a", duration: 30, needs: ["t"] }, { id: "b", duration: 30, needs: [{ id: "t", units: 1 }] }] }] };
    const loaded = loadModelOrThrow([{ path: "m.json", text: JSON.stringify(model) }]);
    const r = simulate(loaded, loadScenarioOrThrow(loaded.model, "scenario: s\nhorizon: 1d\nevents: [{at: 0, fail: x}]"));
    expect(runs(r, "p")).toEqual({ a: [0, 30], b: [30, 60] });
    const bad = loadModel([{ path: "m.json", text: JSON.stringify({ ...model, components: [{ id: "x" }, { id: "t", capacity: 0 }] }, null, 2) }]);
    expect(bad.diagnostics.filter((d) => d.severity === "error")).toMatchObject([{ code: "bad-capacity", file: "m.json", line: 9, field: "components[1].capacity" }]);
  });
});
