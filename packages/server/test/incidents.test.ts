/**
 * Incidents worked end to end over the API: grouping many alerts under one root, roles with
 * acknowledgement, tasks from the activated plan, decisions, the live stream, stand-down, the
 * review raising nonconformities, and drills kept apart from real incidents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const MIN = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function group(alerts: Array<{ fingerprint: string; component: string }>, startsAt: Date) {
  return JSON.stringify({
    version: "4",
    status: "firing",
    receiver: "continuum",
    groupLabels: {},
    commonLabels: {},
    alerts: alerts.map((a) => ({ status: "firing", labels: { alertname: "HostDown", component: a.component }, annotations: {}, startsAt: startsAt.toISOString(), endsAt: "0001-01-01T00:00:00Z", fingerprint: a.fingerprint })),
  });
}

describe("incidents", () => {
  let server: TestServer;
  let admin: Client;
  let scribe: Client;
  let viewer: Client;
  let key: string;
  let drillKey: string;
  const post = (k: string, body: string) => fetch(`${server.url}/api/v1/intake/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${k}` }, body });

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
    scribe = await memberClient(server, admin, "acme", "scribe@acme.example", "responder");
    viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
    key = (await admin.post("/api/v1/orgs/acme/intake-keys", { name: "prometheus" })).body.key;
    drillKey = (await admin.post("/api/v1/orgs/acme/intake-keys", { name: "drill", exercise: true })).body.key;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("many alerts under the lost site are one incident with the site as root", async () => {
    const hosts = ["talk-db-pangyo", "auth-api-pangyo", "map-app", "portal-app", "gift-app", "object-metadata", "account-db-pangyo"];
    const r = await post(key, group(hosts.map((h, i) => ({ fingerprint: `fp-${i}`, component: h })), new Date(Date.now() - 20 * MIN)));
    expect(r.status).toBe(202);
    const list = await until("the incident", async () => {
      const b = (await admin.get("/api/v1/orgs/acme/incidents")).body;
      return b.total > 0 && b;
    });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ root: "pangyo-idc", signals: { open: hosts.length, total: hosts.length }, exercise: false });
    // a later alert under the same root joins it
    await post(key, group([{ fingerprint: "fp-late", component: "talk-text-pangyo" }], new Date()));
    await until("the late alert to join", async () => (await admin.get("/api/v1/orgs/acme/incidents/1")).body.signals.total === hosts.length + 1);
    expect((await admin.get("/api/v1/orgs/acme/incidents")).body.total).toBe(1);
  });

  it("a drill alert opens an exercise incident and never joins the real one", async () => {
    await post(drillKey, group([{ fingerprint: "drill-1", component: "pangyo-idc" }], new Date(Date.now() - 30 * MIN)));
    const drill = await until("the drill incident", async () => (await admin.get("/api/v1/orgs/acme/incidents")).body.items.find((i: { exercise: boolean }) => i.exercise));
    expect(drill).toMatchObject({ exercise: true, root: "pangyo-idc", signals: { total: 1 } });
    expect((await admin.get("/api/v1/orgs/acme/incidents/1")).body.signals.total).toBe(8);
  });

  it("the commander and scribe work the incident; the room hears every change live", async () => {
    const me = (await scribe.get("/api/v1/me")).body.user;
    // the live stream, as the incident room reads it
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/orgs/acme/incidents/1/live`, { headers: { cookie: viewer.cookie! }, signal: controller.signal });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body!.getReader();
    let buffered = "";
    const nextEvent = async (test: (incident: any) => boolean) => {
      for (;;) {
        const blocks = buffered.split("\n\n");
        buffered = blocks.pop()!;
        for (const b of blocks) {
          const data = b.split("\n").find((l) => l.startsWith("data: "));
          if (data) {
            const incident = JSON.parse(data.slice(6));
            if (test(incident)) return incident;
          }
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffered += new TextDecoder().decode(value);
      }
    };
    await nextEvent((i) => i.number === 1);

    expect((await admin.put("/api/v1/orgs/acme/incidents/1/roles/commander", { userId: (await admin.get("/api/v1/me")).body.user.id })).status).toBe(200);
    expect((await admin.put("/api/v1/orgs/acme/incidents/1/roles/scribe", { userId: me.id })).status).toBe(200);
    expect((await viewer.put("/api/v1/orgs/acme/incidents/1/roles/scribe", { userId: me.id })).status).toBe(403);
    const ack = await scribe.post("/api/v1/orgs/acme/incidents/1/acknowledge", {});
    expect(ack.body.acknowledged).toEqual(["scribe"]);
    const acked = await nextEvent((i) => i.roles.find((r: { role: string }) => r.role === "scribe").acknowledgedAt !== null);
    expect(acked.roles.find((r: { role: string }) => r.role === "scribe").user.name).toBe("scribe");

    const decided = await scribe.post("/api/v1/orgs/acme/incidents/1/decisions", { decision: "Fail over to Gasan by hand", options: ["wait for power", "fail over by hand"], rationale: "KakaoTalk breaches its RTO in 40 minutes" });
    expect(decided.status).toBe(201);
    const live = await nextEvent((i) => i.decisions.length === 1);
    expect(live.decisions[0]).toMatchObject({ decidedBy: "scribe", options: ["wait for power", "fail over by hand"], rationale: "KakaoTalk breaches its RTO in 40 minutes" });

    // the activated plan's steps are tasks with owners; steps that can run have due times from the schedule
    const detail = (await admin.get("/api/v1/orgs/acme/incidents/1")).body;
    expect(detail.tasks.length).toBeGreaterThan(0);
    expect(detail.tasks.every((t: { owner: string | null }) => t.owner)).toBe(true);
    const task = detail.tasks[0];
    const ticked = await scribe.patch(`/api/v1/orgs/acme/incidents/1/tasks/${task.id}`, { done: true });
    expect(ticked.body.tasks.find((t: { id: string }) => t.id === task.id)).toMatchObject({ doneBy: "scribe" });
    expect(ticked.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["declared", "role", "acknowledged", "decision", "task"]));
    controller.abort();
  });

  it("stand-down freezes the clock; the review raises nonconformities; a review before stand-down is refused", async () => {
    const early = await admin.post("/api/v1/orgs/acme/incidents/1/review", { summary: "too early" });
    expect(early.status).toBe(409);
    const down = await admin.post("/api/v1/orgs/acme/incidents/1/stand-down", { reason: "Services back on the Gasan standby" });
    expect(down.body).toMatchObject({ status: "stood-down", standDownReason: "Services back on the Gasan standby" });
    const frozen = down.body.affectedServices.find((s: { id: string }) => s.id === "kakaotalk-text");
    expect(frozen.rtoBreachAt).not.toBeNull();
    expect((await admin.post("/api/v1/orgs/acme/incidents/1/decisions", { decision: "late" })).status).toBe(409);
    const review = await admin.post("/api/v1/orgs/acme/incidents/1/review", {
      summary: "The failover tools lived in the lost site",
      nonconformities: [{ title: "Failover tool only in Pangyo", description: "dc-failover waits for ops-tools" }, { title: "No drill of a site loss" }],
    });
    expect(review.status).toBe(201);
    const ncs = (await admin.get("/api/v1/orgs/acme/nonconformities")).body.items;
    expect(ncs.map((n: { title: string }) => n.title).sort()).toEqual(["Failover tool only in Pangyo", "No drill of a site loss"]);
    expect(ncs.every((n: { exercise: boolean; incidentId: string }) => !n.exercise && n.incidentId)).toBe(true);
  });

  it("declared by hand, an exercise marks its records", async () => {
    const d = await scribe.post("/api/v1/orgs/acme/incidents", { title: "Tabletop: Pangyo site loss", severity: "sev2", exercise: true, components: ["pangyo-idc"] });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ exercise: true, declaredBy: { rule: null, name: "scribe" } });
    expect(d.body.roles.find((r: { role: string }) => r.role === "commander").user.name).toBe("scribe");
    expect(d.body.plansActivated.map((p: { id: string }) => p.id)).toContain("dc-failover");
    expect(d.body.affectedServices.find((s: { id: string }) => s.id === "kakao-login").rtoBreachAt).not.toBeNull();
    const bad = await scribe.post("/api/v1/orgs/acme/incidents", { title: "x", severity: "sev9" });
    expect(bad.status).toBe(400);
    expect((await scribe.post("/api/v1/orgs/acme/incidents", { title: "x", severity: "sev2", components: ["nope"] })).body.errors[0].field).toBe("components[0]");
    await admin.post(`/api/v1/orgs/acme/incidents/${d.body.number}/stand-down`, { reason: "drill over" });
    await admin.post(`/api/v1/orgs/acme/incidents/${d.body.number}/review`, { summary: "drill", nonconformities: [{ title: "Drill finding" }] });
    const nc = (await admin.get("/api/v1/orgs/acme/nonconformities")).body.items.find((n: { title: string }) => n.title === "Drill finding");
    expect(nc.exercise).toBe(true);
  });

  it("one organization never sees another's incidents", async () => {
    expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other" })).status).toBe(201);
    expect((await admin.get("/api/v1/orgs/other/incidents")).body.total).toBe(0);
  });
});
