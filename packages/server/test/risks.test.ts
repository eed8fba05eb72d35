/**
 * The risk register's API (docs/api.md, "Risks"), once over PGlite and once over the machine's
 * PostgreSQL (skipped, with a message, when none answers): the register with overdue actions,
 * one risk added, edited and removed as revisions of the model, 422 with field messages, the
 * risk matrix replaced, roles (editors write, viewers and auditors read), the export round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { Client, exampleFiles, memberClient, postgresUnavailable, setupAdmin, startTestServer, type Backend, type TestServer } from "./helpers.js";

const pgMissing = await postgresUnavailable();
if (pgMissing) console.warn(`\n  PostgreSQL is not reachable, so the PostgreSQL runs of the risk register tests are SKIPPED: ${pgMissing}\n`);

const PROBLEM = /^application\/problem\+json/;

const newRisk = {
  id: "supplier-outage",
  name: "클라우드 공급사 장애",
  threat: "supplier",
  frequency: 0.5,
  strikes: ["gasan-idc"],
  duration: "4h",
  owner: "구매팀",
  treatment: "transfer",
  actions: [
    { id: "a1", title: "SLA 위약금 조항 협상", owner: "구매팀", due: "2025-01-31" },
    { id: "a2", title: "대체 공급사 계약", owner: "구매팀", due: "2099-12-31" },
    { id: "a3", title: "공급사 평가", due: "2024-06-30", status: "done" },
  ],
};

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe.skipIf(backend === "postgres" && pgMissing !== null)(`risk register API on ${backend}`, () => {
    let server: TestServer;
    let admin: Client;
    let editor: Client;
    let viewer: Client;
    let auditor: Client;
    const org = "/api/v1/orgs/acme";

    beforeAll(async () => {
      server = await startTestServer(backend);
      admin = await setupAdmin(server);
      expect((await admin.post(`${org}/model/import`, { files: exampleFiles() })).status).toBe(201);
      editor = await memberClient(server, admin, "acme", "editor@acme.example", "editor");
      viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
      auditor = await memberClient(server, admin, "acme", "auditor@acme.example", "auditor");
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("lists the register: owners, treatments, actions, overdue ones as of a day; the matrix and appetite", async () => {
      const a = await viewer.get(`${org}/risks?asOf=2026-11-22`);
      expect(a.status).toBe(200);
      expect(a.body.total).toBe(7);
      expect(a.body.asOf).toBe("2026-11-22");
      expect(a.body.currency).toBe("KRW");
      const fire = a.body.items.find((i: { risk: { id: string } }) => i.risk.id === "pangyo-dc-fire");
      expect(fire.risk).toMatchObject({ owner: expect.any(String), treatment: "mitigate" });
      expect(fire.overdueActions.map((x: { id: string }) => x.id)).toEqual(["a1"]);
      expect(fire.openActions).toBe(2);
      expect(a.body.overdue).toBeGreaterThanOrEqual(3);
      expect(a.body.riskMatrix.likelihood).toHaveLength(5);
      expect(a.body.riskAppetite[0]).toMatchObject({ maxLoss: 100000000000 });
      expect(a.body.insurance.map((p: { id: string }) => p.id)).toEqual(["property-bi", "cyber"]);
      // a day long ago: nothing is overdue yet
      expect((await auditor.get(`${org}/risks?asOf=2020-01-01`)).body.overdue).toBe(0);
      // filters
      const overdue = await viewer.get(`${org}/risks?asOf=2026-11-22&overdue=true`);
      expect(overdue.body.items.every((i: { overdueActions: unknown[] }) => i.overdueActions.length > 0)).toBe(true);
      const transfer = await viewer.get(`${org}/risks?treatment=transfer`);
      expect(transfer.body.items.map((i: { risk: { id: string } }) => i.risk.id).sort()).toEqual(["capital-earthquake", "personal-data-breach"]);
      expect((await viewer.get(`${org}/risks?asOf=2025-02-30`)).status).toBe(400);
      const one = await viewer.get(`${org}/risks/pangyo-dc-fire?asOf=2026-11-22`);
      expect(one.status).toBe(200);
      expect(one.body.overdueActions).toHaveLength(1);
      expect(one.body.revision.number).toBe(1);
      expect((await viewer.get(`${org}/risks/no-such-risk`)).status).toBe(404);
    });

    it("adds a risk as a new revision; an editor may, a viewer or auditor may not", async () => {
      expect((await viewer.post(`${org}/risks`, { risk: newRisk })).status).toBe(403);
      expect((await auditor.post(`${org}/risks`, { risk: newRisk })).status).toBe(403);
      const a = await editor.post(`${org}/risks`, { risk: newRisk, comment: "공급사 위험 등록" });
      expect(a.status).toBe(201);
      expect(a.body.revision).toMatchObject({ number: 2, kind: "edit", comment: "공급사 위험 등록" });
      expect(a.body.revision.summary.settings).toBe(true);
      const list = await viewer.get(`${org}/risks?asOf=2026-11-22`);
      expect(list.body.total).toBe(8);
      const added = list.body.items.at(-1);
      expect(added.risk.id).toBe("supplier-outage");
      expect(added.overdueActions.map((x: { id: string }) => x.id)).toEqual(["a1"]);
      expect(added.openActions).toBe(2);
      // the same again: 409
      const again = await editor.post(`${org}/risks`, { risk: newRisk });
      expect(again.status).toBe(409);
      expect(again.body.errors[0].field).toBe("risk.id");
    });

    it("refuses an invalid risk with 422 and field messages; nothing changes", async () => {
      const bad = await editor.put(`${org}/risks/supplier-outage`, {
        risk: { ...newRisk, treatment: "mitigat", frequency: -1, strikes: ["gasan-idk"], actions: [{ id: "a1", title: "x", due: "2025-02-30" }] },
      });
      expect(bad.status).toBe(422);
      expect(bad.headers.get("content-type")).toMatch(PROBLEM);
      const fields = bad.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(["risk.treatment", "risk.frequency", "risk.strikes[0]", "risk.actions[0].due"]));
      const typo = bad.body.errors.find((e: { field: string }) => e.field === "risk.treatment");
      expect(typo.hint).toContain('"mitigate"');
      expect(bad.body.errors.find((e: { field: string }) => e.field === "risk.strikes[0]").hint).toContain("gasan-idc");
      expect((await viewer.get(`${org}/model`)).body.revision.number).toBe(2);
      // the id in the body must be the URL's
      const renamed = await editor.put(`${org}/risks/supplier-outage`, { risk: { ...newRisk, id: "other" } });
      expect(renamed.status).toBe(400);
      expect(renamed.body.errors[0].field).toBe("risk.id");
      expect((await editor.put(`${org}/risks/nope`, { risk: { frequency: 1, loss: 5 } })).status).toBe(404);
    });

    it("edits a risk: an action marked done is no longer overdue; the export carries it and imports back", async () => {
      const risk = (await viewer.get(`${org}/risks/supplier-outage`)).body.risk;
      risk.actions[0].status = "done";
      risk.owner = "전략구매실";
      const a = await editor.put(`${org}/risks/supplier-outage`, { risk });
      expect(a.status).toBe(200);
      expect(a.body.revision.number).toBe(3);
      const one = await viewer.get(`${org}/risks/supplier-outage?asOf=2026-11-22`);
      expect(one.body.overdueActions).toEqual([]);
      expect(one.body.risk.owner).toBe("전략구매실");
      // unchanged: no revision
      const same = await editor.put(`${org}/risks/supplier-outage`, { risk });
      expect(same.body.unchanged).toBe(true);
      // the export has the register and imports back to the same model
      const exported = await auditor.get(`${org}/model/export?format=yaml`);
      const doc = YAML.parseAllDocuments(exported.text)[0].toJS(); // the model; its scenarios follow as further documents
      expect(doc.risks.find((r: { id: string }) => r.id === "supplier-outage").owner).toBe("전략구매실");
      expect(doc.riskMatrix.levels).toHaveLength(4);
      const back = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text: exported.text }] });
      expect(back.status).toBe(200);
      expect(back.body.unchanged).toBe(true);
    });

    it("removes a risk, but not one an insurance policy still covers", async () => {
      const covered = await editor.del(`${org}/risks/pangyo-dc-fire`);
      expect(covered.status).toBe(422);
      expect(covered.body.errors.some((e: { code: string }) => e.code === "unknown-risk")).toBe(true);
      expect((await viewer.del(`${org}/risks/supplier-outage`)).status).toBe(403);
      const a = await editor.del(`${org}/risks/supplier-outage?comment=${encodeURIComponent("해지")}`);
      expect(a.status).toBe(200);
      expect(a.body.revision.comment).toBe("해지");
      expect((await viewer.get(`${org}/risks`)).body.total).toBe(7);
      expect((await viewer.get(`${org}/risks/supplier-outage`)).status).toBe(404);
    });

    it("replaces the risk matrix (validated), and removes it", async () => {
      const bad = await editor.put(`${org}/risk-matrix`, { riskMatrix: { likelihood: [{ label: "A", upTo: 1 }, { label: "B", upTo: 2 }], impact: [{ label: "S", upTo: 10 }, { label: "L" }] } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].field).toBe("riskMatrix.likelihood[1].upTo");
      const matrix = { impactBasis: "p90", likelihood: [{ label: "Low", upTo: 0.1 }, { label: "High" }], impact: [{ label: "Small", upTo: 1e9 }, { label: "Big" }] };
      const ok = await editor.put(`${org}/risk-matrix`, { riskMatrix: matrix, comment: "2×2" });
      expect(ok.status).toBe(200);
      expect((await viewer.get(`${org}/risks`)).body.riskMatrix).toEqual(matrix);
      expect((await viewer.put(`${org}/risk-matrix`, { riskMatrix: null })).status).toBe(403);
      const removed = await editor.put(`${org}/risk-matrix`, { riskMatrix: null });
      expect(removed.status).toBe(200);
      expect((await viewer.get(`${org}/risks`)).body.riskMatrix).toBeNull();
      // the history shows each change as a revision of the model
      const revisions = await auditor.get(`${org}/revisions?limit=3`);
      expect(revisions.body.items[0].comment).toBe("Remove the risk matrix");
    });
  });
}
