/**
 * Plan documents over HTTP (issue 10): the engine's plan check in the list and the plan, an edit as
 * a new revision (field errors, 412 on a stale base), the approval workflow with its history, the
 * 403 for a role that may not approve (nothing changes), tenancy, and the exercise programme's
 * coverage and iCalendar file read back by a real parser (ical.js). Once over PGlite, once over
 * the machine's PostgreSQL (where two approvals at once really race).
 */
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, postgresUnavailable, setupAdmin, startTestServer, type Backend, type TestServer } from "./helpers.js";

let server: TestServer;
let admin: Client;
let editor: Client;
let viewer: Client;
const plans = "/api/v1/orgs/acme/plans";

const pgMissing = await postgresUnavailable();

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe.skipIf(backend === "postgres" && pgMissing !== null)(`plans on ${backend}`, () => {
    beforeAll(async () => {
      server = await startTestServer(backend);
      admin = await setupAdmin(server);
      expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
      editor = await memberClient(server, admin, "acme", "editor@example.com", "editor");
      viewer = await memberClient(server, admin, "acme", "viewer@example.com", "viewer");
    }, 60_000);
    afterAll(async () => server?.stop());

    const failover = async (who: Client = admin) => (await who.get(`${plans}/dc-failover`)).body;

    describe("plans: the list and one plan carry the engine's plan check", () => {
      it("lists every plan as a draft, with the uncovered tier-1 services and each site lost for good", async () => {
        const a = await viewer.get(plans);
        expect(a.status).toBe(200);
        expect(a.body.items.map((p: { id: string }) => p.id)).toContain("dc-failover");
        expect(a.body.items.every((p: { status: string }) => p.status === "draft")).toBe(true);
        expect(a.body.scenarios).toContain("site-loss:pangyo-idc");
        expect(a.body.passed).toBe(false);
      });

      it("shows the failover plan failing against the loss of Pangyo: its steps wait on tools that burned", async () => {
        const p = await failover(viewer);
        expect(p.plan.steps.length).toBeGreaterThan(0);
        expect(p.check.missing).toEqual([]);
        const pangyo = p.check.scenarios["site-loss:pangyo-idc"];
        expect(Object.values(pangyo.services).some((s: any) => !s.rtoMet)).toBe(true);
        expect(pangyo.waiting.find((w: { step: string }) => w.step === "deploy-standby")?.for).toContain("ops-tools");
      });
    });

    describe("plans: edit, submit, approve", () => {
      it("an edit writes a new revision; unknown names come back beside the field; a stale base is 412", async () => {
        const before = await failover();
        const plan = { ...before.plan, purpose: "판교를 잃어도 RTO 안에 재개 (edited)" };
        const bad = await editor.put(`${plans}/dc-failover`, { plan: { ...plan, roles: { ...plan.roles, commander: "nobody-here" } }, expectedRevision: before.revision.number });
        expect(bad.status).toBe(422);
        expect(bad.body.errors.some((e: { field?: string }) => e.field === "plan.roles.commander")).toBe(true);
        const ok = await editor.put(`${plans}/dc-failover`, { plan, expectedRevision: before.revision.number });
        expect(ok.status).toBe(200);
        expect(ok.body.revision.number).toBe(before.revision.number + 1);
        expect(ok.body.approval.status).toBe("draft");
        expect((await failover()).plan.purpose).toContain("edited");
        const stale = await editor.put(`${plans}/dc-failover`, { plan: { ...plan, scope: "x" }, expectedRevision: before.revision.number });
        expect(stale.status).toBe(412);
      });

      it("draft → in review → approved, by an admin; the history names who, in which role, and when", async () => {
        const p = await failover();
        const submitted = await editor.post(`${plans}/dc-failover/submit`, { comment: "ready", expectedRevision: p.revision.number });
        expect(submitted.status).toBe(200);
        expect(submitted.body.status).toBe("in-review");
        const approved = await admin.post(`${plans}/dc-failover/approve`, { comment: "approved for 2027" });
        expect(approved.status).toBe(200);
        expect(approved.body.status).toBe("approved");
        const [submit, approve] = approved.body.history.slice(-2);
        expect(submit).toMatchObject({ action: "submit", by: { role: "editor" }, comment: "ready", revision: p.revision.number });
        expect(approve).toMatchObject({ action: "approve", by: { name: "Ada Admin", role: "admin" }, contentHash: submit.contentHash });
        expect(Date.parse(approve.at)).toBeGreaterThanOrEqual(Date.parse(submit.at));
        expect((await viewer.get(plans)).body.items.find((i: { id: string }) => i.id === "dc-failover").status).toBe("approved");
      });

      it("approving twice, or approving a draft, is refused (409) naming the status", async () => {
        expect((await admin.post(`${plans}/dc-failover/approve`, {})).status).toBe(409);
      });

      it("an edit of the approved plan makes it a draft again; the approval stays in the history", async () => {
        const p = await failover();
        const edited = await editor.put(`${plans}/dc-failover`, { plan: { ...p.plan, scope: `${p.plan.scope} (v2)` }, expectedRevision: p.revision.number });
        expect(edited.body.approval.status).toBe("draft");
        const now = await failover();
        expect(now.approval.status).toBe("draft");
        expect(now.approval.history.map((e: { action: string }) => e.action)).toEqual(["submit", "approve"]);
        expect((await admin.post(`${plans}/dc-failover/approve`, {})).status).toBe(409);
      });

      it("a role that may not approve gets 403 problem+json, and nothing changes", async () => {
        expect((await editor.post(`${plans}/dc-failover/submit`, {})).body.status).toBe("in-review");
        for (const who of [editor, viewer]) {
          const a = await who.post(`${plans}/dc-failover/approve`, { comment: "me too" });
          expect(a.status).toBe(403);
          expect(a.headers.get("content-type")).toContain("application/problem+json");
          expect(a.body.detail).toContain("plans:approve");
        }
        const now = await failover();
        expect(now.approval.status).toBe("in-review");
        expect(now.approval.history.map((e: { action: string }) => e.action)).toEqual(["submit", "approve", "submit"]);
        // the viewer may not submit either
        expect((await viewer.post(`${plans}/dc-failover/return`, {})).status).toBe(403);
      });

      it("the approver sends it back with a comment: a draft again", async () => {
        const a = await admin.post(`${plans}/dc-failover/return`, { comment: "name the deputy's phone tree" });
        expect(a.body.status).toBe("draft");
        expect(a.body.history.at(-1)).toMatchObject({ action: "return", comment: "name the deputy's phone tree" });
      });

      it("approving what was read before an edit is 412", async () => {
        const p = await failover();
        await editor.post(`${plans}/dc-failover/submit`, {});
        await editor.put(`${plans}/dc-failover`, { plan: { ...p.plan, standDown: "1시간 정상 (v3)" } });
        const a = await admin.post(`${plans}/dc-failover/approve`, { expectedRevision: p.revision.number });
        expect(a.status).toBe(412);
        expect((await failover()).approval.status).toBe("draft");
      });

      it("a new plan is added as a draft; an unknown plan is 404", async () => {
        const created = await editor.post(plans, { plan: { id: "crisis-comms", name: "위기 소통", kind: "crisis", steps: [{ id: "notify", duration: "30m", owner: "ops-engineers" }] } });
        expect(created.status).toBe(201);
        expect(created.body.approval.status).toBe("draft");
        const check = (await viewer.get(`${plans}/crisis-comms`)).body.check;
        expect(check.missing).toContain("purpose");
        expect((await viewer.get(`${plans}/no-such-plan`)).status).toBe(404);
        expect((await admin.post(`${plans}/no-such-plan/submit`, {})).status).toBe(404);
      });
    });

    describe("plans: two approvers at once", () => {
      it("one approves, the other is told it is approved already (409); one approval is recorded", async () => {
        const second = await memberClient(server, admin, "acme", `admin2-${backend}@example.com`, "admin");
        expect((await editor.post(`${plans}/dc-failover/submit`, {})).body.status).toBe("in-review");
        const answers = await Promise.all([admin, second].map((c) => c.post(`${plans}/dc-failover/approve`, {})));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        const history = (await failover()).approval.history;
        expect(history.filter((e: { action: string }) => e.action === "approve")).toHaveLength(2); // the earlier one and this one
        expect(history.at(-1).action).toBe("approve");
        expect(history.at(-2).action).toBe("submit");
      });
    });

    describe("plans: one organization never reaches another's", () => {
      it("another organization's admin sees 404 and cannot approve; its own list is empty", async () => {
        const site = await admin.post("/api/v1/orgs", { name: "Other", slug: "other" });
        expect(site.status).toBe(201);
        const outsider = await memberClient(server, admin, "other", "outsider@example.com", "admin");
        expect((await outsider.get(`${plans}/dc-failover`)).status).toBe(404);
        expect((await outsider.post(`${plans}/dc-failover/approve`, {})).status).toBe(404);
        expect((await outsider.get("/api/v1/orgs/other/plans")).body.items).toEqual([]);
        expect((await outsider.post("/api/v1/orgs/other/plans/dc-failover/submit", {})).status).toBe(404);
      });
    });

    describe("the exercise programme", () => {
      it("lists the gaps of the cycle: Pangyo's loss was never exercised", async () => {
        const a = await viewer.get("/api/v1/orgs/acme/exercise-programme?from=2022-01-01");
        expect(a.status).toBe(200);
        expect(a.body).toMatchObject({ cycle: "12mo", from: "2022-01-01", to: "2023-01-01" });
        expect(a.body.coverage.plans["dc-failover"]).toEqual(["db-failover-tabletop"]);
        expect(a.body.gaps.sites).toContain("pangyo-idc");
        expect((await viewer.get("/api/v1/orgs/acme/exercise-programme?cycle=often")).status).toBe(400);
      });

      it("downloads as text/calendar that a real parser reads", async () => {
        const a = await viewer.get("/api/v1/orgs/acme/exercise-programme/calendar.ics");
        expect(a.status).toBe(200);
        expect(a.headers.get("content-type")).toContain("text/calendar");
        expect(a.headers.get("content-disposition")).toContain("acme-exercises.ics");
        const events = new ICAL.Component(ICAL.parse(a.text)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
        // the example's programme: the 2022 tabletop and the site-loss drill planned since
        expect(events).toHaveLength(2);
        const tabletop = events.find((e) => e.summary.includes("DB 장애 대응 도상훈련"));
        expect(tabletop?.startDate.toString()).toBe("2022-03-15");
        expect(tabletop?.component.getFirstPropertyValue("rrule")?.toString()).toContain("FREQ=MONTHLY;INTERVAL=12");
        expect(events.map((e) => e.startDate.toString()).sort()).toEqual(["2022-03-15", "2026-12-10"]);
      });
    });
  });
}
