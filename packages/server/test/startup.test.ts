/**
 * What a first start gives: the demo organization (once; a missing example is skipped), the
 * settings read from the environment and flags, and the web app served with an SPA fallback and
 * long caching of hashed assets.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSettings, SettingsError, startServer } from "../src/index.js";
import { Client, EXAMPLE_DIR, PASSWORD, startTestServer, tempDataDir, type TestServer } from "./helpers.js";

describe("first start", () => {
  it("loads the example into a demo organization once, and the first administrator gets it", async () => {
    const dataDir = await tempDataDir();
    const server = await startTestServer("pglite", { dataDir, demo: true, exampleDir: EXAMPLE_DIR });
    try {
      expect(server.demo).toBe("pangyo-2022");
      const anon = new Client(server.url);
      expect((await anon.get("/api/v1/setup")).body).toEqual({ needed: true, demo: "pangyo-2022" });
      const admin = new Client(server.url);
      const setup = await admin.post("/api/v1/setup", { email: "first@example.com", name: "First", password: PASSWORD });
      expect(setup.status).toBe(201);
      expect(setup.body.organization.slug).toBe("pangyo-2022"); // no organization asked for: the demo is theirs
      const me = await admin.get("/api/v1/me");
      expect(me.body.memberships).toEqual([{ organization: expect.objectContaining({ slug: "pangyo-2022" }), role: "admin" }]);
      const model = await admin.get("/api/v1/orgs/pangyo-2022/model");
      expect(model.body.model.components).toHaveLength(53);
      expect(model.body.revision).toMatchObject({ number: 1, kind: "demo", author: { name: "Continuum (demo)" } });
      expect((await admin.get("/api/v1/orgs/pangyo-2022/scenarios")).body.items.map((s: { id: string }) => s.id)).toEqual(["pangyo-fire"]);
      const fire = await admin.post("/api/v1/orgs/pangyo-2022/simulate", { scenarioId: "pangyo-fire" });
      expect(fire.body.components["kakaotalk-text"].rtoBreached).toBe(true);
    } finally {
      await server.close();
    }
    // a second start does not load it again
    const again = await startTestServer("pglite", { dataDir, demo: true, exampleDir: EXAMPLE_DIR });
    try {
      expect(again.demo).toBe("pangyo-2022");
      const admin = new Client(again.url);
      await admin.login("first@example.com");
      expect((await admin.get("/api/v1/orgs")).body.items).toHaveLength(1);
      expect((await admin.get("/api/v1/orgs/pangyo-2022/revisions")).body.total).toBe(1);
    } finally {
      await again.stop();
    }
  });

  it("starts without a demo when the example is missing", async () => {
    const server = await startTestServer("pglite", { demo: true, exampleDir: join(tmpdir(), "no-such-example") });
    try {
      expect(server.demo).toBeNull();
      const admin = new Client(server.url);
      const setup = await admin.post("/api/v1/setup", { email: "a@example.com", name: "A", password: PASSWORD, organization: "Acme Corp" });
      expect(setup.body.organization).toMatchObject({ slug: "acme-corp", name: "Acme Corp" });
    } finally {
      await server.stop();
    }
  });
});

describe("settings", () => {
  it("reads the environment, and flags win", () => {
    const { options, logLevel } = readSettings(["--port", "9001", "--no-demo", "--login-limit=3/60"], {
      PORT: "8000",
      HOST: "0.0.0.0",
      CONTINUUM_DATA: "/srv/data",
      DATABASE_URL: "postgres://u:p@db/continuum",
      CONTINUUM_SECURE_COOKIES: "always",
      CONTINUUM_TRUST_PROXY: "1",
      LOG_LEVEL: "debug",
    });
    expect(options).toMatchObject({ port: 9001, host: "0.0.0.0", dataDir: "/srv/data", databaseUrl: "postgres://u:p@db/continuum", demo: false, secureCookies: "always", trustProxy: 1, loginLimit: { max: 3, windowSeconds: 60 } });
    expect(logLevel).toBe("debug");
    expect(readSettings(["--help"], {}).help).toBe(true);
  });

  it("says what is wrong with a setting", () => {
    expect(() => readSettings([], { PORT: "eighty" })).toThrow(SettingsError);
    expect(() => readSettings(["--colour"], {})).toThrow(/unknown option --colour/);
    expect(() => readSettings([], { DATABASE_URL: "mysql://x" })).toThrow(/postgres:\/\//);
    expect(() => readSettings([], { CONTINUUM_SECURE_COOKIES: "maybe" })).toThrow(/auto, always or never/);
  });
});

describe("the web app", () => {
  let server: TestServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), "continuum-web-"));
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "index.html"), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-AbC12345.js"></script>');
    writeFileSync(join(webDir, "assets/index-AbC12345.js"), "console.log('app')");
    writeFileSync(join(webDir, "favicon.svg"), "<svg/>");
    server = await startTestServer("pglite", { webDir });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("serves index.html for the app's own addresses, never cached, with a CSP", async () => {
    for (const path of ["/", "/setup", "/o/acme/what-if", "/o/acme/components/kakao-login"]) {
      const r = await fetch(server.url + path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/text\/html/);
      expect(r.headers.get("cache-control")).toBe("no-cache");
      expect(r.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await r.text()).toContain('<div id="root">');
    }
  });

  it("caches hashed assets for a year", async () => {
    const r = await fetch(`${server.url}/assets/index-AbC12345.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${server.url}/favicon.svg`)).headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("keeps API misses as problems, not the app", async () => {
    const r = await fetch(`${server.url}/api/v1/no-such-thing`);
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toMatch(/problem\+json/);
    const post = await fetch(`${server.url}/somewhere`, { method: "POST" });
    expect(post.status).toBe(404);
    expect(post.headers.get("content-type")).toMatch(/problem\+json/);
  });

  it("serves a pointer to the docs when the app is not built", async () => {
    const dataDir = await tempDataDir();
    const bare = await startServer({ port: 0, host: "127.0.0.1", dataDir, demo: false, webDir: null });
    try {
      const r = await fetch(bare.url + "/");
      expect(r.status).toBe(200);
      expect(await r.text()).toContain("/api/docs");
    } finally {
      await bare.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
