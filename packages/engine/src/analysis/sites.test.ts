import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { siteLosses, sitesOf } from "./sites.js";

// Two sites. Losing dc1 takes the database for good: the shop (tier 1) with it; the report's
// active-passive group switches to the cache in dc2 after 30 minutes. Losing dc2 only takes the
// passive member: nothing a service sees.
const MODEL = `
continuum: 1
components:
  - { id: dc1, kind: site, name: Pangyo }
  - { id: dc2, kind: site }
  - { id: db, site: dc1 }
  - { id: cache, site: dc2 }
  - id: shop
    name: Shop
    tier: 1
    rto: 1h
    mtpd: 4h
    impact: [{ from: 0, perHour: 600 }]
    dependsOn: [db]
  - id: report
    tier: 2
    rto: 10m
    dependsOn:
      - { members: [db, cache], need: 1, mode: active-passive, failover: 30m }
`;

describe("the N-1 site table", () => {
  const { compiled } = loadModelOrThrow(MODEL, { warnings: false });

  it("lists sites by kind and by reference, sorted", () => {
    expect(sitesOf(compiled)).toEqual(["dc1", "dc2"]);
  });

  it("says what losing each site does to the services, with a one-day horizon", () => {
    const [dc1, dc2] = siteLosses(compiled, { horizon: 1440 });
    expect(dc1).toEqual({
      site: "dc1",
      name: "Pangyo",
      services: [
        { id: "shop", name: "Shop", tier: 1, downtimeMinutes: 1440, recoveredAt: null, rtoBreached: true, mtpdBreached: true, loss: 600 * 24 },
        { id: "report", name: undefined, tier: 2, downtimeMinutes: 30, recoveredAt: 30, rtoBreached: true, mtpdBreached: false, loss: 0 },
      ],
      downForGood: ["shop"],
      rtoBroken: ["report", "shop"],
      mtpdBroken: ["shop"],
      loss: 600 * 24,
    });
    expect(dc2).toEqual({ site: "dc2", name: undefined, services: [], downForGood: [], rtoBroken: [], mtpdBroken: [], loss: 0 });
  });

  it("limits 'down for good' to the services asked about", () => {
    const report = compiled.index.get("report")!;
    const [dc1] = siteLosses(compiled, { horizon: 1440, services: [report] });
    expect(dc1.downForGood).toEqual([]);
    expect(dc1.services.map((s) => s.id)).toEqual(["shop", "report"]);
  });
});
