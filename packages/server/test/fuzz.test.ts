/**
 * Every route's body, fuzzed: the routes come from the server's own list (a route added later is
 * fuzzed too) and the fields from its OpenAPI request body, and each gets arbitrary JSON, JSON
 * nested thousands deep, NUL characters, numbers beyond what can be stored, keys given twice and
 * values of the wrong type, in its fields and in its path parameters. The answer is always below
 * 500, a 4xx is problem+json, and the server still answers /health afterwards.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteInfo } from "../src/index.js";
import { Client, exampleFiles, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

let server: TestServer;
let admin: Client;
let openapi: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };

beforeAll(async () => {
  server = await startTestServer("pglite");
  admin = await setupAdmin(server);
  expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
  openapi = (await admin.get("/api/openapi.json")).body;
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const deep = (n: number, open = "[", close = "]") => open.repeat(n) + close.repeat(n);

/** JSON text of a value the route must refuse or take calmly. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(`${s}\u0000${s}`)),
  fc.constantFrom("1e999", "-1e999", "1e308", "123456789012345678901234567890", "9007199254740993", "-0", "0.1e-400"),
  fc.integer({ min: 65, max: 6000 }).map((n) => deep(n)),
  fc.integer({ min: 65, max: 3000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.constantFrom("true", "null", "[]", "{}", '""', '"x"', "[1,[2,[3]]]", '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}'),
);

/** A body: the route's own fields with hostile values, possibly a key twice, or something else entirely. */
function bodies(fields: string[]): fc.Arbitrary<string> {
  const names = fields.length ? fc.constantFrom(...fields) : fc.string({ maxLength: 8 });
  const entry = fc.tuple(fc.oneof(names, fc.string({ maxLength: 8 })), hostileValue).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
  return fc.oneof(
    fc.array(entry, { minLength: 1, maxLength: 4 }).map((entries) => `{${entries.join(",")}}`),
    fc.tuple(names, hostileValue, hostileValue).map(([k, a, b]) => `{${JSON.stringify(k)}:${a},${JSON.stringify(k)}:${b}}`),
    hostileValue,
    fc.string({ maxLength: 30 }),
  );
}

/** A path parameter: a plausible one, or a hostile one. */
const param: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("kakao-login", "pangyo-fire", "1", "2"),
  fc.constantFrom("%00", "a%00b", "99999999999999999999", "-1", "1e999", "%E0%A4%A", "..%2F..", "%"),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

function fieldsOf(route: RouteInfo): string[] {
  const url = route.url.replace(/:(\w+)/g, "{$1}");
  const op = openapi.paths[url]?.[route.method.toLowerCase()];
  const schema = op?.requestBody?.content?.["application/json"]?.schema;
  return Object.keys(schema?.properties ?? {});
}

describe("fuzzing every route's body", () => {
  it("answers below 500, problem+json for a 4xx, and keeps answering /health", async () => {
    const routes = server.routes.filter((r) => r.method !== "GET" && r.method !== "HEAD");
    expect(routes.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const route of routes) {
      const fields = fieldsOf(route);
      await fc.assert(
        fc.asyncProperty(bodies(fields), fc.array(param, { minLength: 3, maxLength: 3 }), async (body, params) => {
          // a run may have signed the administrator out (logout) or removed them: start again signed in
          if ((await admin.get("/api/v1/me")).status !== 200) await admin.login("admin@example.com");
          let k = 0;
          const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === "org" ? "acme" : params[k++ % 3]));
          const a = await admin.request(route.method, url, undefined, { raw: body });
          const where = `${route.method} ${url} ${body.slice(0, 200)} → ${a.status} ${a.text.slice(0, 300)}`;
          if (a.status >= 500) failures.push(where);
          expect(a.status, where).toBeLessThan(500);
          if (a.status >= 400) expect(a.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 12, seed: 7 },
      );
    }
    expect(failures).toEqual([]);
    const health = await new Client(server.url).get("/api/v1/health");
    expect(health.status).toBe(200);
  }, 240_000);
});
