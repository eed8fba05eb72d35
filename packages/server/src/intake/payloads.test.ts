import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapAlert, type MappingRule } from "./mapping.js";
import { IntakeError, readAlertGroup, readCloudEvents, readPagerDutyEvent } from "./payloads.js";

const now = new Date("2026-12-03T17:00:00Z");

describe("alert readers", () => {
  it("any JSON is either read or refused with an IntakeError naming a field, never another error", () => {
    const readers = [
      (v: unknown) => readAlertGroup(v, "alertmanager", now),
      (v: unknown) => readAlertGroup(v, "grafana", now),
      (v: unknown) => readPagerDutyEvent(v, now, () => "k"),
      (v: unknown) => readCloudEvents("application/cloudevents+json", {}, Buffer.from(JSON.stringify(v) ?? ""), now),
    ];
    const alertish = fc.record({
      version: fc.constantFrom("4", "3", undefined),
      alerts: fc.array(fc.record({ status: fc.constantFrom("firing", "resolved", "x"), labels: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), startsAt: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), fingerprint: fc.string() }, { requiredKeys: [] })),
      event_action: fc.constantFrom("trigger", "resolve", "acknowledge", "boom"),
      payload: fc.record({ summary: fc.string(), source: fc.string(), severity: fc.constantFrom("critical", "info", "x") }, { requiredKeys: [] }),
      specversion: fc.constantFrom("1.0", "0.3"),
      id: fc.string(),
      source: fc.string(),
      type: fc.string(),
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), alertish), (value) => {
        for (const read of readers) {
          try {
            read(value);
          } catch (e) {
            expect(e).toBeInstanceOf(IntakeError);
            expect((e as IntakeError).field).toBeTruthy();
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("Alertmanager's zero endsAt keeps an alert open; a past endsAt closes it", () => {
    const [open, closed] = readAlertGroup(
      {
        version: "4",
        alerts: [
          { status: "firing", labels: { component: "a" }, startsAt: "2026-12-03T16:00:00Z", endsAt: "0001-01-01T00:00:00Z", fingerprint: "1" },
          { status: "firing", labels: { component: "a" }, startsAt: "2026-12-03T16:00:00Z", endsAt: "2026-12-03T16:30:00Z", fingerprint: "2" },
        ],
      },
      "alertmanager",
      now,
    );
    expect(open).toMatchObject({ status: "firing", endedAt: null });
    expect(closed).toMatchObject({ status: "resolved", endedAt: new Date("2026-12-03T16:30:00Z") });
  });
});

describe("mapping", () => {
  const rules: MappingRule[] = [
    { name: "pg", source: "pagerduty", match: { severity: "critical" }, components: ["db"] },
    { name: "hosts", matchRe: { instance: "web-\\d+" }, components: ["web"] },
  ];
  it("the first matching rule wins; regular expressions match the whole value; else the default label", () => {
    expect(mapAlert(rules, "pagerduty", { severity: "critical", instance: "web-1" }, "source")).toEqual({ components: ["db"], rule: "pg" });
    expect(mapAlert(rules, "alertmanager", { instance: "web-12" }, "component")).toEqual({ components: ["web"], rule: "hosts" });
    expect(mapAlert(rules, "alertmanager", { instance: "xweb-12", component: "c" }, "component")).toEqual({ components: ["c"], rule: null });
    expect(mapAlert(rules, "alertmanager", {}, "component")).toEqual({ components: [], rule: null });
  });
});
