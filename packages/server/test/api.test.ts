/**
 * The API end to end against a real server, once over PGlite and once over the machine's
 * PostgreSQL (skipped, with a message, when none answers): setup, the versioned model (import,
 * export round trip, edits, history, diff, restore), scenarios and what-if runs, lists, and
 * problem answers for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { startServer } from "../src/index.js";
import { Client, exampleFiles, PASSWORD, postgresUnavailable, startTestServer, type Backend, type TestServer } from "./helpers.js";

const pgMissing = await postgresUnavailable();
if (pgMissing) console.warn(`\n  PostgreSQL is not reachable, so the PostgreSQL runs of the API tests are SKIPPED: ${pgMissing}\n`);

const PROBLEM = /^application\/problem\+json/;

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe.skipIf(backend === "postgres" && pgMissing !== null)(`API on ${backend}`, () => {
    let server: TestServer;
    let admin: Client;
    const org = "/api/v1/orgs/acme";
    let originalExport = "";

    beforeAll(async () => {
      server = await startTestServer(backend);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("first-run setup creates the administrator once, with a secure session cookie", async () => {
      const anon = new Client(server.url);
      expect((await anon.get("/api/v1/setup")).body).toEqual({ needed: true, demo: null });
      expect((await anon.get("/api/v1/me")).status).toBe(401);
      const weak = await anon.post("/api/v1/setup", { email: "admin@example.com", name: "A", password: "short" });
      expect(weak.status).toBe(400);
      expect(weak.headers.get("content-type")).toMatch(PROBLEM);
      expect(weak.body.errors[0].field).toBe("password");
      const bad = await anon.post("/api/v1/setup", { email: "not-an-email", name: "A", password: PASSWORD });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain("email");

      const first = new Client(server.url);
      const done = await first.post("/api/v1/setup", { email: "admin@example.com", name: "Ada Admin", password: PASSWORD, organization: { name: "Acme", slug: "acme" } });
      expect(done.status).toBe(201);
      expect(done.body.user).toMatchObject({ email: "admin@example.com", isAdmin: true });
      expect(done.body.organization).toMatchObject({ slug: "acme" });
      const cookie = done.headers.get("set-cookie")!;
      expect(cookie).toMatch(/^continuum_session=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i); // plain http here; Secure behind https (see security tests)
      admin = first;

      const again = await anon.post("/api/v1/setup", { email: "eve@example.com", name: "Eve", password: PASSWORD });
      expect(again.status).toBe(409);
      expect((await anon.get("/api/v1/setup")).body.needed).toBe(false);
      const me = await admin.get("/api/v1/me");
      expect(me.status).toBe(200);
      expect(me.body.memberships).toEqual([{ organization: expect.objectContaining({ slug: "acme" }), role: "admin" }]);
      expect(me.body.csrfToken).toBe(admin.csrf);
    });

    it("signs in and out", async () => {
      const c = new Client(server.url);
      expect((await c.post("/api/v1/auth/login", { email: "admin@example.com", password: "wrong password!" })).status).toBe(401);
      await c.login("ADMIN@example.com"); // e-mail is case-insensitive
      expect((await c.get("/api/v1/me")).status).toBe(200);
      expect((await c.post("/api/v1/auth/logout")).status).toBe(204);
      expect(c.cookie).toBeUndefined();
    });

    it("imports the example (model and scenario) as one revision", async () => {
      const a = await admin.post(`${org}/model/import`, { files: exampleFiles(), comment: "the Pangyo example" });
      expect(a.status).toBe(201);
      expect(a.body.unchanged).toBe(false);
      expect(a.body.revision).toMatchObject({ number: 1, kind: "import", comment: "the Pangyo example", author: { name: "Ada Admin", email: "admin@example.com" } });
      expect(a.body.revision.summary.components.added).toBe(53);
      expect(a.body.revision.summary.scenarios.added).toBe(1);
      expect(Array.isArray(a.body.warnings)).toBe(true);
      const m = await admin.get(`${org}/model`);
      expect(m.body.revision.number).toBe(1);
      expect(m.body.model.continuum).toBe(1);
      expect(m.body.model.components).toHaveLength(53);
      // the model is kept as written: durations are not normalized
      const source = YAML.parse(exampleFiles()[0].text);
      expect(m.body.model.components).toEqual(source.components);
      expect(Object.keys(m.body.model)).toEqual(Object.keys(source));
    });

    it("exports a file that imports back to the same model, and the same text again", async () => {
      const yaml = await admin.get(`${org}/model/export?format=yaml`);
      expect(yaml.status).toBe(200);
      expect(yaml.headers.get("content-type")).toMatch(/yaml/);
      expect(yaml.headers.get("content-disposition")).toContain("acme.yaml");
      originalExport = yaml.text;
      const json = await admin.get(`${org}/model/export?format=json`);
      expect(JSON.parse(json.text)).toEqual((await admin.get(`${org}/model`)).body.model);

      expect((await admin.post("/api/v1/orgs", { slug: "copy", name: "Copy" })).status).toBe(201);
      for (const [format, text] of [["yaml", yaml.text], ["json", json.text]] as const) {
        const imported = await admin.post("/api/v1/orgs/copy/model/import", { files: [{ path: `model.${format}`, text }] });
        expect([200, 201]).toContain(imported.status);
        expect((await admin.get(`/api/v1/orgs/copy/model/export?format=${format}`)).text).toBe(text);
        expect((await admin.get("/api/v1/orgs/copy/model")).body.model).toEqual((await admin.get(`${org}/model`)).body.model);
      }
      // importing the same again changes nothing
      const same = await admin.post(`${org}/model/import`, { files: exampleFiles() });
      expect(same.status).toBe(200);
      expect(same.body.unchanged).toBe(true);
      expect(same.body.revision.number).toBe(1);
      // the folder form (model and scenarios) round-trips too
      const files = await admin.get(`${org}/model/files`);
      expect(files.body.files.map((f: { path: string }) => f.path)).toEqual(["model.yaml", "scenarios/pangyo-fire.yaml"]);
      const back = await admin.post(`${org}/model/import`, { files: files.body.files });
      expect(back.body.unchanged).toBe(true);
    });

    it("refuses an invalid import with every diagnostic, and changes nothing", async () => {
      const files = [
        { path: "model.yaml", text: exampleFiles()[0].text },
        { path: "extra.yaml", text: "components:\n  - id: broken\n    rto: 2h\n    mtpd: 1h\n    dependsOn: [no-such-thing]\n" },
      ];
      const a = await admin.post(`${org}/model/import`, { files });
      expect(a.status).toBe(422);
      expect(a.headers.get("content-type")).toMatch(PROBLEM);
      const errors = a.body.errors as Array<{ code: string; file: string; line: number; field: string; component: string }>;
      expect(errors.find((e) => e.code === "rto-over-mtpd")).toMatchObject({ file: "extra.yaml", line: 3, component: "broken", field: "components[0].rto" });
      expect(errors.find((e) => e.code === "unknown-component")).toMatchObject({ file: "extra.yaml", line: 5 });
      const syntax = await admin.post(`${org}/model/import`, { files: [{ path: "m.yaml", text: "continuum: 1\ncomponents: [\n" }] });
      expect(syntax.status).toBe(422);
      expect(syntax.body.errors[0]).toMatchObject({ code: "syntax", file: "m.yaml" });
      expect((await admin.get(`${org}/model/export`)).text).toBe(originalExport);
      expect((await admin.get(`${org}/revisions`)).body.total).toBe(1);
    });

    it("lists components with filters and an opaque cursor", async () => {
      const all = await admin.get(`${org}/components?limit=500`);
      expect(all.body.total).toBe(53);
      const ids = all.body.items.map((c: { id: string }) => c.id);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get(`${org}/components?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        walked.push(...page.body.items.map((c) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(ids);
      const services = await admin.get(`${org}/components?kind=business-service&tier=1`);
      expect(services.body.items.length).toBeGreaterThan(0);
      for (const c of services.body.items) expect(c).toMatchObject({ kind: "business-service", tier: 1 });
      const q = await admin.get(`${org}/components?q=KAKAOTALK`);
      expect(q.body.items.map((c: { id: string }) => c.id)).toContain("kakaotalk-text");
      const site = await admin.get(`${org}/components?site=gasan-idc`);
      for (const c of site.body.items) expect(c.site).toBe("gasan-idc");

      const badCursor = await admin.get(`${org}/components?cursor=nonsense`);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.errors[0].field).toBe("cursor");
      const badLimit = await admin.get(`${org}/components?limit=0`);
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.errors[0].field).toBe("limit");
      const unknown = await admin.get(`${org}/components?colour=red`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe("colour");
    });

    it("reads a component with what needs it", async () => {
      const a = await admin.get(`${org}/components/kakao-login`);
      expect(a.status).toBe(200);
      expect(a.body.component.id).toBe("kakao-login");
      expect(a.body.dependents.length).toBeGreaterThan(0);
      expect(a.body.revision.number).toBe(1);
      const missing = await admin.get(`${org}/components/nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.errors[0].field).toBe("id");
    });

    it("edits a component as a revision, refuses an invalid edit, and keeps its history", async () => {
      const before = (await admin.get(`${org}/components/kakaotalk-text`)).body.component;
      const invalid = await admin.put(`${org}/components/kakaotalk-text`, { component: { ...before, rto: "30d" } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors.find((e: { code: string }) => e.code === "rto-over-mtpd").field).toBe("component.rto");
      expect((await admin.get(`${org}/model`)).body.revision.number).toBe(1);

      const ok = await admin.put(`${org}/components/kakaotalk-text`, { component: { ...before, rto: "45m" }, comment: "tighter RTO after the review" });
      expect(ok.status).toBe(200);
      expect(ok.body.revision).toMatchObject({ number: 2, kind: "edit", comment: "tighter RTO after the review", summary: { components: { changed: 1, added: 0, removed: 0 } } });
      expect((await admin.get(`${org}/components/kakaotalk-text`)).body.component.rto).toBe("45m");

      const noDefault = await admin.put(`${org}/components/kakaotalk-text`, { component: { ...before, rto: "50m" } });
      expect(noDefault.body.revision.comment).toBe("Edit component kakaotalk-text");

      const history = await admin.get(`${org}/components/kakaotalk-text/history`);
      expect(history.body.items.map((h: { number: number; change: string }) => [h.number, h.change])).toEqual([
        [3, "changed"],
        [2, "changed"],
        [1, "added"],
      ]);
      expect(history.body.items[1]).toMatchObject({ comment: "tighter RTO after the review", author: { name: "Ada Admin" }, fields: [{ field: "rto", before: before.rto, after: "45m" }] });

      const diff = await admin.get(`${org}/revisions/1/diff/2`);
      expect(diff.body).toMatchObject({ from: 1, to: 2, added: [], removed: [], changed: [{ id: "kakaotalk-text", fields: [{ field: "rto", before: before.rto, after: "45m" }] }] });
      const back = await admin.get(`${org}/revisions/2/diff/1`);
      expect(back.body.changed[0].fields[0]).toMatchObject({ before: "45m", after: before.rto });
      const fromEmpty = await admin.get(`${org}/revisions/0/diff/1`);
      expect(fromEmpty.body.added).toHaveLength(53);
      expect(fromEmpty.body.scenarios.added).toEqual(["pangyo-fire"]);
      expect((await admin.get(`${org}/revisions/1/diff/99`)).status).toBe(404);
    });

    it("adds and removes components; refuses to remove what others need", async () => {
      const renamed = await admin.put(`${org}/components/kakao-login`, { component: { id: "other" } });
      expect(renamed.status).toBe(400);
      expect(renamed.body.errors[0].field).toBe("component.id");
      const created = await admin.post(`${org}/components`, { component: { id: "status-page", name: "Public status page", kind: "application", owner: "sre" } });
      expect(created.status).toBe(201);
      expect((await admin.post(`${org}/components`, { component: { id: "status-page" } })).status).toBe(409);
      expect((await admin.post(`${org}/components`, { component: { name: "no id" } })).status).toBe(400);
      const needed = await admin.del(`${org}/components/kakao-login`);
      expect(needed.status).toBe(422);
      expect(needed.body.errors.some((e: { code: string }) => e.code === "unknown-component")).toBe(true);
      expect((await admin.post(`${org}/scenarios`, { scenario: { scenario: "status-drill", events: [{ at: 0, fail: "status-page", for: "1h" }] } })).status).toBe(201);
      const failedByScenario = await admin.del(`${org}/components/status-page`);
      expect(failedByScenario.status).toBe(422);
      expect(failedByScenario.body.errors[0]).toMatchObject({ code: "unknown-component", field: "scenarios[1].events[0].fail" });
      expect(failedByScenario.body.errors[0].message).toContain('scenario "status-drill"');
      expect((await admin.del(`${org}/scenarios/status-drill`)).status).toBe(200);
      const removed = await admin.del(`${org}/components/status-page?comment=${encodeURIComponent("not ours")}`);
      expect(removed.status).toBe(200);
      expect(removed.body.revision.comment).toBe("not ours");
      const history = await admin.get(`${org}/components/status-page/history`);
      expect(history.body.items.map((h: { change: string }) => h.change)).toEqual(["removed", "added"]);
      expect((await admin.get(`${org}/components/status-page`)).status).toBe(404);
    });

    it("restores an old revision as a new one", async () => {
      const list = await admin.get(`${org}/revisions`);
      const latest = list.body.items[0].number;
      const restored = await admin.post(`${org}/revisions/1/restore`, { comment: "back to the import" });
      expect(restored.status).toBe(201);
      expect(restored.body.revision).toMatchObject({ number: latest + 1, kind: "restore", restoredFrom: 1, comment: "back to the import" });
      expect((await admin.get(`${org}/model/export`)).text).toBe(originalExport);
      const old = await admin.get(`${org}/revisions/2`);
      expect(old.body.model.components.find((c: { id: string }) => c.id === "kakaotalk-text").rto).toBe("45m");
      expect(old.body.scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(["pangyo-fire"]);
      expect((await admin.post(`${org}/revisions/1/restore`, {})).body.unchanged).toBe(true);
      expect((await admin.post(`${org}/revisions/999/restore`, {})).status).toBe(404);
    });

    it("lists revisions newest first, with pagination and filters", async () => {
      const all = await admin.get(`${org}/revisions?limit=2`);
      expect(all.body.items).toHaveLength(2);
      expect(all.body.items[0].number).toBeGreaterThan(all.body.items[1].number);
      const next = await admin.get(`${org}/revisions?limit=2&cursor=${all.body.nextCursor}`);
      expect(next.body.items[0].number).toBe(all.body.items[1].number - 1);
      const edits = await admin.get(`${org}/revisions?kind=edit`);
      expect(edits.body.items.every((r: { kind: string }) => r.kind === "edit")).toBe(true);
      expect(edits.body.total).toBe(edits.body.items.length);
    });

    it("plays the Pangyo fire: KakaoTalk breaches its RTO", async () => {
      const saved = await admin.post(`${org}/simulate`, { scenarioId: "pangyo-fire" });
      expect(saved.status).toBe(200);
      expect(saved.body.scenario).toBe("pangyo-fire");
      expect(saved.body.components["kakaotalk-text"].rtoBreached).toBe(true);
      expect(saved.body.totalLoss).toBeGreaterThan(0);
      const adhoc = await admin.post(`${org}/simulate`, { scenario: { scenario: "gasan", horizon: "1d", events: [{ at: 0, fail: "gasan-idc", for: "2h" }] } });
      expect(adhoc.status).toBe(200);
      expect(adhoc.body.horizonMinutes).toBe(1440);
      const bad = await admin.post(`${org}/simulate`, { scenario: { scenario: "x", events: [{ at: 0, fail: "nowhere" }] } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0]).toMatchObject({ code: "unknown-component", field: "scenario.events[0].fail" });
      expect((await admin.post(`${org}/simulate`, { scenarioId: "nope" })).status).toBe(404);
      expect((await admin.post(`${org}/simulate`, {})).status).toBe(400);
    });

    it("saves, changes and deletes scenarios as revisions", async () => {
      const scenario = { scenario: "gasan-power", horizon: "2d", events: [{ at: 0, fail: "gasan-idc", for: "3h" }] };
      const created = await admin.post(`${org}/scenarios`, { scenario, comment: "exercise 2025" });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: "gasan-power", revision: { kind: "scenario", comment: "exercise 2025" } });
      expect((await admin.post(`${org}/scenarios`, { scenario })).status).toBe(409);
      const invalid = await admin.post(`${org}/scenarios`, { scenario: { scenario: "bad", events: [{ at: 0, fail: "nowhere" }] } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors[0].field).toBe("scenario.events[0].fail");
      const list = await admin.get(`${org}/scenarios`);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(["pangyo-fire", "gasan-power"]);
      expect(list.body.items[1].horizonMinutes).toBe(2880);
      const renamed = await admin.put(`${org}/scenarios/gasan-power`, { scenario: { ...scenario, scenario: "gasan-outage" } });
      expect(renamed.status).toBe(200);
      expect((await admin.get(`${org}/scenarios/gasan-outage`)).body.scenario.scenario).toBe("gasan-outage");
      expect((await admin.get(`${org}/scenarios/gasan-power`)).status).toBe(404);
      expect((await admin.del(`${org}/scenarios/gasan-outage`)).status).toBe(200);
      expect((await admin.get(`${org}/scenarios`)).body.total).toBe(1);
    });

    it("analyses the model: warnings, single points of failure, N-1 sites", async () => {
      const a = await admin.get(`${org}/analysis`);
      expect(a.status).toBe(200);
      expect(Array.isArray(a.body.warnings)).toBe(true);
      expect(Object.keys(a.body.spof)).toContain("kakaotalk-text");
      const pangyo = a.body.n1Sites.find((s: { site: string }) => s.site === "pangyo-idc");
      expect(pangyo.services.length).toBeGreaterThan(0);
      expect(pangyo.breaksRto).toBe(true);
    });

    it("records management reviews", async () => {
      const r = await admin.post(`${org}/reviews`, { comment: "Q3 review" });
      expect(r.status).toBe(201);
      const current = (await admin.get(`${org}/model`)).body.revision.number;
      expect(r.body).toMatchObject({ revision: current, comment: "Q3 review", author: { name: "Ada Admin" } });
      expect((await admin.get(`${org}/reviews`)).body.items[0].id).toBe(r.body.id);
    });

    it("answers bad requests with problem+json naming the field", async () => {
      const cases: Array<[Promise<{ status: number; body: any; headers: Headers }>, number, string]> = [
        [admin.get("/api/v1/no/such/route"), 404, "url"],
        [admin.request("POST", `${org}/components`, undefined, { raw: "{not json" }), 400, "body"],
        [admin.request("POST", `${org}/components`, undefined, { raw: "" }), 400, "body"],
        [admin.get(`${org}/revisions/abc`), 400, "n"],
        [admin.get(`${org}/revisions/1/diff/-1`), 400, "b"],
        [admin.request("POST", `${org}/components`, undefined, { raw: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "content-type"],
        [admin.put(`${org}/components/kakao-login`, { component: { id: "kakao-login", description: "x".repeat(1_100_000) } }), 413, "body"],
        [admin.put(`${org}/components/kakao-login`, { component: {}, colour: "red" }), 400, "colour"],
        [admin.put(`${org}/components/kakao-login`, { component: "a string" }), 400, "component"],
        [admin.patch(`${org}/members/1`, { role: "king" }), 400, "role"],
        [admin.get("/api/v1/orgs/nope/model"), 404, "org"],
      ];
      for (const [pending, status, field] of cases) {
        const a = await pending;
        expect({ status: a.status, type: a.headers.get("content-type") }).toMatchObject({ status, type: expect.stringMatching(PROBLEM) });
        expect(a.body).toMatchObject({ status, type: expect.stringContaining("https://continuum.dev/problems/") });
        expect(a.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it.skipIf(backend !== "postgres")("shares one PostgreSQL database between two server processes", async () => {
      const second = await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, databaseUrl: server.databaseUrl });
      try {
        const other = new Client(second.url);
        await other.login("admin@example.com");
        const before = (await other.get(`${org}/model`)).body.revision.number;
        const c = (await admin.get(`${org}/components/kakao-map`)).body.component;
        expect((await admin.put(`${org}/components/kakao-map`, { component: { ...c, owner: "maps team" } })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 1100)); // the other process looks for a newer revision at most once a second
        const seen = await other.get(`${org}/components/kakao-map`);
        expect(seen.body.component.owner).toBe("maps team");
        expect(seen.body.revision.number).toBe(before + 1);
        // two writers at once, one on each process: both changes land, as two revisions
        const d = (await admin.get(`${org}/components/kakao-t`)).body.component;
        const [a, b] = await Promise.all([
          admin.put(`${org}/components/kakao-map`, { component: { ...c, owner: "maps team 2" } }),
          other.put(`${org}/components/kakao-t`, { component: { ...d, owner: "mobility team" } }),
        ]);
        expect([a.status, b.status]).toEqual([200, 200]);
        expect([a.body.revision.number, b.body.revision.number].sort()).toEqual([before + 2, before + 3]);
        await new Promise((r) => setTimeout(r, 1100));
        for (const client of [admin, other]) {
          const m = (await client.get(`${org}/model`)).body.model;
          expect(m.components.find((x: { id: string }) => x.id === "kakao-map").owner).toBe("maps team 2");
          expect(m.components.find((x: { id: string }) => x.id === "kakao-t").owner).toBe("mobility team");
        }
      } finally {
        await second.close();
      }
    });

    it("answers a health check", async () => {
      expect((await new Client(server.url).get("/api/v1/health")).body).toEqual({ ok: true, database: backend });
    });

    it("documents itself: OpenAPI with every route, and the browsable docs", async () => {
      const doc = await admin.get("/api/openapi.json");
      expect(doc.status).toBe(200);
      const paths = Object.keys(doc.body.paths);
      for (const r of server.routes) {
        const path = r.url.replace(/:(\w+)/g, "{$1}");
        expect(paths, `${r.method} ${r.url}`).toContain(path);
        expect(doc.body.paths[path][r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
      }
      expect((await admin.get("/api/docs")).status).toBe(200);
    });
  });
}
