/**
 * Optimistic concurrency: answers carry the revision as ETag; a change based on an older revision
 * (If-Match or expectedRevision) is refused with 412 naming who changed the same thing and when,
 * and applies when it merges cleanly (another component changed meanwhile). On a shared
 * PostgreSQL, changes racing from several processes are retried inside the server: none is lost,
 * none answers 409.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/index.js";
import { Client, exampleFiles, memberClient, postgresUnavailable, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const pgMissing = await postgresUnavailable();
if (pgMissing) console.warn(`\n  PostgreSQL is not reachable, so the PostgreSQL race test is SKIPPED: ${pgMissing}\n`);

const ORG = "/api/v1/orgs/acme";
const PROBLEM = /^application\/problem\+json/;

describe("optimistic concurrency (If-Match, 412)", () => {
  let server: TestServer;
  let ada: Client;
  let bo: Client;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    ada = await setupAdmin(server);
    bo = await memberClient(server, ada, "acme", "bo@example.com", "editor");
    const imported = await ada.post(`${ORG}/model/import`, { files: exampleFiles() });
    expect(imported.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const put = (c: Client, id: string, component: object, headers: Record<string, string> = {}, extra: object = {}) =>
    c.request("PUT", `${ORG}/components/${id}`, { component, ...extra }, { headers });

  it("answers reads with the revision as ETag", async () => {
    const model = await ada.get(`${ORG}/model`);
    expect(model.headers.get("etag")).toBe(`"${model.body.revision.number}"`);
    const one = await ada.get(`${ORG}/components/pangyo-ups`);
    expect(one.headers.get("etag")).toBe(`"${one.body.revision.number}"`);
    expect((await ada.get(`${ORG}/components`)).headers.get("etag")).toBe(`"${one.body.revision.number}"`);
  });

  it("refuses an edit of a component someone changed since, naming who and when", async () => {
    const seenByAda = await ada.get(`${ORG}/components/pangyo-ups`);
    const seenByBo = await bo.get(`${ORG}/components/pangyo-ups`);
    const etag = seenByBo.headers.get("etag")!;
    const first = await put(ada, "pangyo-ups", { ...seenByAda.body.component, name: "UPS (Ada)" }, { "if-match": seenByAda.headers.get("etag")! });
    expect(first.status).toBe(200);

    const second = await put(bo, "pangyo-ups", { ...seenByBo.body.component, name: "UPS (Bo)" }, { "if-match": etag });
    expect(second.status).toBe(412);
    expect(second.headers.get("content-type")).toMatch(PROBLEM);
    expect(second.body).toMatchObject({
      status: 412,
      expectedRevision: seenByBo.body.revision.number,
      currentRevision: first.body.revision.number,
      changedBy: { name: "Ada Admin" },
      changedAt: first.body.revision.createdAt,
      changedIn: first.body.revision.number,
    });
    expect(second.body.detail).toContain("Ada Admin");
    expect(second.headers.get("etag")).toBe(`"${first.body.revision.number}"`);
    // nothing of Bo's was written
    expect((await bo.get(`${ORG}/components/pangyo-ups`)).body.component.name).toBe("UPS (Ada)");

    // the same with the body field, and for a removal (query field)
    const viaBody = await put(bo, "pangyo-ups", { ...seenByBo.body.component, name: "UPS (Bo)" }, {}, { expectedRevision: seenByBo.body.revision.number });
    expect(viaBody.status).toBe(412);
    const removal = await bo.del(`${ORG}/components/pangyo-ups?expectedRevision=${seenByBo.body.revision.number}`);
    expect(removal.status).toBe(412);

    // after reloading, Bo's change applies
    const reloaded = await bo.get(`${ORG}/components/pangyo-ups`);
    const retried = await put(bo, "pangyo-ups", { ...reloaded.body.component, name: "UPS (Bo)" }, { "if-match": reloaded.headers.get("etag")! });
    expect(retried.status).toBe(200);
  });

  it("applies an edit based on an older revision when only other components changed (it merges cleanly)", async () => {
    const before = await bo.get(`${ORG}/components/pangyo-power`);
    const other = await ada.get(`${ORG}/components/pangyo-idc`);
    expect((await put(ada, "pangyo-idc", { ...other.body.component, name: "IDC (Ada)" })).status).toBe(200);
    const edit = await put(bo, "pangyo-power", { ...before.body.component, name: "Power (Bo)" }, { "if-match": before.headers.get("etag")! });
    expect(edit.status).toBe(200);
    const now = await ada.get(`${ORG}/model`);
    const byId = new Map(now.body.model.components.map((c: { id: string }) => [c.id, c]));
    expect(byId.get("pangyo-power")).toMatchObject({ name: "Power (Bo)" });
    expect(byId.get("pangyo-idc")).toMatchObject({ name: "IDC (Ada)" });
  });

  it("refuses an import or a restore based on an older revision (a change of the whole model)", async () => {
    const model = await ada.get(`${ORG}/model`);
    const current = model.body.revision.number;
    const stale = await bo.post(`${ORG}/model/import`, { files: exampleFiles(), expectedRevision: current - 1 });
    expect(stale.status).toBe(412);
    expect(stale.body.currentRevision).toBe(current);
    const restore = await bo.request("POST", `${ORG}/revisions/1/restore`, {}, { headers: { "if-match": `"${current - 1}"` } });
    expect(restore.status).toBe(412);
    const fresh = await bo.post(`${ORG}/model/import`, { files: exampleFiles(), expectedRevision: current });
    expect(fresh.status).toBe(201);
    // a revision that does not exist yet
    const future = await put(ada, "pangyo-ups", { id: "pangyo-ups" }, { "if-match": `"${current + 100}"` });
    expect(future.status).toBe(412);
    // If-Match: * and no If-Match apply to whatever is current
    const any = await ada.get(`${ORG}/components/pangyo-ups`);
    expect((await put(ada, "pangyo-ups", { ...any.body.component, name: "UPS *" }, { "if-match": "*" })).status).toBe(200);
  });

  it("says what is wrong with an If-Match it cannot read", async () => {
    const c = await ada.get(`${ORG}/components/pangyo-ups`);
    const bad = await put(ada, "pangyo-ups", c.body.component, { "if-match": "yesterday" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("if-match");
    const disagree = await put(ada, "pangyo-ups", c.body.component, { "if-match": '"3"' }, { expectedRevision: 4 });
    expect(disagree.status).toBe(400);
  });
});

describe.skipIf(pgMissing !== null)("contended edits on a shared PostgreSQL", () => {
  let first: TestServer;
  const others: RunningServer[] = [];

  beforeAll(async () => {
    first = await startTestServer("postgres");
    for (let i = 0; i < 2; i++) others.push(await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, databaseUrl: first.databaseUrl }));
  });
  afterAll(async () => {
    for (const s of others) await s.close();
    await first?.stop();
  });

  it("retries inside the server: edits racing from three processes all succeed, none is lost", async () => {
    const admin = await setupAdmin(first);
    expect((await admin.post(`${ORG}/model/import`, { files: exampleFiles() })).status).toBe(201);
    const base = (await admin.get(`${ORG}/model`)).body.revision.number as number;
    const servers = [first, ...others];
    const clients = await Promise.all(
      servers.map(async (s) => {
        const c = new Client(s.url);
        await c.login("admin@example.com");
        return c;
      }),
    );
    const EDITS = 36;
    const answers = await Promise.all(
      Array.from({ length: EDITS }, (_, i) => clients[i % clients.length].post(`${ORG}/components`, { component: { id: `racer-${i}`, name: `Racer ${i}`, kind: "application" } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(EDITS).fill(201));
    await new Promise((r) => setTimeout(r, 1100)); // a process looks at the shared database at most once a second
    const model = await admin.get(`${ORG}/model`);
    expect(model.body.revision.number).toBe(base + EDITS);
    const ids = new Set(model.body.model.components.map((c: { id: string }) => c.id));
    for (let i = 0; i < EDITS; i++) expect(ids.has(`racer-${i}`)).toBe(true);
  }, 120_000);
});
