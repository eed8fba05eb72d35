/**
 * The security model: CSRF on cookie sessions, login rate limiting, API tokens (shown once, stored
 * hashed, scoped, revocable), Secure cookies behind https, password change and admin reset.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, PASSWORD, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

describe("security", () => {
  let server: TestServer;
  let admin: Client;
  const org = "/api/v1/orgs/acme";

  beforeAll(async () => {
    server = await startTestServer("pglite", { loginLimit: { max: 3, windowSeconds: 60 }, trustProxy: true });
    admin = await setupAdmin(server);
    await admin.post(`${org}/model/import`, { files: exampleFiles() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("CSRF", () => {
    it("refuses an unsafe request with a session cookie but no CSRF header", async () => {
      const component = { id: "csrf-probe", kind: "tool" };
      const without = await admin.request("POST", `${org}/components`, { component }, { csrf: false });
      expect(without.status).toBe(403);
      expect(without.body.type).toContain("/csrf");
      expect(without.body.errors[0].field).toBe("x-csrf-token");
      const wrong = await admin.request("POST", `${org}/components`, { component }, { csrf: false, headers: { "x-csrf-token": "forged" } });
      expect(wrong.status).toBe(403);
      expect((await admin.get(`${org}/components/csrf-probe`)).status).toBe(404);
      expect((await admin.post(`${org}/components`, { component })).status).toBe(201);
    });

    it("ties the token to the session: another session's token does not work", async () => {
      const other = new Client(server.url);
      await other.login("admin@example.com");
      expect(other.csrf).not.toBe(admin.csrf);
      const mixed = await admin.request("DELETE", `${org}/components/csrf-probe`, undefined, { csrf: false, headers: { "x-csrf-token": other.csrf! } });
      expect(mixed.status).toBe(403);
      expect((await admin.get("/api/v1/me")).body.csrfToken).toBe(admin.csrf);
      expect((await admin.del(`${org}/components/csrf-probe`)).status).toBe(200);
    });

    it("needs no CSRF token with an API token (no ambient credential)", async () => {
      const t = await admin.post(`${org}/tokens`, { name: "ci", scopes: ["model:write"] });
      const ci = Object.assign(new Client(server.url), { token: t.body.token });
      expect((await ci.post(`${org}/reviews`, { comment: "from CI" })).status).toBe(201);
    });

    it("only accepts JSON bodies (no cross-site form posts)", async () => {
      const form = await admin.request("POST", "/api/v1/auth/login", undefined, { raw: "email=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(form.status).toBe(415);
    });
  });

  describe("sign-in rate limiting", () => {
    it("answers 429 with Retry-After after too many failures for one account", async () => {
      await memberClient(server, admin, "acme", "limited@acme.example", "viewer");
      const c = new Client(server.url);
      const ip = { "x-forwarded-for": "203.0.113.7" };
      for (let i = 0; i < 3; i++) expect((await c.post("/api/v1/auth/login", { email: "limited@acme.example", password: "wrong password" }, { headers: ip })).status).toBe(401);
      const limited = await c.post("/api/v1/auth/login", { email: "limited@acme.example", password: PASSWORD }, { headers: ip });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(limited.headers.get("content-type")).toMatch(/problem\+json/);
      // the account is limited from every address (guesses spread over addresses count together);
      // another e-mail from this address is not affected (login-limiter.test.ts has the rest)
      expect((await c.post("/api/v1/auth/login", { email: "limited@acme.example", password: PASSWORD }, { headers: { "x-forwarded-for": "198.51.100.2" } })).status).toBe(429);
      expect((await c.post("/api/v1/auth/login", { email: "someone@example.com", password: "wrong password" }, { headers: ip })).status).toBe(401);
    });

    it("does not tell whether an e-mail exists", async () => {
      const c = new Client(server.url);
      const unknown = await c.post("/api/v1/auth/login", { email: "nobody@example.com", password: "wrong password" }, { headers: { "x-forwarded-for": "192.0.2.10" } });
      const known = await c.post("/api/v1/auth/login", { email: "admin@example.com", password: "wrong password" }, { headers: { "x-forwarded-for": "192.0.2.11" } });
      expect(unknown.status).toBe(401);
      expect(known.status).toBe(401);
      expect(unknown.body.detail).toBe(known.body.detail);
    });
  });

  describe("API tokens", () => {
    it("are shown once, listed without the secret, scoped and revocable", async () => {
      const created = await admin.post(`${org}/tokens`, { name: "pipeline", scopes: ["model:read"] });
      expect(created.status).toBe(201);
      const secret: string = created.body.token;
      expect(secret).toMatch(/^ctm_[A-Za-z0-9_-]{40,}$/);
      expect(created.body.prefix).toBe(secret.slice(0, 10));
      const list = await admin.get(`${org}/tokens`);
      expect(list.text).not.toContain(secret);
      expect(list.body.items.find((t: { id: string }) => t.id === created.body.id)).toMatchObject({ name: "pipeline", scopes: ["model:read"], revokedAt: null, createdBy: { name: "Ada Admin" } });

      const ci = Object.assign(new Client(server.url), { token: secret });
      expect((await ci.get(`${org}/model/export`)).status).toBe(200);
      expect((await ci.post(`${org}/model/import`, { files: exampleFiles() })).status).toBe(403);
      expect((await admin.del(`${org}/tokens/${created.body.id}`)).status).toBe(204);
      const revoked = await ci.get(`${org}/model`);
      expect(revoked.status).toBe(401);
      expect(revoked.body.detail).toMatch(/revoked/);
      expect((await admin.get(`${org}/tokens?includeRevoked=true`)).body.items.find((t: { id: string }) => t.id === created.body.id).revokedAt).not.toBeNull();
      expect((await Object.assign(new Client(server.url), { token: "ctm_madeup" }).get(`${org}/model`)).status).toBe(401);
      expect((await new Client(server.url).request("GET", `${org}/model`, undefined, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    });

    it("attribute their changes to the token and the person who made it", async () => {
      const created = await admin.post(`${org}/tokens`, { name: "deploy-bot", scopes: ["model:write"] });
      const ci = Object.assign(new Client(server.url), { token: created.body.token });
      const put = await ci.put(`${org}/components/kakao-login`, { component: { ...(await ci.get(`${org}/components/kakao-login`)).body.component, owner: "platform" }, comment: "from CI" });
      expect(put.status).toBe(200);
      expect(put.body.revision.author).toMatchObject({ name: "Ada Admin", token: "deploy-bot" });
    });

    it("validate their scopes", async () => {
      const bad = await admin.post(`${org}/tokens`, { name: "x", scopes: ["admin"] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toMatch(/^scopes/);
      expect((await admin.post(`${org}/tokens`, { name: "x", scopes: [] })).status).toBe(400);
    });
  });

  describe("cookies behind https", () => {
    it("set Secure when the request came over https (through a trusted proxy)", async () => {
      const c = new Client(server.url);
      const a = await c.post("/api/v1/auth/login", { email: "admin@example.com", password: PASSWORD }, { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "192.0.2.50" } });
      expect(a.status).toBe(200);
      expect(a.headers.get("set-cookie")).toMatch(/; Secure/i);
    });

    it("can be forced Secure", async () => {
      const s = await startTestServer("pglite", { secureCookies: "always" });
      try {
        const a = await new Client(s.url).post("/api/v1/setup", { email: "a@b.example", name: "A", password: PASSWORD });
        expect(a.headers.get("set-cookie")).toMatch(/; Secure/i);
      } finally {
        await s.stop();
      }
    });
  });

  describe("passwords", () => {
    it("change one's own password: checks the current one, ends the other sessions", async () => {
      const me = await memberClient(server, admin, "acme", "carol@acme.example", "editor");
      const elsewhere = new Client(server.url);
      await elsewhere.login("carol@acme.example");
      const wrong = await me.post("/api/v1/me/password", { currentPassword: "not my password", newPassword: "a brand new passphrase" });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe("currentPassword");
      const weak = await me.post("/api/v1/me/password", { currentPassword: PASSWORD, newPassword: "short" });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe("newPassword");
      expect((await me.post("/api/v1/me/password", { currentPassword: PASSWORD, newPassword: "a brand new passphrase" })).status).toBe(204);
      expect((await me.get("/api/v1/me")).status).toBe(200);
      expect((await elsewhere.get("/api/v1/me")).status).toBe(401);
      await new Client(server.url).login("carol@acme.example", "a brand new passphrase");
    });

    it("reset by an administrator: ends the person's sessions", async () => {
      const dave = await memberClient(server, admin, "acme", "dave@acme.example", "viewer");
      const id = (await admin.get(`${org}/members?q=dave`)).body.items[0].user.id;
      expect((await admin.post(`${org}/members/${id}/password`, { newPassword: "reset by the admin" })).status).toBe(204);
      expect((await dave.get("/api/v1/me")).status).toBe(401);
      await new Client(server.url).login("dave@acme.example", "reset by the admin");
      const audit = await admin.get(`${org}/audit?action=member.password-reset`);
      expect(audit.body.items[0]).toMatchObject({ actor: "admin@example.com", detail: { user: "dave@acme.example" } });
    });

    it("a removed member loses access at once", async () => {
      const erin = await memberClient(server, admin, "acme", "erin@acme.example", "viewer");
      expect((await erin.get(`${org}/model`)).status).toBe(200);
      const id = (await admin.get(`${org}/members?q=erin`)).body.items[0].user.id;
      expect((await admin.del(`${org}/members/${id}`)).status).toBe(204);
      expect((await erin.get(`${org}/model`)).status).toBe(404);
    });
  });
});
