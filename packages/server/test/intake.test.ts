/**
 * Intake with real-shaped payloads of each format (taken from the vendors' documentation):
 * keys, mapping, deduplication, closing, signatures, bad payloads, heartbeats, and an alert on the
 * Pangyo site becoming one incident with a projected breach.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/intake/${name}`, import.meta.url), "utf8");
const MIN = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("intake", () => {
  let server: TestServer;
  let admin: Client;
  let key: string;
  const send = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers }, body });

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
    const k = await admin.post("/api/v1/orgs/acme/intake-keys", { name: "prometheus" });
    expect(k.status).toBe(201);
    key = k.body.key;
    expect(key).toMatch(/^cik_/);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers the key once, lists it without the key, and only admins make keys", async () => {
    const list = await admin.get("/api/v1/orgs/acme/intake-keys");
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const editor = await memberClient(server, admin, "acme", "editor@acme.example", "editor");
    expect((await editor.post("/api/v1/orgs/acme/intake-keys", { name: "x" })).status).toBe(403);
  });

  it("refuses a missing or wrong key with 401 and a problem", async () => {
    const body = fixture("alertmanager.json").replace("STARTS_AT", new Date().toISOString());
    const none = await fetch(`${server.url}/api/v1/intake/alertmanager`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/problem\+json/);
    const wrong = await send("/api/v1/intake/alertmanager", body, { authorization: "Bearer cik_wrong" });
    expect(wrong.status).toBe(401);
    expect((await admin.get("/api/v1/orgs/acme/signals")).body.total).toBe(0);
  });

  it("says what is wrong with a bad payload, and stores nothing", async () => {
    const cases: Array<[string, string, string]> = [
      ["/api/v1/intake/alertmanager", "{not json", "body"],
      ["/api/v1/intake/alertmanager", JSON.stringify({ version: "4" }), "alerts"],
      ["/api/v1/intake/alertmanager", JSON.stringify({ version: "4", alerts: [{ labels: {}, startsAt: "yesterday" }] }), "alerts[0].startsAt"],
      ["/api/v1/intake/alertmanager", JSON.stringify({ version: "3", alerts: [] }), "version"],
      ["/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify({ routing_key: "x", event_action: "explode" }), "event_action"],
      ["/api/v1/intake/cloudevents", JSON.stringify({ specversion: "1.0", id: "1", source: "/x" }), "type"],
    ];
    for (const [path, body, field] of cases) {
      const contentType = path.endsWith("cloudevents") ? "application/cloudevents+json" : "application/json";
      const bodyWithKey = path.includes("pagerduty") ? body.replace('"x"', JSON.stringify(key)) : body;
      const r = await send(path, bodyWithKey, { "content-type": contentType });
      expect(r.status, `${path} ${body}`).toBe(400);
      expect(r.headers.get("content-type")).toMatch(/problem\+json/);
      const problem = (await r.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors[0].field).toBe(field);
    }
    expect((await admin.get("/api/v1/orgs/acme/signals")).body.total).toBe(0);
  });

  it("an Alertmanager alert on the Pangyo site opens one incident with the tier-1 breach times and the failover plan", async () => {
    const startsAt = new Date(Date.now() - 10 * MIN);
    const body = fixture("alertmanager.json").replace("STARTS_AT", startsAt.toISOString());
    const r = await send("/api/v1/intake/alertmanager", body);
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ accepted: 1, opened: 1 });
    // the same fingerprint again is the same signal
    expect(await (await send("/api/v1/intake/alertmanager", body)).json()).toMatchObject({ accepted: 1, opened: 0, updated: 1 });
    const incident = await until("an incident", async () => (await admin.get("/api/v1/orgs/acme/incidents")).body.items[0]);
    expect(incident).toMatchObject({ number: 1, severity: "sev1", status: "open", root: "pangyo-idc", declaredBy: { rule: "tier1-rto-within-60m" }, signals: { open: 1, total: 1 } });
    const talk = incident.affectedServices.find((s: { id: string }) => s.id === "kakaotalk-text");
    expect(talk.rtoBreachAt).toBe(new Date(startsAt.getTime() + 60 * MIN).toISOString());
    expect(talk.mtpdBreachAt).toBe(new Date(startsAt.getTime() + 240 * MIN).toISOString());
    for (const s of incident.affectedServices.filter((x: { tier: number }) => x.tier === 1)) expect(s.rtoBreachAt, s.id).not.toBeNull();
    expect(incident.plansActivated.map((p: { id: string }) => p.id)).toContain("dc-failover");
    const detail = (await admin.get("/api/v1/orgs/acme/incidents/1")).body;
    const deploy = detail.tasks.find((t: { step: string }) => t.step === "deploy-standby");
    expect(deploy.waitingFor).toEqual(["dev-tools", "ops-tools"]);
    expect(detail.timeline[0].text).toContain("tier1-rto-within-60m");
  });

  it("a Grafana alert with an HMAC secret needs the right signature", async () => {
    const k = await admin.post("/api/v1/orgs/acme/intake-keys", { name: "grafana", hmacSecret: "a shared secret of some length" });
    const body = fixture("grafana.json").replace("STARTS_AT", new Date().toISOString());
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = createHmac("sha256", "a shared secret of some length").update(`${ts}:${body}`).digest("hex");
    const post = (headers: Record<string, string>) => send("/api/v1/intake/grafana", body, { authorization: `Bearer ${k.body.key}`, ...headers });
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-grafana-alerting-signature": sig.replace(/.$/, "0"), "x-grafana-alerting-timestamp": ts })).status).toBe(401);
    expect((await post({ "x-grafana-alerting-signature": sig, "x-grafana-alerting-timestamp": String(Number(ts) - 3600) })).status).toBe(401);
    const ok = await post({ "x-grafana-alerting-signature": sig, "x-grafana-alerting-timestamp": ts });
    expect(ok.status).toBe(202);
    const signals = (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items;
    expect(signals.find((s: { source: string }) => s.source === "grafana")).toMatchObject({ dedupKey: "c6eadffa33fcdf37", components: ["talk-db-gasan"] });
  });

  it("PagerDuty Events v2: trigger, acknowledge, resolve by dedup_key, answered like PagerDuty", async () => {
    const event = JSON.parse(fixture("pagerduty.json"));
    event.routing_key = key;
    event.payload.timestamp = new Date().toISOString().replace("Z", "+0000");
    const rules = await admin.put("/api/v1/orgs/acme/intake-rules", { rules: [{ name: "datapipe", source: "pagerduty", matchRe: { source: "prod-datapipe\\d+\\..*" }, components: ["gasan-idc"] }] });
    expect(rules.status).toBe(200);
    const preview = await admin.post("/api/v1/orgs/acme/intake-rules/preview", { source: "pagerduty", labels: { source: "prod-datapipe03.example.com" } });
    expect(preview.body).toMatchObject({ components: ["gasan-idc"], rule: "datapipe", unknown: [] });
    const trigger = await send("/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify(event));
    expect(trigger.status).toBe(202);
    expect(await trigger.json()).toEqual({ status: "success", message: "Event processed", dedup_key: "samplekeyhere" });
    const ack = await send("/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify({ routing_key: key, event_action: "acknowledge", dedup_key: "samplekeyhere" }));
    expect(ack.status).toBe(202);
    let pd = (await admin.get("/api/v1/orgs/acme/signals")).body.items.find((s: { source: string }) => s.source === "pagerduty");
    expect(pd).toMatchObject({ components: ["gasan-idc"], rule: "datapipe", endedAt: null });
    expect(pd.acknowledgedAt).not.toBeNull();
    await send("/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify({ routing_key: key, event_action: "resolve", dedup_key: "samplekeyhere" }));
    pd = (await admin.get("/api/v1/orgs/acme/signals")).body.items.find((s: { source: string }) => s.source === "pagerduty");
    expect(pd.endedAt).not.toBeNull();
    // without a dedup_key a trigger gets one, as PagerDuty does
    delete event.dedup_key;
    const fresh = (await (await send("/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify(event))).json()) as { dedup_key: string };
    expect(fresh.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    expect((await send("/api/v1/intake/pagerduty/v2/enqueue", JSON.stringify({ ...event, routing_key: "cik_nope" }))).status).toBe(401);
    await admin.put("/api/v1/orgs/acme/intake-rules", { rules: [] });
  });

  it("CloudEvents in structured and binary mode; the subject names the component", async () => {
    const structured = await send("/api/v1/intake/cloudevents", fixture("cloudevent.json"), { "content-type": "application/cloudevents+json; charset=utf-8" });
    expect(structured.status).toBe(202);
    const binary = await send("/api/v1/intake/cloudevents", JSON.stringify({ summary: "Map servers down" }), {
      "content-type": "application/json",
      "ce-specversion": "1.0",
      "ce-type": "com.example.monitoring.alert.firing",
      "ce-source": "/monitoring/probes",
      "ce-id": "B234-1234-1234",
      "ce-subject": "map-app",
      "ce-time": new Date().toISOString(),
    });
    expect(binary.status).toBe(202);
    const open = (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items.filter((s: { source: string }) => s.source === "cloudevents");
    expect(open.map((s: { components: string[] }) => s.components[0]).sort()).toEqual(["kakaopay-core", "map-app"]);
    expect(open.find((s: { components: string[] }) => s.components[0] === "map-app").summary).toBe("Map servers down");
    // resolved by a type ending in .resolved, matched on source and subject
    const resolved = await send("/api/v1/intake/cloudevents", JSON.stringify({ ...JSON.parse(fixture("cloudevent.json")), id: "C1", type: "com.example.monitoring.alert.resolved" }), {
      "content-type": "application/cloudevents+json",
    });
    expect(resolved.status).toBe(202);
    const still = (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items.filter((s: { source: string }) => s.source === "cloudevents");
    expect(still.map((s: { components: string[] }) => s.components[0])).toEqual(["map-app"]);
    const noMode = await send("/api/v1/intake/cloudevents", "{}", { "content-type": "application/json" });
    expect(noMode.status).toBe(400);
  });

  it("Alertmanager's resolved status closes the signal", async () => {
    const body = JSON.parse(fixture("alertmanager.json").replace("STARTS_AT", new Date().toISOString()));
    body.alerts[0].fingerprint = "to-resolve";
    body.alerts[0].labels.component = "gasan-idc";
    await send("/api/v1/intake/alertmanager", JSON.stringify(body));
    body.status = "resolved";
    body.alerts[0].status = "resolved";
    body.alerts[0].endsAt = new Date().toISOString();
    expect(await (await send("/api/v1/intake/alertmanager", JSON.stringify(body))).json()).toMatchObject({ closed: 1 });
    const s = (await admin.get("/api/v1/orgs/acme/signals")).body.items.find((x: { dedupKey: string }) => x.dedupKey === "to-resolve");
    expect(s.endedAt).not.toBeNull();
  });

  it("heartbeats: a push keeps a monitor up; a missed one after its interval is a signal", async () => {
    const bad = await admin.post("/api/v1/orgs/acme/heartbeats", { name: "x", component: "no-such", intervalSeconds: 60 });
    expect(bad.status).toBe(400);
    const hb = await admin.post("/api/v1/orgs/acme/heartbeats", { name: "map probe", component: "map-app", intervalSeconds: 1 });
    expect(hb.status).toBe(201);
    const up = await fetch(`${server.url}${hb.body.pushPath.replace("status=up", "status=up").replace("msg=OK", "msg=OK")}`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true });
    expect((await fetch(`${server.url}/api/v1/intake/push/${hb.body.token}?status=sideways`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/intake/push/cph_unknown?status=up`)).status).toBe(404);
    const missed = await until("a missed heartbeat", async () =>
      (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items.find((s: { source: string; components: string[] }) => s.source === "heartbeat" && s.components[0] === "map-app"),
    );
    expect(missed.summary).toContain("no heartbeat");
    expect((await admin.get("/api/v1/orgs/acme/heartbeats")).body.items[0].state).toBe("down");
    // the next beat closes it
    await fetch(`${server.url}/api/v1/intake/push/${hb.body.token}?status=up`);
    const open = (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items.filter((s: { source: string }) => s.source === "heartbeat");
    expect(open).toEqual([]);
    await admin.del(`/api/v1/orgs/acme/heartbeats/${hb.body.id}`);
  });
});
