/**
 * The audit trail an admin or auditor reads (issue 9, item 1): filtered by action family, by who
 * and by time, a page at a time, and never another organization's events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

describe("the audit trail", () => {
  let server: TestServer;
  let admin: Client;
  let auditor: Client;
  const org = "/api/v1/orgs/acme";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    auditor = await memberClient(server, admin, "acme", "audrey@acme.example", "auditor");
    for (const name of ["ci", "nightly", "backup"]) expect((await admin.post(`${org}/tokens`, { name, scopes: ["model:read"] })).status).toBe(201);
    const list = (await admin.get(`${org}/tokens`)).body.items as Array<{ id: string; name: string }>;
    expect((await admin.del(`${org}/tokens/${list.find((t) => t.name === "backup")!.id}`)).status).toBe(204);
    // another organization with its own events
    expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other" })).status).toBe(201);
    expect((await admin.post("/api/v1/orgs/other/tokens", { name: "other-ci", scopes: ["model:read"] })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("filters by an action family, newest first, and lists the actions recorded", async () => {
    const answer = await auditor.get(`${org}/audit?action=token`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((e: { action: string }) => e.action)).toEqual(["token.revoked", "token.created", "token.created", "token.created"]);
    expect(answer.body.total).toBe(4);
    expect(answer.body.actions).toEqual(expect.arrayContaining(["token.created", "token.revoked", "invitation.created"]));
    expect(answer.body.items.some((e: { detail: { token?: string } }) => e.detail.token === "other-ci")).toBe(false);
    expect((await auditor.get(`${org}/audit?action=token.revoked`)).body.total).toBe(1);
  });

  it("pages through with a cursor, the total counting every page", async () => {
    const first = await auditor.get(`${org}/audit?action=token&limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await auditor.get(`${org}/audit?action=token&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.total).toBe(4);
  });

  it("filters by who (any case, part of the e-mail) and by time", async () => {
    const byAdmin = await auditor.get(`${org}/audit?actor=ADMIN@EXAMPLE`);
    expect(byAdmin.body.total).toBeGreaterThanOrEqual(5);
    expect((await auditor.get(`${org}/audit?actor=${encodeURIComponent("%")}`)).body.total).toBe(0);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await auditor.get(`${org}/audit?from=${encodeURIComponent(future)}`)).body.total).toBe(0);
    expect((await auditor.get(`${org}/audit?to=${encodeURIComponent(future)}&action=token`)).body.total).toBe(4);
    const bad = await auditor.get(`${org}/audit?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("from");
  });

  it("is closed to a viewer (403) and to people outside the organization (404)", async () => {
    const viewer = await memberClient(server, admin, "acme", "vic@acme.example", "viewer");
    expect((await viewer.get(`${org}/audit`)).status).toBe(403);
    const outsider = await memberClient(server, admin, "other", "olga@other.example", "admin");
    expect((await outsider.get(`${org}/audit`)).status).toBe(404);
    const theirs = await outsider.get("/api/v1/orgs/other/audit?action=token");
    expect(theirs.body.items.map((e: { detail: { token?: string } }) => e.detail.token)).toEqual(["other-ci"]);
  });
});
