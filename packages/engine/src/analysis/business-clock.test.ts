import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { businessClock } from "./business-clock.js";
import { groupSignalComponents } from "./signal-grouping.js";

const pangyo = loadModelOrThrow([{ path: "model.yaml", text: readFileSync(new URL("../../../../examples/pangyo-2022/model.yaml", import.meta.url), "utf8") }], { warnings: false });
const cm = pangyo.compiled;
const NOW = Date.parse("2022-10-15T06:40:00Z");
const MIN = 60_000;

describe("the business clock", () => {
  it("projects the Pangyo site loss from now: tier-1 breach times, loss, the failover plan and what it waits for", () => {
    const since = NOW - 10 * MIN;
    const clock = businessClock(cm, [{ component: "pangyo-idc", since }], { now: NOW });
    expect(clock.since).toBe(new Date(since).toISOString());
    const talk = clock.services.find((s) => s.id === "kakaotalk-text")!;
    expect(talk.state).toBe("down");
    expect(talk.downAt).toBe(new Date(since).toISOString());
    // RTO 1h and MTPD 4h counted from when the alert started, not from now
    expect(talk.rtoBreachAt).toBe(new Date(since + 60 * MIN).toISOString());
    expect(talk.mtpdBreachAt).toBe(new Date(since + 240 * MIN).toISOString());
    expect(talk.minutesToRtoBreach).toBeCloseTo(50);
    expect(clock.services[0].tier).toBe(1);
    expect(talk.lossSoFar).toBeGreaterThan(0);
    expect(talk.lossProjected).toBeGreaterThan(talk.lossSoFar);
    // the documented failover plan activates 30 min after the site is lost and waits for the tools in it
    const failover = clock.plans.find((p) => p.id === "dc-failover")!;
    expect(failover.activatedAt).toBe(new Date(since + 30 * MIN).toISOString());
    expect(failover.steps.find((s) => s.id === "deploy-standby")!.waitingFor).toEqual(["dev-tools", "ops-tools"]);
    expect(clock.downNow).toContain("pangyo-idc");
  });

  it("a service nothing signals stays out; no signal, no projection", () => {
    const clock = businessClock(cm, [{ component: "gasan-idc", since: NOW }], { now: NOW });
    expect(clock.services.find((s) => s.id === "kakaopay")).toBeUndefined();
    expect(businessClock(cm, [], { now: NOW }).services).toEqual([]);
    expect(businessClock(cm, [{ component: "no-such", since: NOW }], { now: NOW }).unknownComponents).toEqual(["no-such"]);
  });

  it("the later of two alerts on one component does not move its start", () => {
    const a = businessClock(cm, [{ component: "pangyo-idc", since: NOW - 30 * MIN }, { component: "pangyo-idc", since: NOW - 5 * MIN }], { now: NOW });
    expect(a.services.find((s) => s.id === "kakao-login")!.rtoBreachAt).toBe(new Date(NOW + 30 * MIN).toISOString());
  });
});

describe("grouping signals by root failure", () => {
  it("alerts under one lost site are one group with the site as root", () => {
    const { groups } = groupSignalComponents(cm, ["talk-db-pangyo", "auth-api-pangyo", "map-app", "portal-app", "gasan-idc"]);
    const pangyoGroup = groups.find((g) => g.root === "pangyo-idc")!;
    expect(pangyoGroup).toMatchObject({ inferred: true, components: ["auth-api-pangyo", "map-app", "portal-app", "talk-db-pangyo"] });
    expect(groups.find((g) => g.root === "gasan-idc")).toMatchObject({ inferred: false, components: ["gasan-idc"] });
    expect(groups).toHaveLength(2);
  });

  it("a component explained by another alerting component joins its group, through redundancy groups too", () => {
    // kakaotalk-text needs nothing in Pangyo by a hard edge: the engine finds that it goes down
    // with the power (both members of traffic-steering are lost or cold)
    const { groups } = groupSignalComponents(cm, ["pangyo-power", "pangyo-idc", "kakaotalk-text", "object-storage"]);
    expect(groups).toEqual([{ root: "pangyo-power", inferred: false, components: ["kakaotalk-text", "object-storage", "pangyo-idc", "pangyo-power"] }]);
    // an independent failure stays apart
    expect(groupSignalComponents(cm, ["pangyo-idc", "kakaopay-core"]).groups.map((g) => g.root).sort()).toEqual(["kakaopay-core", "pangyo-idc"]);
  });
});
