import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { checkPlans, missingElements } from "./plan-check.js";

// The shop runs in dc1 with a cold standby in dc2; the plan starts the standby and switches to it.
// `toolSite` is where the failover tool lives: in dc1 (the building that burns) the plan waits for
// it forever, in dc2 the shop is back within its RTO.
const model = (toolSite: string, withDocument = true) => `
continuum: 1
components:
  - { id: dc1, kind: site }
  - { id: dc2, kind: site }
  - { id: kim, kind: person }
  - { id: lee, kind: person }
  - { id: ops, kind: team, capacity: 1, members: [{id: kim, role: lead}], alternates: [lee] }
  - { id: failover-tool, kind: tool, site: ${toolSite} }
  - { id: db1, site: dc1 }
  - { id: db2, site: dc2, standby: true }
  - id: shop
    tier: 1
    rto: 2h
    mtpd: 8h
    dependsOn:
      - { group: shop-db, members: [db1, db2], mode: active-passive, failover: manual }
  - { id: blog, tier: 1 }
plans:
  - id: shop-dr
    kind: disaster-recovery
    covers: [shop]
    activation: { when: [dc1], after: 15m }
${withDocument ? `    purpose: Bring the shop back in the second site
    scope: the shop and its database
    activationCriteria: dc1 lost for more than 15 minutes
    roles: { commander: kim, deputy: lee, teams: [{team: ops, alternates: [lee]}] }
    resources: [failover-tool, dc2]
    interdependencies: [payment provider]
    communications: [{audience: customers, channel: status page, by: ops}]
    standDown: the shop answers from dc2
    returnToNormal: [{id: back-to-dc1, owner: ops, duration: 4h}]` : ""}
    steps:
      - { id: start-db, duration: 30m, needs: [ops], owner: ops, does: { start: [db2] } }
      - { id: switch, after: [start-db], duration: 10m, needs: [failover-tool, ops], ${withDocument ? "owner: ops, " : ""}does: { switch: [shop-db] } }
`;

describe("the plan checker", () => {
  it("fails a plan that needs a tool in the lost site: the step waits on it and the RTO is missed", () => {
    const { compiled } = loadModelOrThrow(model("dc1"), { warnings: false });
    const result = checkPlans(compiled);
    expect(result.scenarios).toEqual(["site-loss:dc1", "site-loss:dc2"]);
    expect(result.uncovered).toEqual(["blog"]);
    const lost = result.plans["shop-dr"].scenarios["site-loss:dc1"];
    expect(lost.waiting).toEqual([{ step: "switch", for: ["failover-tool"] }]);
    expect(lost.services.shop).toMatchObject({ recoveredAt: null, rtoMet: false, mtpdMet: false });
    expect(result.passed).toBe(false);
    // losing the other site does not touch the shop
    expect(result.plans["shop-dr"].scenarios["site-loss:dc2"].services.shop).toEqual({ downtimeMinutes: 0, recoveredAt: 0, rtoMet: true, mtpdMet: true });
  });

  it("passes the same plan when the tool lives in the site that survives", () => {
    const text = model("dc2").replace("  - { id: blog, tier: 1 }\n", "");
    const { compiled } = loadModelOrThrow(text, { warnings: false });
    const result = checkPlans(compiled);
    expect(result.uncovered).toEqual([]);
    const lost = result.plans["shop-dr"].scenarios["site-loss:dc1"];
    expect(lost.waiting).toEqual([]);
    // 15m to activate, 30m to start the database, 10m to switch
    expect(lost.services.shop).toEqual({ downtimeMinutes: 55, recoveredAt: 55, rtoMet: true, mtpdMet: true });
    expect(lost.completedAt).toBe(55);
    expect(result.plans["shop-dr"].missing).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it("names the 8.4.4 elements a bare plan lacks, and owners that are not teams", () => {
    const text = model("dc2", false).replace("owner: ops, does: { start", "owner: kim-typo, does: { start");
    const { compiled } = loadModelOrThrow(text, { warnings: false });
    expect(missingElements(compiled.model.plans[0])).toEqual(["purpose", "scope", "roles", "resources", "interdependencies", "communications", "step-owners", "stand-down", "return-to-normal"]);
    expect(checkPlans(compiled).plans["shop-dr"].unknownOwners).toEqual([{ step: "start-db", owner: "kim-typo" }]);
  });

  it("counts the minutes steps waited for people", () => {
    // two plans need the one ops crew: the blog's starts at once and holds it for an hour, so the
    // shop's first step, ready at 15m, waits until 60m
    const text = model("dc2").replace("  - { id: blog, tier: 1 }\n", "  - { id: blog, tier: 1, site: dc1 }\n") + `
  - id: blog-dr
    priority: 200
    covers: [blog]
    activation: { when: [dc1] }
    steps:
      - { id: call, duration: 1h, needs: [ops], owner: ops }
`;
    const { compiled } = loadModelOrThrow(text, { warnings: false });
    const lost = checkPlans(compiled).plans["shop-dr"].scenarios["site-loss:dc1"];
    expect(lost.capacityWaits).toEqual({ "start-db": [{ from: 15, to: 60, components: ["ops"] }] });
    expect(lost.capacityWaitMinutes).toBe(45);
    expect(lost.services.shop).toMatchObject({ recoveredAt: 100, rtoMet: true });
  });
});
