/**
 * Accounts across organizations (issue 7, item 1): people join by invitation only. No organization
 * sets a password for, or learns the name of, an account another organization uses; an invitation
 * answers the same whether or not the e-mail has an account; resets stay inside one tenant; and
 * sign-ins are visible to the admins and auditors of the account's organizations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, invite, memberClient, PASSWORD, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const CAROL = "carol@acme.example";
const CAROL_PASSWORD = "carol's own long passphrase";

describe("accounts across organizations", () => {
  let server: TestServer;
  let site: Client;
  let alice: Client; // admin of acme (not a site administrator)
  let bob: Client; // admin of beta
  let carol: Client;

  const accept = (c: Client, token: string, body: unknown = {}) => c.post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, body);

  beforeAll(async () => {
    server = await startTestServer("pglite");
    site = await setupAdmin(server);
    expect((await site.post("/api/v1/orgs", { slug: "beta", name: "Beta Corp" })).status).toBe(201);
    alice = await memberClient(server, site, "acme", "alice@acme.example", "admin");
    bob = await memberClient(server, site, "beta", "bob@beta.example", "admin");
    // beta invites Carol first; Carol accepts with her own password
    const token = await invite(bob, "beta", CAROL, "editor");
    carol = new Client(server.url);
    const a = await accept(carol, token, { name: "Carol", password: CAROL_PASSWORD });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ organization: { slug: "beta" }, role: "editor", user: { email: CAROL, name: "Carol" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("has no route where an admin sets a password for a new or existing account", async () => {
    const old = await bob.post("/api/v1/orgs/beta/members", { email: "zed@acme.example", name: "Zed", role: "viewer", password: "a password bob knows" });
    expect(old.status).toBe(404);
    expect((await bob.post("/api/v1/orgs/beta/invitations", { email: "zed@acme.example", role: "viewer", password: "a password bob knows" })).status).toBe(400);
    expect((await new Client(server.url).post("/api/v1/auth/login", { email: "zed@acme.example", password: "a password bob knows" })).status).toBe(401);
  });

  it("answers an invitation the same whether or not the e-mail has an account, never with a name", async () => {
    const existing = await alice.post("/api/v1/orgs/acme/invitations", { email: CAROL, role: "viewer" });
    const fresh = await alice.post("/api/v1/orgs/acme/invitations", { email: "nobody-yet@acme.example", role: "viewer" });
    expect(existing.status).toBe(201);
    expect(fresh.status).toBe(201);
    const shape = (b: { invitation: Record<string, unknown>; delivery: string; acceptUrl: string }) => ({
      keys: Object.keys(b).sort(),
      invitationKeys: Object.keys(b.invitation).sort(),
      status: b.invitation.status,
      delivery: b.delivery,
      url: b.acceptUrl.replace(/\/invite\/[^/]+$/, "/invite/…"),
    });
    expect(shape(existing.body)).toEqual(shape(fresh.body));
    expect(existing.text).not.toContain("Carol");
    // nor does the public look at the link
    const token = new URL(existing.body.acceptUrl).pathname.split("/").pop()!;
    const look = await new Client(server.url).get(`/api/v1/invitations/${token}`);
    expect(look.status).toBe(200);
    expect(look.body).toMatchObject({ organization: { slug: "acme" }, email: CAROL, role: "viewer" });
    expect(look.text).not.toContain("Carol\"");
    expect(Object.keys(look.body).sort()).toEqual(["email", "expiresAt", "invitedBy", "organization", "role"]);
  });

  it("never lets the holder of a link claim an existing account: Carol signs in as herself to accept", async () => {
    const token = await invite(alice, "acme", CAROL, "viewer");
    // acme's admin holds the link (no mail yet) and tries to set Carol's password through it
    const claim = await accept(new Client(server.url), token, { name: "Not Carol", password: "a password alice knows" });
    expect(claim.status).toBe(409);
    expect(claim.body.type).toContain("account-exists");
    expect((await new Client(server.url).post("/api/v1/auth/login", { email: CAROL, password: "a password alice knows" })).status).toBe(401);
    // signed in as someone else: refused
    const wrong = await accept(alice, token);
    expect(wrong.status).toBe(403);
    // not signed in: told to sign in
    expect((await accept(new Client(server.url), token)).status).toBe(401);
    // signed in as Carol but without the CSRF header: refused
    const noCsrf = await carol.request("POST", `/api/v1/invitations/${token}/accept`, {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    // Carol herself
    const ok = await accept(carol, token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ organization: { slug: "acme" }, role: "viewer", user: { name: "Carol" } });
    const me = await carol.get("/api/v1/me");
    expect(me.body.memberships.map((m: { organization: { slug: string } }) => m.organization.slug).sort()).toEqual(["acme", "beta"]);
    // single use
    expect((await accept(carol, token)).status).toBe(410);
    // her password is still her own
    await new Client(server.url).login(CAROL, CAROL_PASSWORD);
  });

  it("lets an admin list, re-link and revoke pending invitations; a replaced or revoked link stops working", async () => {
    const created = await alice.post("/api/v1/orgs/acme/invitations", { email: "dan@acme.example", role: "responder" });
    const id = created.body.invitation.id;
    const first = new URL(created.body.acceptUrl).pathname.split("/").pop()!;
    const list = await alice.get("/api/v1/orgs/acme/invitations");
    expect(list.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ email: "dan@acme.example", role: "responder", status: "pending", invitedBy: { name: "alice" } });
    expect(list.text).not.toContain(first);
    const relinked = await alice.post(`/api/v1/orgs/acme/invitations/${id}/link`, {});
    expect(relinked.status).toBe(200);
    const second = new URL(relinked.body.acceptUrl).pathname.split("/").pop()!;
    expect(second).not.toBe(first);
    expect((await new Client(server.url).get(`/api/v1/invitations/${first}`)).status).toBe(404);
    expect((await new Client(server.url).get(`/api/v1/invitations/${second}`)).status).toBe(200);
    expect((await alice.del(`/api/v1/orgs/acme/invitations/${id}`)).status).toBe(204);
    expect((await new Client(server.url).get(`/api/v1/invitations/${second}`)).status).toBe(410);
    expect((await accept(new Client(server.url), second, { name: "Dan", password: PASSWORD })).status).toBe(410);
    expect((await alice.get("/api/v1/orgs/acme/invitations")).body.items.some((i: { id: string }) => i.id === id)).toBe(false);
    expect((await alice.get("/api/v1/orgs/acme/invitations?all=true")).body.items.find((i: { id: string }) => i.id === id).status).toBe("revoked");
    // another organization's admin cannot touch it
    expect((await bob.del(`/api/v1/orgs/acme/invitations/${id}`)).status).toBe(404);
    // inviting a member again is a conflict (the admin sees its members anyway)
    expect((await alice.post("/api/v1/orgs/acme/invitations", { email: CAROL, role: "admin" })).status).toBe(409);
  });

  it("keeps password resets inside one tenant", async () => {
    const carolId = (await alice.get("/api/v1/orgs/acme/members?q=carol")).body.items[0].user.id;
    // Carol is in acme and beta: neither admin may reset her password
    expect((await alice.post(`/api/v1/orgs/acme/members/${carolId}/password`, { newPassword: "alice chose this one" })).status).toBe(403);
    expect((await bob.post(`/api/v1/orgs/beta/members/${carolId}/password`, { newPassword: "bob chose this one!!" })).status).toBe(403);
    await new Client(server.url).login(CAROL, CAROL_PASSWORD);
    // a site administrator may
    expect((await site.post(`/api/v1/orgs/acme/members/${carolId}/password`, { newPassword: "site admin's reset" })).status).toBe(204);
    await new Client(server.url).login(CAROL, "site admin's reset");
  });

  it("does not let an account whose password an admin set join another organization until its owner changes it", async () => {
    const erin = await memberClient(server, bob, "beta", "erin@beta.example", "viewer");
    const erinId = (await bob.get("/api/v1/orgs/beta/members?q=erin")).body.items[0].user.id;
    expect((await bob.post(`/api/v1/orgs/beta/members/${erinId}/password`, { newPassword: "bob knows this one" })).status).toBe(204);
    // bob knows the password now; an acme invitation cannot be accepted with it
    const token = await invite(alice, "acme", "erin@beta.example", "viewer");
    const asBob = new Client(server.url);
    await asBob.login("erin@beta.example", "bob knows this one");
    const refused = await accept(asBob, token);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toContain("password-change-needed");
    expect((await erin.get("/api/v1/me")).status).toBe(401); // the reset ended her sessions
    // Erin changes it; then she may accept
    const own = new Client(server.url);
    await own.login("erin@beta.example", "bob knows this one");
    expect((await own.post("/api/v1/me/password", { currentPassword: "bob knows this one", newPassword: "erin's own secret phrase" })).status).toBe(204);
    expect((await accept(own, token)).status).toBe(200);
  });

  it("shows sign-ins and failed sign-ins to the admins and auditors of every organization of the account", async () => {
    const auditor = await memberClient(server, alice, "acme", "audrey@acme.example", "auditor");
    const c = new Client(server.url);
    await c.login(CAROL, "site admin's reset");
    expect((await c.post("/api/v1/auth/login", { email: CAROL, password: "wrong password!" })).status).toBe(401);
    const before = (await alice.get("/api/v1/orgs/acme/sign-ins")).body.total;
    expect((await c.post("/api/v1/auth/login", { email: "ghost@nowhere.example", password: "wrong password!" })).status).toBe(401);
    for (const [who, org] of [[alice, "acme"], [bob, "beta"], [auditor, "acme"]] as const) {
      const page = await who.get(`/api/v1/orgs/${org}/sign-ins?limit=2`);
      expect(page.status).toBe(200);
      expect(page.body.items[0]).toMatchObject({ outcome: "failure", user: { email: CAROL, name: "Carol" }, reason: "password" });
      expect(page.body.items[1]).toMatchObject({ outcome: "success", user: { email: CAROL } });
      expect(page.body.nextCursor).not.toBeNull();
      const next = await who.get(`/api/v1/orgs/${org}/sign-ins?limit=2&cursor=${page.body.nextCursor}`);
      expect(next.body.items[0].id).toBeLessThan(page.body.items[1].id);
    }
    // an unknown e-mail belongs to no organization: it is not shown to anyone
    expect((await alice.get("/api/v1/orgs/acme/sign-ins")).body.total).toBe(before);
    expect((await alice.get("/api/v1/orgs/acme/sign-ins")).text).not.toContain("ghost@");
    expect((await alice.get("/api/v1/orgs/acme/sign-ins?outcome=failure")).body.items.every((e: { outcome: string }) => e.outcome === "failure")).toBe(true);
    // a sign-in of bob (beta only) is not shown to acme
    await new Client(server.url).login("bob@beta.example");
    expect((await alice.get("/api/v1/orgs/acme/sign-ins?limit=200")).text).not.toContain("bob@beta.example");
    expect((await bob.get("/api/v1/orgs/beta/sign-ins?limit=1")).body.items[0].user.email).toBe("bob@beta.example");
  });
});
