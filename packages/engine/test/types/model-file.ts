// Type-level checks of the file format types inferred from the declarations (compiled by schema-types.test.ts):
// what a person may write compiles, and each @ts-expect-error line must be an error.
import type { ModelFile, ComponentInput, PlanStepInput, ScenarioInputFile } from "../../src/index.js";
const ok: ModelFile = {
  continuum: 1,
  components: [{ id: "a", kind: "database", rto: "4h", dependsOn: ["b", { members: ["b", "c"], mode: "active-passive", failover: "manual" }], "x-owner": 3, capacity: 2 }],
  plans: [{ id: "p", priority: 1, steps: [{ id: "s", duration: 30, needs: ["a", { id: "a", units: 2 }], does: { start: "a" } }] }],
  risks: [{ id: "r", frequency: 0.1, threat: "fire", strikes: "a", duration: { p50: "10h", p90: "5d" } }],
  teams: [{ anything: true }],
};
const kind: ComponentInput["kind"] = "my-own-kind";
// @ts-expect-error tier is a number
const bad: ComponentInput = { id: "a", tier: "1" };
// @ts-expect-error an unknown mode
const badMode: ComponentInput = { id: "a", dependsOn: [{ members: ["b"], mode: "hot" }] };
// @ts-expect-error a step needs a duration
const noDuration: PlanStepInput = { id: "s" };
const sc: ScenarioInputFile = { scenario: "x", events: [{ at: 0, fail: "a", for: null }] };
console.log(ok, kind, bad, badMode, noDuration, sc);
