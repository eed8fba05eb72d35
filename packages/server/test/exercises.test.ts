/**
 * The exercise runner over the API: a run of the Pangyo site-loss drill on an accelerated clock,
 * injects delivered by the clock and early by the controller, steps, milestones and decisions
 * recorded, measures against the engine's prediction, the finish turning measures into recovery
 * evidence that expires, the report as a PDF read back with pdftotext, measured durations
 * proposed into the model as a revision while the run keeps its own, and tenancy.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, postgresUnavailable, setupAdmin, startTestServer, type Backend, type TestServer } from "./helpers.js";

const pgMissing = await postgresUnavailable();

const DRILL = "pangyo-site-loss-drill";
const runs = "/api/v1/orgs/acme/exercise-runs";

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pdfText(bytes: ArrayBuffer): string {
  const file = join(mkdtempSync(join(tmpdir(), "continuum-report-")), "report.pdf");
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe.skipIf(backend === "postgres" && pgMissing !== null)(`exercise runs on ${backend}`, () => {
    let server: TestServer;
    let admin: Client;
    let responder: Client;
    let viewer: Client;
    let outsider: Client;
    let firstRevision: number;

    beforeAll(async () => {
      server = await startTestServer(backend);
      admin = await setupAdmin(server);
      const imported = await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() });
      expect(imported.status).toBe(201);
      firstRevision = imported.body.revision.number;
      responder = await memberClient(server, admin, "acme", "responder@acme.example", "responder");
      viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
      expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other Corp" })).status).toBe(201);
      outsider = await memberClient(server, admin, "other", "boss@other.example", "admin");
      expect((await outsider.post("/api/v1/orgs/other/model/import", { files: exampleFiles() })).status).toBe(201);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("refuses bad starts with the field named, and viewers", async () => {
      const unknown = await responder.post(runs, { exercise: "no-such-drill" });
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors[0].field).toBe("exercise");
      const slow = await responder.post(runs, { exercise: DRILL, speed: 0 });
      expect(slow.status).toBe(400);
      expect(slow.body.errors[0].field).toBe("speed");
      // the 2022 tabletop names a scenario nobody saved
      const vague = await responder.post(runs, { exercise: "db-failover-tabletop" });
      expect(vague.status).toBe(422);
      expect(vague.body.errors[0].field).toBe("exercise");
      expect((await viewer.post(runs, { exercise: DRILL })).status).toBe(403);
      expect((await admin.get(runs)).body.total).toBe(0);
    });

    it("delivers injects on an accelerated clock; the controller may send one early", async () => {
      const started = await responder.post(runs, { exercise: DRILL, speed: 600 }); // 1 s = 10 exercise minutes
      expect(started.status).toBe(201);
      const run = started.body;
      expect(run).toMatchObject({ number: 1, exercise: true, exerciseId: DRILL, revision: firstRevision, speed: 600, status: "running", startedBy: "responder" });
      expect(run.injects.map((i: { kind: string; ref: string; at: number }) => [i.at, i.kind, i.ref])).toEqual([
        [0, "failure", "pangyo-idc"],
        [0, "service-down", "kakao-login"],
        [0, "service-down", "kakaotalk-text"],
        [30, "plan-activation", "dc-failover"],
        [60, "rto-due", "kakao-login"],
        [60, "rto-due", "kakaotalk-text"],
      ]);
      // the prediction: the plan activates at 30 minutes and then waits for tools that burned with Pangyo
      expect(run.baseline.steps[0]).toMatchObject({ id: "deploy-standby", predictedStart: null, waitingFor: ["dev-tools", "ops-tools"] });
      expect(run.injects[0]).toMatchObject({ deliveredAt: 0, deliveredBy: "clock" });
      expect(run.injects[5].deliveredAt).toBeNull();
      const early = await responder.post(`${runs}/1/injects/6/deliver`, {});
      expect(early.status).toBe(200);
      expect(early.body.injects[5]).toMatchObject({ deliveredBy: "responder" });
      expect(early.body.injects[5].deliveredAt).toBeLessThan(60);
      const activation = await until("the activation inject", async () => {
        const r = (await viewer.get(`${runs}/1`)).body;
        return r.injects[3].deliveredAt !== null && r.injects[3];
      });
      expect(activation).toMatchObject({ kind: "plan-activation", deliveredAt: 30, deliveredBy: "clock" });
      expect((await responder.post(`${runs}/1/injects/99/deliver`, {})).status).toBe(404);
      expect((await responder.post(`${runs}/1/finish`, {})).status).toBe(200);
    });

    it("records steps, milestones and decisions, measures them against prediction and RTO, and finishes into evidence", async () => {
      const run = (await responder.post(runs, { exercise: DRILL, speed: 3600 })).body; // 1 s = 1 exercise hour
      const at = `${runs}/${run.number}`;
      await until("two exercise hours", async () => (await viewer.get(at)).body.minuteNow >= 130);
      const ok = async (path: string, body: unknown) => {
        const a = await responder.post(`${at}/${path}`, body);
        expect(a.status, a.text).toBe(200);
        return a.body;
      };
      await ok("milestones", { milestone: "notified", minute: 8 });
      await ok("milestones", { milestone: "activated", minute: 25 });
      await ok("steps", { plan: "dc-failover", step: "switch-data", event: "start", minute: 25 });
      await ok("steps", { plan: "dc-failover", step: "switch-data", event: "end", minute: 45 });
      await ok("steps", { plan: "dc-failover", step: "deploy-standby", event: "start", minute: 25 });
      await ok("steps", { plan: "dc-failover", step: "deploy-standby", event: "end", minute: 110 });
      await ok("milestones", { milestone: "recovered", service: "kakaotalk-text", minute: 55 });
      const decided = await ok("decisions", { who: "복구 책임자", decision: "가산 센터로 전환한다", options: ["판교 복구를 기다린다", "가산 센터로 전환한다"], rationale: "판교 전원 복구 시점을 알 수 없다" });
      expect(decided.decisions[0]).toMatchObject({ who: "복구 책임자", decision: "가산 센터로 전환한다", options: ["판교 복구를 기다린다", "가산 센터로 전환한다"], recordedBy: "responder", exercise: true });
      // bad records name the field and change nothing
      const before = (await viewer.get(at)).body.timeline.length;
      expect((await responder.post(`${at}/steps`, { plan: "dc-failover", step: "nope", event: "start" })).body.errors[0].field).toBe("step");
      expect((await responder.post(`${at}/milestones`, { milestone: "recovered", service: "kakaopay" })).body.errors[0].field).toBe("service");
      expect((await responder.post(`${at}/milestones`, { milestone: "notified", minute: 10_000_000 })).body.errors[0].field).toBe("minute");
      expect((await responder.post(`${at}/decisions`, { who: "x" })).body.errors[0].field).toBe("decision");
      expect((await viewer.post(`${at}/decisions`, { who: "x", decision: "y" })).status).toBe(403);
      expect((await viewer.get(at)).body.timeline.length).toBe(before);

      const m = (await viewer.get(at)).body.measures;
      expect(m.notify).toEqual({ measured: 8, predicted: null, delta: null });
      expect(m.activate).toEqual({ measured: 25, predicted: 30, delta: -5 });
      expect(m.services).toEqual([
        { service: "kakao-login", rto: 60, withinRto: null, measured: null, predicted: null, delta: null },
        { service: "kakaotalk-text", rto: 60, withinRto: true, measured: 55, predicted: 600, delta: -545 },
      ]);
      expect(m.steps.find((s: { step: string }) => s.step === "deploy-standby").duration).toEqual({ measured: 85, predicted: 120, delta: -35 });

      const finished = await responder.post(`${at}/finish`, {});
      expect(finished.body).toMatchObject({ status: "finished", finishedBy: "responder" });
      expect((await responder.post(`${at}/finish`, {})).status).toBe(409);
      expect((await responder.post(`${at}/steps`, { plan: "dc-failover", step: "switch-services", event: "start" })).status).toBe(409);
      // findings may follow the run, linked to its steps
      const found = await ok("findings", { text: "배포 도구가 판교에만 있어 가산에서 수동으로 설치했다", steps: ["dc-failover/deploy-standby"] });
      expect(found.findings[0]).toMatchObject({ steps: ["dc-failover/deploy-standby"], author: "responder", exercise: true });
      expect((await responder.post(`${at}/findings`, { text: "x", steps: ["dc-failover/nope"] })).body.errors[0].field).toBe("steps[0]");
      // the clock stopped at the finish
      const frozen = finished.body.minuteNow;
      await new Promise((r) => setTimeout(r, 300));
      expect((await viewer.get(at)).body.minuteNow).toBe(frozen);

      // evidence: messages proven within RTO, login not recovered, the rest never drilled; it expires
      const today = new Date().toISOString().slice(0, 10);
      const proof = (await viewer.get("/api/v1/orgs/acme/recovery-evidence")).body;
      const answer = (p: { services: Array<{ service: string; answer: string; reason: string | null }> }, id: string) => p.services.find((s) => s.service === id);
      expect(answer(proof, "kakaotalk-text")).toMatchObject({ answer: "yes", evidence: { minutes: 55, measuredOn: today, source: `run #${run.number}`, shelfLife: "12mo" } }); // run #1 (nothing recovered) was earlier the same day
      expect(answer(proof, "kakao-login")).toMatchObject({ answer: "no", evidence: { minutes: null } });
      expect(answer(proof, "kakaopay")).toMatchObject({ answer: "unproven", reason: "never-drilled" });
      const nextYear = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
      expect(answer((await viewer.get(`/api/v1/orgs/acme/recovery-evidence?asOf=${nextYear}`)).body, "kakaotalk-text")).toMatchObject({ answer: "unproven", reason: "expired" });
      expect((await viewer.get("/api/v1/orgs/acme/recovery-evidence?asOf=soon")).body.errors[0].field).toBe("asOf");
    });

    it("writes the report as a PDF whose Korean and English text reads back", async () => {
      const api = (await viewer.get("/api/openapi.json")).body;
      expect(Object.keys(api.paths["/api/v1/orgs/{org}/exercise-runs/{n}/report.pdf"].get.responses["200"].content)).toEqual(["application/pdf"]);
      const ko = await fetch(`${server.url}${runs}/2/report.pdf?lang=ko`, { headers: { cookie: viewer.cookie! } });
      expect(ko.status).toBe(200);
      expect(ko.headers.get("content-type")).toBe("application/pdf");
      const koText = pdfText(await ko.arrayBuffer());
      for (const s of ["훈련 결과 보고서", "판교 센터 전체 상실 모의훈련", "가산 센터로 전환한다", "배포 도구가 판교에만 있어", "kakaotalk-text", "RTO 충족: 예", "계획 발동까지 걸린 시간"]) expect(koText).toContain(s);
      const en = await fetch(`${server.url}${runs}/2/report.pdf?lang=en`, { headers: { cookie: viewer.cookie! } });
      const enText = pdfText(await en.arrayBuffer());
      for (const s of ["Post-exercise report", "EXERCISE record", "Time to activate the plans", "within RTO: yes", "판교 센터 전체 상실 모의훈련"]) expect(enText).toContain(s);
    });

    it("proposes measured durations as a revision naming the run; the run keeps the revision it ran on", async () => {
      expect((await responder.post(`${runs}/2/model-revision`, {})).status).toBe(403); // changing the model needs model:write
      expect((await admin.post(`${runs}/2/model-revision`, { steps: ["dc-failover/switch-services"] })).body.errors[0].field).toBe("steps[0]");
      const proposed = await admin.post(`${runs}/2/model-revision`, { steps: ["dc-failover/deploy-standby"] });
      expect(proposed.status, proposed.text).toBe(201);
      expect(proposed.body.revision.comment).toMatch(/exercise run #2 \(pangyo-site-loss-drill, .*revision 1\): dc-failover\/deploy-standby 2h → 85m/);
      const plan = (await admin.get("/api/v1/orgs/acme/model")).body;
      expect(JSON.stringify(plan)).toContain("85m");
      const run = (await viewer.get(`${runs}/2`)).body;
      expect(run.revision).toBe(firstRevision);
      expect(run.baseline.steps[0].duration).toBe(120);
      // a new run starts on the new revision
      const third = (await responder.post(runs, { exercise: DRILL, speed: 60 })).body;
      expect(third.revision).toBe(proposed.body.revision.number);
      expect(third.baseline.steps[0].duration).toBe(85);
    });

    it("keeps organizations apart", async () => {
      expect((await outsider.get("/api/v1/orgs/acme/exercise-runs/2")).status).toBe(404);
      expect((await outsider.post("/api/v1/orgs/acme/exercise-runs/2/findings", { text: "x" })).status).toBe(404);
      expect((await outsider.get("/api/v1/orgs/other/exercise-runs")).body.total).toBe(0);
      expect((await outsider.get("/api/v1/orgs/other/exercise-runs/2")).status).toBe(404);
      const own = await outsider.post("/api/v1/orgs/other/exercise-runs", { exercise: DRILL });
      expect(own.body.number).toBe(1);
      const proof = (await outsider.get("/api/v1/orgs/other/recovery-evidence")).body;
      expect(proof.counts.yes + proof.counts.no).toBe(0);
      expect((await admin.get(runs)).body.total).toBe(3);
    });

    it("tells the console live: `changed` on a record, when the clock sends an inject, and on the finish", async () => {
      const started = await responder.post(runs, { exercise: DRILL, speed: 600 });
      const at = `${runs}/${started.body.number}`;
      const controller = new AbortController();
      const stream = await fetch(`${server.url}${at}/live`, { headers: { cookie: viewer.cookie! }, signal: controller.signal });
      expect(stream.status).toBe(200);
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const reader = stream.body!.getReader();
      let buffered = "";
      const nextChanged = async () => {
        for (;;) {
          const blocks = buffered.split("\n\n");
          buffered = blocks.pop()!;
          const i = blocks.findIndex((b) => b.startsWith("event: changed"));
          if (i >= 0) {
            buffered = blocks.slice(i + 1).map((b) => b + "\n\n").join("") + buffered;
            return;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error("stream ended");
          buffered += new TextDecoder().decode(value);
        }
      };
      try {
        // a decision recorded: the console hears it and re-reads the run
        expect((await responder.post(`${at}/decisions`, { who: "lead", decision: "fail over to Gasan" })).status).toBe(200);
        await nextChanged();
        expect((await viewer.get(at)).body.decisions.map((d: { decision: string }) => d.decision)).toEqual(["fail over to Gasan"]);
        // nothing recorded: the clock sends the activation inject (minute 30, 3 s in) and the stream says so
        await nextChanged();
        expect((await viewer.get(at)).body.injects[3].deliveredBy).toBe("clock");
        expect((await responder.post(`${at}/finish`, {})).status).toBe(200);
        await nextChanged();
      } finally {
        controller.abort();
      }
      // another organization never reaches the stream
      expect((await outsider.get(`/api/v1/orgs/acme/exercise-runs/${started.body.number}/live?once=true`)).status).toBe(404);
    });
  });
}
