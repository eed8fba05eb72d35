import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { rtoInversions } from "./rto-inversions.js";

describe("RTO inversions", () => {
  it("finds the nearest requirements with an RTO, looking through those without one", () => {
    const { compiled } = loadModelOrThrow(
      `
continuum: 1
components:
  - { id: map, rto: 4h }
  - { id: gateway, dependsOn: [map] }
  - { id: payments, rto: 30m }
  - { id: taxi, tier: 1, rto: 1h, dependsOn: [gateway, payments] }
  - { id: fine, rto: 8h, dependsOn: [taxi] }
`,
      { warnings: false },
    );
    // taxi (1 h) needs map (4 h) through gateway, which has no RTO; payments (30 min) is faster
    // than taxi, and fine (8 h) is slower than taxi, whose own needs are not fine's to judge.
    expect(rtoInversions(compiled)).toEqual([{ service: "taxi", serviceRto: 60, dependency: "map", dependencyRto: 240 }]);
  });

  it("stops at the limit", () => {
    const lines = ["continuum: 1", "components:", "  - { id: slow, rto: 1d }"];
    for (let k = 0; k < 5; k++) lines.push(`  - { id: s${k}, rto: 1h, dependsOn: [slow] }`);
    const { compiled } = loadModelOrThrow(lines.join("\n"), { warnings: false });
    expect(rtoInversions(compiled)).toHaveLength(5);
    expect(rtoInversions(compiled, 2).map((i) => i.service)).toEqual(["s0", "s1"]);
  });
});
