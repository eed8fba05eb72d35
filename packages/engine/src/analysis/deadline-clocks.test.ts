import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlineClocks, deadlineRules, KOREAN_DEADLINE_RULES, type DeadlineState } from "./deadline-clocks.js";

const H = 3_600_000;
const T0 = Date.parse("2022-10-15T06:33:00Z");
const down = (upAt: number | null) => [{ id: "talk", tier: 1, state: upAt !== null ? ("recovered" as const) : ("down" as const), downAt: new Date(T0).toISOString(), upAt: upAt === null ? null : new Date(upAt).toISOString() }];
const clock = (id: string, now: number, services = down(null), done?: Record<string, string>) =>
  deadlineClocks(KOREAN_DEADLINE_RULES, { now, declaredAt: new Date(T0 + 0.5 * H).toISOString(), services, done }).find((c) => c.id === id)!;

describe("deadline clocks (the Korean rules by default)", () => {
  it("the user notice is due 2 hours after a tier-1 service went down: running, amber in the last 30 minutes, red after", () => {
    expect(clock("user-notice", T0 + 1 * H).state).toBe("running");
    expect(clock("user-notice", T0 + 1 * H).dueAt).toBe(new Date(T0 + 2 * H).toISOString());
    expect(clock("user-notice", T0 + 1.6 * H).state).toBe("amber");
    expect(clock("user-notice", T0 + 2 * H).state).toBe("red");
    expect(clock("user-notice", T0 + 3 * H, down(null), { "user-notice": "x" }).state).toBe("done");
  });

  it("the press conference counts 24 hours from the declaration", () => {
    const c = clock("press-conference", T0 + 2 * H);
    expect(c.dueAt).toBe(new Date(T0 + 24.5 * H).toISOString());
    expect(c.minutesLeft).toBe(22.5 * 60);
    expect(clock("press-conference", T0 + 21 * H).state).toBe("amber");
  });

  it("the compensation notice waits for the restoration, then gives 30 days", () => {
    expect(clock("compensation-notice", T0 + 5 * H).state).toBe("waiting");
    // a projected recovery is not a restoration
    expect(clock("compensation-notice", T0 + 5 * H, down(T0 + 10 * H)).state).toBe("waiting");
    const c = clock("compensation-notice", T0 + 11 * H, down(T0 + 10 * H));
    expect(c.state).toBe("running");
    expect(c.dueAt).toBe(new Date(T0 + 10 * H + 30 * 24 * H).toISOString());
  });

  it("outage rules watch only their services: tier 1 by default, or those the rule lists", () => {
    const tier2 = [{ ...down(null)[0], tier: 2 }];
    expect(clock("user-notice", T0 + H, tier2).state).toBe("waiting");
    const [custom] = deadlineRules([{ id: "n", from: "outage", after: "4h", within: "1h", services: ["talk"], name: { en: "Notice" } }]);
    expect(custom).toMatchObject({ after: 240, within: 60, amber: 15, services: ["talk"], name: { ko: "Notice", en: "Notice" } });
    const [c] = deadlineClocks([custom], { now: T0 + 3 * H, declaredAt: new Date(T0).toISOString(), services: tier2 });
    expect(c.state).toBe("waiting");
    expect(c.startsAt).toBe(new Date(T0 + 4 * H).toISOString());
  });

  it("a clock never goes back: as time passes its state only moves forward", () => {
    const order: DeadlineState[] = ["waiting", "running", "amber", "red"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5000 }), (after, within, amber, step) => {
        const rules = [{ id: "r", name: { ko: "r", en: "r" }, from: "declaration" as const, after, within, amber, services: null }];
        let last = -1;
        for (let t = 0; t < after + within + 300; t += Math.max(step, 1)) {
          const [c] = deadlineClocks(rules, { now: T0 + t * 60_000, declaredAt: new Date(T0).toISOString(), services: [] });
          const rank = order.indexOf(c.state);
          expect(rank).toBeGreaterThanOrEqual(last);
          last = rank;
        }
      }),
      { numRuns: 200 },
    );
  });
});
