/**
 * Crisis communication with real parts: a real SMTP server (smtp-server) receiving the mail, taken
 * down and brought back (nothing lost, nothing twice); a real HTTP server as the Slack webhook;
 * a call tree on a 2-second timeout (one person acknowledges by the link, the other is escalated
 * to the next channel and then to their alternate); the contact directory's roles and tenancy;
 * deadline clocks; CAP; a drill marked as an exercise everywhere.
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error a plain ES module shared with the browser journey and the bench
import { startSmtpSink } from "../../../scripts/smtp-sink.mjs";
import { Client, EXAMPLE_DIR, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

interface Sink { url: string; messages: Array<{ messageId: string; subject: string; text: string; rcpt: string[]; headers: Record<string, string> }>; stop(): Promise<void>; start(): Promise<number> }

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("crisis communication", () => {
  let server: TestServer;
  let admin: Client;
  let responder: Client;
  let viewer: Client;
  let auditor: Client;
  let outsider: Client;
  let smtp: Sink;
  let hook: Server;
  const hooks: Array<{ body: any; id: string | undefined }> = [];
  let hookUrl = "";

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hook = createServer((req, res) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => {
        hooks.push({ body: JSON.parse(data), id: req.headers["idempotency-key"] as string | undefined });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/slack`;
    // crisis mail through the environment's SMTP server (read at send time); no --smtp-url, so the
    // invitations that make the test's members hand their links to the admin instead of mailing them
    process.env.CONTINUUM_SMTP_URL = smtp.url;
    server = await startTestServer("pglite", { outbox: { baseDelayMs: 300, maxDelayMs: 1000, maxAttempts: 30 } });
    admin = await setupAdmin(server);
    // the example's call tree, on a 2-second timeout for the test
    const model = readFileSync(join(EXAMPLE_DIR, "model.yaml"), "utf8").replace("ackTimeout: 15m", "ackTimeout: PT2S");
    expect(model).toContain("PT2S");
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: [{ path: "model.yaml", text: model }] })).status).toBe(201);
    responder = await memberClient(server, admin, "acme", "responder@acme.example", "responder");
    viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
    auditor = await memberClient(server, admin, "acme", "auditor@acme.example", "auditor");
    expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other" })).status).toBe(201);
    outsider = await memberClient(server, admin, "other", "boss@other.example", "admin");
  });
  afterAll(async () => {
    await server?.stop();
    delete process.env.CONTINUUM_SMTP_URL;
    await smtp?.stop();
    hook?.close();
  });

  describe("the contact directory", () => {
    it("refuses a CSV with problems, naming line, column and field, and changes nothing", async () => {
      const r = await admin.put("/api/v1/orgs/acme/directory", { csv: "person,email,phone\nrecovery-lead,not-an-address,\nnobody-here,a@b.example,\n" });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: "line 2, column 15: email", message: '"not-an-address" is not an e-mail address' },
        { field: "line 2, column 1: email", message: expect.stringContaining("no e-mail, phone or webhook") },
        { field: "person", message: '"nobody-here" is not a person (kind: person) of the model' },
      ]);
      expect((await admin.get("/api/v1/orgs/acme/directory")).body.total).toBe(0);
    });

    it("imports the example's contacts (recovery lead also on Slack) and shows them only to the roles that reach people", async () => {
      const csv = readFileSync(join(EXAMPLE_DIR, "contacts.csv"), "utf8").replace(/^(recovery-lead,.*),$/m, `$1,${hookUrl}`);
      const r = await admin.put("/api/v1/orgs/acme/directory", { csv });
      expect(r.status, r.text).toBe(200);
      expect(r.body.imported).toBe(3);
      const seen = await responder.get("/api/v1/orgs/acme/directory");
      expect(seen.status).toBe(200);
      expect(seen.body.contacts.map((c: { person: string }) => c.person)).toEqual(["dba-lead", "recovery-lead", "security-lead"]);
      expect(seen.body.contacts[0]).toMatchObject({ emails: ["dba-lead@kakao.example"], languages: ["ko", "en"], inModel: true });
      expect((await viewer.get("/api/v1/orgs/acme/directory")).status).toBe(403);
      expect((await auditor.get("/api/v1/orgs/acme/directory")).status).toBe(403);
      expect((await responder.put("/api/v1/orgs/acme/directory", { csv })).status).toBe(403);
      // another organization sees nothing of it, and its own directory is empty
      expect((await outsider.get("/api/v1/orgs/acme/directory")).status).toBe(404);
      expect((await outsider.get("/api/v1/orgs/other/directory")).body.total).toBe(0);
    });
  });

  describe("the call tree", () => {
    let n = 0;
    it("declaring an incident e-mails the responders, each with their own acknowledgement link", async () => {
      const d = await admin.post("/api/v1/orgs/acme/incidents", { title: "판교 데이터센터 화재", severity: "sev1", components: ["pangyo-idc"] });
      expect(d.status).toBe(201);
      n = d.body.number;
      const mails = await until("two activation mails", () => smtp.messages.filter((m) => m.subject.includes("[비상 소집]")).length >= 2 && smtp.messages);
      const to = (who: string) => mails.find((m) => m.rcpt.includes(`${who}@kakao.example`));
      expect(to("recovery-lead")!.text).toMatch(/\/ack\/[A-Za-z0-9_-]{20,}/);
      expect(to("security-lead")!.text).toContain("카카오톡"); // the services down, from the business clock
      expect(to("recovery-lead")!.text.match(/\/ack\/\S+/)![0]).not.toBe(to("security-lead")!.text.match(/\/ack\/\S+/)![0]);
    });

    it("one acknowledges by the link (single use); the other is escalated to Slack, then their alternate is asked", async () => {
      const link = smtp.messages.find((m) => m.rcpt.includes("security-lead@kakao.example"))!.text.match(/https?:\/\/\S+\/ack\/[A-Za-z0-9_-]+/)![0];
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<form method=\"post\"");
      const ack = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      expect(ack.status).toBe(200);
      expect(await ack.text()).toContain("Acknowledged");
      const again = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      expect(await again.text()).toContain("Already acknowledged");
      expect((await fetch(link.replace(/ack\/.*/, "ack/not-a-real-token-at-all"), { method: "POST" })).status).toBe(404);

      // the recovery lead does not answer: after 2 s the Slack webhook gets the message…
      const slack = await until("the escalation on Slack", () => hooks.find((h) => String(h.body.text).includes("[비상 소집]")));
      expect(slack.id).toMatch(/^m\d+$/);
      // …and after 2 s more the alternate of their team (dba-lead) is asked by e-mail
      await until("the alternate's mail", () => smtp.messages.find((m) => m.rcpt.includes("dba-lead@kakao.example")));
      const status = await until("the room's view of the call tree", async () => {
        const b = (await viewer.get(`/api/v1/orgs/acme/incidents/${n}/communication`)).body;
        return b.callTree?.some((r: { person: string; state: string }) => r.person === "dba-lead" && r.state === "reached") && b;
      });
      const by = (p: string) => status.callTree.find((r: { person: string }) => r.person === p);
      expect(by("security-lead")).toMatchObject({ state: "acknowledged", acknowledgedVia: "link" });
      expect(by("recovery-lead")).toMatchObject({ state: "escalated", channels: ["email", "slack"] });
      expect(by("recovery-lead").deliveries.map((d: { channel: string; state: string }) => `${d.channel}:${d.state}`)).toEqual(["email:sent", "slack:sent"]);
      expect(by("dba-lead")).toMatchObject({ alternateFor: "recovery-lead" });
      // the incident's timeline says what happened
      const timeline = (await admin.get(`/api/v1/orgs/acme/incidents/${n}`)).body.timeline.map((t: { text: string }) => t.text).join("\n");
      expect(timeline).toContain("escalated to slack");
      expect(timeline).toContain("alternate DB 복구 책임자 asked");
    });

    it("shows the 2-hour user notice and the 24-hour press conference clocks; a clock is marked done", async () => {
      const b = (await admin.get(`/api/v1/orgs/acme/incidents/${n}/communication`)).body;
      const clock = (id: string) => b.clocks.find((c: { id: string }) => c.id === id);
      expect(clock("user-notice")).toMatchObject({ state: "running" });
      expect(clock("user-notice").minutesLeft).toBeGreaterThan(100);
      expect(clock("press-conference").minutesLeft).toBeGreaterThan(1430);
      expect(clock("compensation-notice").state).toBe("waiting");
      expect((await viewer.post(`/api/v1/orgs/acme/incidents/${n}/clocks/user-notice/done`)).status).toBe(403);
      expect((await responder.post(`/api/v1/orgs/acme/incidents/${n}/clocks/user-notice/done`)).status).toBe(200);
      const after = (await admin.get(`/api/v1/orgs/acme/incidents/${n}/communication`)).body;
      expect(after.clocks.find((c: { id: string }) => c.id === "user-notice").state).toBe("done");
    });
  });

  describe("the outbox", () => {
    it("previews a template in Korean and English before it is sent, naming what has no value", async () => {
      const p = await responder.post("/api/v1/orgs/acme/incidents/1/messages/preview", { template: "user-notice", cause: "데이터센터 화재" });
      expect(p.status).toBe(200);
      expect(p.body.ko.body).toContain("원인: 데이터센터 화재");
      expect(p.body.en.subject).toContain("[Service disruption]");
      expect(p.body.ko.missing).toEqual(["contact"]);
      expect(p.body.byChannel).toEqual({ email: 1 });
      const bad = await responder.post("/api/v1/orgs/acme/incidents/1/messages/preview", { template: "nope" });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe("template");
    });

    it("keeps messages while the mail server is down and delivers each exactly once when it is back", async () => {
      await smtp.stop();
      const body = { template: "user-notice", stakeholders: ["users", "regulators"], cause: "화재", contact: "1577-3754", sendId: "notice-0001" };
      const sent = await responder.post("/api/v1/orgs/acme/incidents/1/messages", body);
      expect(sent.status).toBe(202);
      expect(sent.body.queued).toBe(2);
      // the same send again (a double click, a retry) queues nothing new
      expect((await responder.post("/api/v1/orgs/acme/incidents/1/messages", body)).body.queued).toBe(0);
      await new Promise((r) => setTimeout(r, 1500)); // a few failed attempts
      const before = smtp.messages.length;
      await smtp.start();
      await until("the two notices", () => smtp.messages.filter((m) => m.subject.includes("[서비스 장애 안내]")).length >= 2);
      await new Promise((r) => setTimeout(r, 1000)); // any duplicate would arrive by now
      const notices = smtp.messages.slice(before).filter((m) => m.subject.includes("[서비스 장애 안내]"));
      expect(notices.map((m) => m.rcpt[0]).sort()).toEqual(["notice@users.example", "report@msit.example"]);
      const ids = smtp.messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe("CAP and drills", () => {
    it("exports the public warning as CAP 1.2 (Actual)", async () => {
      const r = await viewer.get("/api/v1/orgs/acme/incidents/1/cap?template=user-notice");
      expect(r.status).toBe(200);
      expect(r.text).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
      expect(r.text).toContain("<status>Actual</status>");
      expect(r.text).toContain("<language>ko-KR</language>");
      expect(r.text).toContain("<language>en-US</language>");
    });

    it("marks every message of a drill as an exercise: subjects, CAP status, records", async () => {
      const d = await admin.post("/api/v1/orgs/acme/incidents", { title: "판교 화재 훈련", severity: "sev1", components: ["pangyo-idc"], exercise: true });
      expect(d.status).toBe(201);
      const mails = await until("the drill's activation mails", () => {
        const m = smtp.messages.filter((x) => x.subject.includes("판교 화재 훈련"));
        return m.length >= 2 && m;
      });
      for (const m of mails) {
        expect(m.subject.startsWith("[훈련] ")).toBe(true);
        expect(m.headers["x-continuum-exercise"]).toBe("true");
      }
      const cap = await viewer.get(`/api/v1/orgs/acme/incidents/${d.body.number}/cap?template=user-notice&language=en`);
      expect(cap.text).toContain("<status>Exercise</status>");
      const tree = (await viewer.get(`/api/v1/orgs/acme/incidents/${d.body.number}/communication`)).body;
      expect(tree.exercise).toBe(true);
      expect(tree.callTree.every((r: { exercise: boolean }) => r.exercise)).toBe(true);
    });
  });
});
