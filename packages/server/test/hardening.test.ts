/**
 * Issue 7's holes, each closed at its mechanism: input the server cannot store or that costs far
 * more than it looks is refused at the edge with problem+json (NUL characters, deep nesting,
 * numbers that are not finite, keys given twice, alias bombs, forged cursors), Fastify's and
 * Node's own errors are problem+json, logs never carry SQL parameter values, the security headers
 * and the OpenAPI document say what the server does, and an old revision's export is written once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorForLog, LOG_LIMITS, safeLogOptions } from "../src/core/log-safety.js";
import { splitImport } from "../src/model/model-document.js";
import { RevisionExports } from "../src/model/model-export.js";
import { openPGlite } from "../src/storage/database.js";
import { Client, exampleFiles, tempDataDir, setupAdmin, startTestServer, type Answer, type TestServer } from "./helpers.js";

let server: TestServer;
let admin: Client;
const ORG = "/api/v1/orgs/acme";

beforeAll(async () => {
  server = await startTestServer("pglite");
  admin = await setupAdmin(server);
  const imported = await admin.post(`${ORG}/model/import`, { files: exampleFiles() });
  expect(imported.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

function expectProblem(a: Answer, status: number | number[]) {
  if (Array.isArray(status)) expect(status, a.text).toContain(a.status);
  else expect(a.status, a.text).toBe(status);
  expect(a.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(typeof a.body).toBe("object");
  expect(a.body.status).toBe(a.status);
}

/** A raw HTTP request (fetch refuses to send some of what an attacker sends). */
function raw(path: string, headers: Record<string, string> = {}, method = "GET", body?: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

describe("NUL characters never reach the database", () => {
  it("in a login e-mail, without signing in", async () => {
    const a = await new Client(server.url).post("/api/v1/auth/login", { email: "a\u0000@example.com", password: "x" });
    expectProblem(a, 400);
    expect(a.body.errors[0].field).toBe("email");
  });
  it("in a path segment, a query filter and a cookie", async () => {
    expectProblem(await admin.get(`${ORG}/components/a%00b`), 400);
    expectProblem(await admin.get(`${ORG}/components?q=%00`), 400);
    expectProblem(await admin.get(`/api/v1/orgs/acme%00`), 400);
    const withCookie = await raw(`${ORG}/components`, { cookie: "continuum_session=abc%00def" });
    expect(withCookie.status).toBe(400);
    expect(withCookie.type).toMatch(/problem\+json/);
  });
  it("in a name or a comment of a body", async () => {
    expectProblem(await admin.post(`${ORG}/components`, { component: { id: "nul-name", kind: "tool", name: "a\u0000" } }), 400);
    expectProblem(await admin.post(`${ORG}/reviews`, { comment: "ok\u0000" }), 400);
  });
  it("in an imported value: 422 with file, line and field", async () => {
    const text = 'continuum: 1\ncomponents:\n  - id: a\n    kind: tool\n    name: "x\\0y"\n';
    const a = await admin.post(`${ORG}/model/import`, { files: [{ path: "model.yaml", text }] });
    expectProblem(a, 422);
    expect(a.body.errors[0]).toMatchObject({ code: "nul-character", file: "model.yaml", line: 5, field: "components[0].name" });
  });
});

describe("deep, large and forged input is a 4xx, not a crash", () => {
  it("JSON nested 5,000 deep in a component and in a simulate body", async () => {
    const c = await admin.request("POST", `${ORG}/components`, undefined, { raw: `{"component":{"id":"deep","kind":"tool","labels":{"a":${deep(5000)}}}}` });
    expectProblem(c, 400);
    expect(c.body.errors[0].code).toBe("too-deep");
    const s = await admin.request("POST", `${ORG}/simulate`, undefined, { raw: `{"scenario":{"scenario":"x","events":${deep(5000)}}}` });
    expectProblem(s, 400);
    expect((await admin.get("/api/v1/health")).status).toBe(200);
  });
  it("a billion-laughs YAML import: 422 saying why", async () => {
    let lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) lol += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill("*" + String.fromCharCode(96 + i)).join(",")}]\n`;
    const a = await admin.post(`${ORG}/model/import`, { files: [{ path: "model.yaml", text: `continuum: 1\ncomponents: []\n${lol}` }] });
    expectProblem(a, 422);
    expect(a.body.errors[0].message).toMatch(/alias/);
  });
  it("aliases expanding a small import far beyond its size: 422", async () => {
    const big = "x".repeat(20_000);
    const text = `continuum: 1\ncomponents:\n  - id: a\n    kind: tool\n    notes: &big "${big}"\n${Array.from({ length: 400 }, (_, i) => `  - {id: c${i}, kind: tool, notes: *big}`).join("\n")}\n`;
    const a = await admin.post(`${ORG}/model/import`, { files: [{ path: "model.yaml", text }] });
    expectProblem(a, 422);
    expect(a.body.errors.map((e: { code: string }) => e.code)).toContain("too-large-expanded");
  });
  it("a cursor holding a huge integer: 400", async () => {
    const cursor = Buffer.from(JSON.stringify({ before: 1e300 })).toString("base64url");
    const a = await admin.get(`${ORG}/revisions?cursor=${cursor}`);
    expectProblem(a, 400);
    expect(a.body.errors[0].field).toBe("cursor");
  });
  it("an integer beyond PostgreSQL's range in a path or query: 400", async () => {
    expectProblem(await admin.get(`${ORG}/revisions/99999999999999999999`), 400);
  });
  it("200,000 components pass through the import's merge (no push(...spread))", () => {
    const components = Array.from({ length: 200_000 }, (_, i) => `{"id":"c${i}"}`).join(",");
    const split = splitImport([{ path: "model.json", text: `{"continuum":1,"components":[${components}]}` }]);
    expect(split.diagnostics).toEqual([]);
    expect(split.parts.components).toHaveLength(200_000);
  });
});

describe("numbers that cannot be stored, and keys given twice, are refused in every format", () => {
  it("a JSON body with 1e999", async () => {
    const a = await admin.request("POST", `${ORG}/components`, undefined, { raw: `{"component":{"id":"inf","kind":"tool","tier":1e999}}` });
    expectProblem(a, 400);
    expect(a.body.errors[0]).toMatchObject({ code: "not-finite", field: "component.tier" });
  });
  it(".inf in insurance and the risk matrix of an imported YAML: 422 with file, line, field", async () => {
    const text = "continuum: 1\ncomponents:\n  - {id: a, kind: tool}\ninsurance:\n  - {id: bi, covers: [r], limit: .inf}\nriskMatrix:\n  likelihood:\n    - {id: rare, upTo: .nan}\n";
    const a = await admin.post(`${ORG}/model/import`, { files: [{ path: "model.yaml", text }] });
    expectProblem(a, 422);
    expect(a.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "not-finite", file: "model.yaml", line: 5, field: "insurance[0].limit" }),
        expect.objectContaining({ code: "not-finite", file: "model.yaml", line: 8, field: "riskMatrix.likelihood[0].upTo" }),
      ]),
    );
  });
  it("a JSON import with a key given twice: 422 with its line, like YAML", async () => {
    const text = '{\n  "continuum": 1,\n  "components": [\n    {"id": "a", "kind": "tool", "kind": "database"}\n  ]\n}\n';
    const a = await admin.post(`${ORG}/model/import`, { files: [{ path: "model.json", text }] });
    expectProblem(a, 422);
    expect(a.body.errors[0]).toMatchObject({ code: "duplicate-key", file: "model.json", line: 4, field: "components[0].kind" });
  });
  it("a JSON body with a key given twice: 400", async () => {
    const a = await admin.request("POST", `${ORG}/reviews`, undefined, { raw: `{"comment":"a","comment":"b"}` });
    expectProblem(a, 400);
    expect(a.body.errors[0]).toMatchObject({ code: "duplicate-key", field: "comment" });
  });
});

describe("Fastify's and Node's own errors are problem+json", () => {
  it("a URL that is not valid percent-encoding", async () => {
    const a = await raw("/api/v1/orgs/%E0%A4%A/components");
    expect(a.status).toBe(400);
    expect(a.type).toMatch(/problem\+json/);
  });
  it("headers too large: 431", async () => {
    const a = await raw("/api/v1/health", { "x-big": "a".repeat(20_000) });
    expect(a.status).toBe(431);
    expect(a.type).toMatch(/problem\+json/);
    expect(JSON.parse(a.text).status).toBe(431);
  });
  it("no route, a body too large, malformed JSON, text/plain and other media types", async () => {
    expectProblem(await admin.get("/api/v1/nothing-here"), 404);
    expectProblem(await admin.request("POST", `${ORG}/reviews`, undefined, { raw: `{"comment":"${"x".repeat(1_100_000)}"}` }), 413);
    expectProblem(await admin.request("POST", `${ORG}/reviews`, undefined, { raw: `{"comment":` }), 400);
    expectProblem(await admin.request("POST", `${ORG}/reviews`, undefined, { raw: "comment", headers: { "content-type": "text/plain" } }), 415);
    expectProblem(await admin.request("POST", `${ORG}/reviews`, undefined, { raw: "comment=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
  });
});

describe("logs never hold SQL parameter values, and no line is unbounded", () => {
  it("a failing statement is logged with its text and code, not its parameters", async () => {
    const dir = await tempDataDir();
    const db = await openPGlite(join(dir, "pglite"));
    const secret = "carol-private-value-" + "z".repeat(5000);
    let error: unknown;
    try {
      await db.query("select $1::integer", [secret]);
    } catch (e) {
      error = e;
    }
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    expect((error as { params?: unknown }).params).toBeDefined(); // PGlite does attach them
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const log = pino(safeLogOptions({ level: "info" }), stream);
    log.error({ err: error }, "request failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("carol-private-value");
    const entry = JSON.parse(lines[0]);
    expect(entry.err.statement).toBe("select $1::integer");
    expect(entry.err.code).toBe("22P02");
    expect(errorForLog(error)).not.toHaveProperty("params");
  });
  it("a line over the bound is cut to a short one that says so", () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const log = pino(safeLogOptions({ level: "info" }), stream);
    log.info({ huge: "y".repeat(1_000_000) }, "something big");
    expect(lines[0].length).toBeLessThan(LOG_LIMITS.line);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, msg: "something big" });
  });
});

describe("security headers", () => {
  it("HSTS only where the session cookie is Secure", async () => {
    expect((await admin.get("/api/v1/health")).headers.get("strict-transport-security")).toBeNull();
    const secure = await startTestServer("pglite", { secureCookies: "always" });
    try {
      const a = await new Client(secure.url).get("/api/v1/health");
      expect(a.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    } finally {
      await secure.stop();
    }
  });
  it("a CSP on the API documentation", async () => {
    for (const path of ["/api/docs", "/api/docs/", "/api/docs/static/swagger-initializer.js"]) {
      const a = await raw(path);
      expect(a.status, path).toBeLessThan(400);
      const b = await fetch(`${server.url}${path}`);
      expect(b.status).toBe(200);
      expect(b.headers.get("content-security-policy"), path).toMatch(/script-src 'self'; script-src-attr 'none'/);
    }
  });
  it("no source maps served from the web app's folder", async () => {
    const web = mkdtempSync(join(tmpdir(), "continuum-web-"));
    mkdirSync(join(web, "assets"));
    writeFileSync(join(web, "index.html"), "<!doctype html><title>x</title>");
    writeFileSync(join(web, "assets/app-abcdef12.js"), "console.log(1)\n//# sourceMappingURL=app-abcdef12.js.map");
    writeFileSync(join(web, "assets/app-abcdef12.js.map"), '{"version":3,"sources":["secret.ts"]}');
    const s = await startTestServer("pglite", { webDir: web });
    try {
      expect((await fetch(`${s.url}/assets/app-abcdef12.js`)).status).toBe(200);
      const map = await fetch(`${s.url}/assets/app-abcdef12.js.map`);
      expect(await map.text()).not.toContain("secret.ts");
    } finally {
      await s.stop();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe("the OpenAPI document", () => {
  it("documents problem+json errors, the export's media types, public operations and a server", async () => {
    const doc = (await admin.get("/api/openapi.json")).body;
    expect(doc.servers?.length).toBeGreaterThan(0);
    let operations = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        operations++;
        expect(op.responses["4XX"] && op.responses["5XX"], `${method} ${path}`).toBeTruthy();
        for (const status of Object.keys(op.responses).filter((s) => /^[45]/.test(s))) {
          expect(Object.keys(op.responses[status].content ?? {}), `${method} ${path} ${status}`).toEqual(["application/problem+json"]);
        }
        // public: the health check, signing in, first-run setup, an invitation's accept link and a password-reset link (the token is the secret)
        if (["/api/v1/health", "/api/v1/auth/login", "/api/v1/setup"].includes(path) || path.startsWith("/api/v1/invitations/{token}") || path.startsWith("/api/v1/auth/password-reset")) expect(op.security, `${method} ${path}`).toEqual([]);
        else expect(op.security?.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    expect(operations).toBeGreaterThan(20);
    const exported = doc.paths["/api/v1/orgs/{org}/model/export"].get.responses["200"].content;
    expect(Object.keys(exported).sort()).toEqual(["application/json", "application/yaml"]);
  });
});

describe("exports of earlier revisions", () => {
  it("give the text the revision had, in both formats", async () => {
    const before = await admin.get(`${ORG}/model/export?format=yaml`);
    const revision = Number(before.headers.get("x-continuum-revision"));
    expect((await admin.post(`${ORG}/components`, { component: { id: "later-one", kind: "tool" } })).status).toBe(201);
    const old = await admin.get(`${ORG}/model/export?format=yaml&revision=${revision}`);
    expect(old.status).toBe(200);
    expect(old.text).toBe(before.text);
    expect(old.headers.get("content-type")).toMatch(/^application\/yaml/);
    const again = await admin.get(`${ORG}/model/export?format=json&revision=${revision}`);
    expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(again.text).components.some((c: { id: string }) => c.id === "later-one")).toBe(false);
  });
  it("are written once per revision and format, however many ask at once, and kept within a bound", async () => {
    const exports = new RevisionExports(300);
    let loads = 0;
    const load = async () => (loads++, '{"header":{"continuum":1,"components":null},"components":[{"id":"a"}],"plans":[]}');
    const texts = (await Promise.all([1, 2, 3].map(() => exports.text(1, 7, "yaml", load)))).map(String);
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toBe("continuum: 1\ncomponents:\n  - id: a\n");
    expect(String(await exports.text(1, 7, "yaml", load))).toBe(texts[0]);
    expect(loads).toBe(1);
    await exports.text(1, 7, "json", load);
    expect(loads).toBe(2);
    // a bound of 300 bytes keeps only the most recent texts (about 30 bytes each)
    for (let n = 1; n <= 20; n++) await exports.text(2, n, "yaml", load);
    loads = 0;
    await exports.text(1, 7, "yaml", load);
    expect(loads).toBe(1);
    await exports.close();
  });
});
