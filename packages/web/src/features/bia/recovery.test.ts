import { describe, expect, it } from "vitest";
import type { SiteLoss } from "@continuum/engine";
import { defaultLostSite, recoveryOf, siteLossForGood } from "./recovery";
import type { ServiceRow } from "../../model/protocol";

const loss = (site: string, tiers: number[]): SiteLoss => ({ site, services: tiers.map((tier, k) => ({ id: `s${k}`, tier, downtimeMinutes: 1, recoveredAt: 1, rtoBreached: false, mtpdBreached: false, loss: 0 })), downForGood: [], rtoBroken: [], mtpdBroken: [], loss: 0 });
const row = (outages: ServiceRow["outages"], rtoBreached = false, mtpdBreached = false): ServiceRow => ({ id: "x", outages, longest: 0, rtoBreached, mtpdBreached, loss: 0 });

describe("the BIA's recovery with these people and tools", () => {
  it("loses by default the first site a tier-1 service depends on", () => {
    expect(defaultLostSite([loss("a", [2]), loss("b", [1]), loss("c", [1])], ["a", "b", "c"])).toBe("b");
    expect(defaultLostSite([loss("a", [2])], ["a", "z"])).toBe("a");
    expect(defaultLostSite(undefined, ["z"])).toBe("z");
    expect(defaultLostSite([], [])).toBeUndefined();
  });

  it("fails the site for good", () => {
    expect(siteLossForGood("idc", "Loss").events).toEqual([{ at: 0, fail: "idc", for: null }]);
  });

  it("says a service is back at the end of its last outage, or not back, or unaffected", () => {
    expect(recoveryOf(row([{ start: 0, end: 60 }, { start: 90, end: 540 }], true))).toEqual({ affected: true, backAt: 540, rtoMet: false, mtpdMet: true });
    expect(recoveryOf(row([{ start: 0, end: null }], true, true))).toEqual({ affected: true, backAt: null, rtoMet: false, mtpdMet: false });
    expect(recoveryOf(undefined).affected).toBe(false);
  });
});
