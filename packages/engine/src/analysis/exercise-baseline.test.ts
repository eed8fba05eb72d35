import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import type { ExerciseInput } from "../model/schema.js";
import { exerciseBaseline, exerciseScenario } from "./exercise-baseline.js";
import { exerciseMeasures } from "./exercise-measures.js";

// The shop's plan starts a cold standby in dc2 and switches to it; the tool lives in dc2.
const text = `
continuum: 1
components:
  - { id: dc1, kind: site }
  - { id: dc2, kind: site }
  - { id: ops, kind: team, capacity: 1 }
  - { id: failover-tool, kind: tool, site: dc2 }
  - { id: db1, site: dc1 }
  - { id: db2, site: dc2, standby: true }
  - id: shop
    name: The shop
    tier: 1
    rto: 2h
    dependsOn:
      - { group: shop-db, members: [db1, db2], mode: active-passive, failover: manual }
plans:
  - id: shop-dr
    covers: [shop]
    activation: { when: [dc1], after: 15m }
    steps:
      - { id: start-db, duration: 30m, needs: [ops], owner: ops, does: { start: [db2] } }
      - { id: switch, after: [start-db], duration: 10m, needs: [failover-tool, ops], owner: ops, does: { switch: [shop-db] } }
`;
const drill: ExerciseInput = { id: "dc1-drill", type: "simulation", scenario: "site-loss:dc1", plans: ["shop-dr"] };

describe("an exercise's baseline", () => {
  const { compiled } = loadModelOrThrow(text, { warnings: false });

  it("is the engine's prediction: steps, services and the inject schedule in time order", () => {
    const scenario = exerciseScenario(compiled, drill, new Map())!;
    expect(scenario.scenario).toBe("site-loss:dc1");
    const b = exerciseBaseline(compiled, drill, scenario);
    expect(b.plans).toEqual([{ id: "shop-dr", name: null, predictedActivation: 15, predictedCompletion: 55 }]);
    expect(b.steps.map((s) => [s.id, s.predictedStart, s.predictedEnd, s.duration])).toEqual([
      ["start-db", 15, 45],
      ["switch", 45, 55],
    ].map(([id, s, e]) => [id, s, e, id === "start-db" ? 30 : 10]));
    expect(b.services).toEqual([{ id: "shop", name: "The shop", rto: 120, predictedDownAt: 0, predictedRecoveredAt: 55 }]);
    expect(b.injects.map((i) => [i.at, i.kind, i.ref])).toEqual([
      [0, "failure", "dc1"],
      [0, "service-down", "shop"],
      [15, "plan-activation", "shop-dr"],
      [120, "rto-due", "shop"],
    ]);
  });

  it("resolves {lose: id} and saved scenarios; an unknown one is undefined", () => {
    expect(exerciseScenario(compiled, { ...drill, scenario: { lose: "dc2" } }, new Map())?.events).toEqual([{ at: 0, fail: "dc2", for: Infinity }]);
    const saved = { scenario: "fire", horizon: 600, events: [] };
    expect(exerciseScenario(compiled, { ...drill, scenario: "fire" }, new Map([["fire", saved]]))).toBe(saved);
    expect(exerciseScenario(compiled, { ...drill, scenario: "flood" }, new Map())).toBeUndefined();
    expect(exerciseScenario(compiled, { ...drill, scenario: "site-loss:nowhere" }, new Map())).toBeUndefined();
  });

  it("measures a drill against the baseline and the RTO", () => {
    const b = exerciseBaseline(compiled, drill, exerciseScenario(compiled, drill, new Map())!);
    const m = exerciseMeasures(b, { notifiedAt: 5, activatedAt: 20, recovered: { shop: 150 }, steps: { "shop-dr/start-db": { start: 20, end: 110 }, "shop-dr/switch": { start: 110, end: null } } });
    expect(m.notify).toEqual({ measured: 5, predicted: null, delta: null });
    expect(m.activate).toEqual({ measured: 20, predicted: 15, delta: 5 });
    expect(m.services).toEqual([{ service: "shop", rto: 120, withinRto: false, measured: 150, predicted: 55, delta: 95 }]);
    expect(m.steps[0].duration).toEqual({ measured: 90, predicted: 30, delta: 60 });
    expect(m.steps[1].duration.measured).toBeNull();
  });
});
