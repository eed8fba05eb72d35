/**
 * API tokens end with their creator's membership (issue 7, item 2): a token acts with the lesser
 * of its scopes and its creator's current role, checked on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

describe("API tokens and their creator", () => {
  let server: TestServer;
  let site: Client;
  const org = "/api/v1/orgs/acme";

  const tokenClient = async (creator: Client, name: string, scopes: string[]) => {
    const t = await creator.post(`${org}/tokens`, { name, scopes });
    expect(t.status).toBe(201);
    return Object.assign(new Client(server.url), { token: t.body.token as string });
  };
  const revision = async () => (await site.get(`${org}/model`)).body.revision.number as number;
  const memberId = async (email: string) => (await site.get(`${org}/members?q=${encodeURIComponent(email)}`)).body.items[0].user.id as string;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    site = await setupAdmin(server);
    expect((await site.post(`${org}/model/import`, { files: exampleFiles(false) })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("stops a removed admin's token at once: 401, and it writes nothing", async () => {
    const admin = await memberClient(server, site, "acme", "leaving@acme.example", "admin");
    const ci = await tokenClient(admin, "leaving's pipeline", ["model:write"]);
    const component = { id: "written-by-token", kind: "tool" };
    expect((await ci.post(`${org}/components`, { component })).status).toBe(201);
    const before = await revision();
    expect((await site.del(`${org}/members/${await memberId("leaving@acme.example")}`)).status).toBe(204);
    const write = await ci.post(`${org}/components`, { component: { id: "after-removal", kind: "tool" } });
    expect(write.status).toBe(401);
    expect(write.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await ci.put(`${org}/components/written-by-token`, { component: { kind: "application" } })).status).toBe(401);
    expect((await ci.get(`${org}/model`)).status).toBe(401);
    expect(await revision()).toBe(before);
    expect((await site.get(`${org}/components/after-removal`)).status).toBe(404);
    // the token is still listed (for the record), with its creator
    const listed = (await site.get(`${org}/tokens`)).body.items.find((t: { name: string }) => t.name === "leaving's pipeline");
    expect(listed.createdBy.name).toBe("leaving");
    expect(listed.active).toBe(false);
  });

  it("acts with the lesser of its scope and the creator's current role", async () => {
    const admin = await memberClient(server, site, "acme", "demoted@acme.example", "admin");
    const ci = await tokenClient(admin, "demoted's pipeline", ["model:write"]);
    const reader = await tokenClient(admin, "read only", ["model:read"]);
    const id = await memberId("demoted@acme.example");
    expect((await site.patch(`${org}/members/${id}`, { role: "viewer" })).status).toBe(200);
    const before = await revision();
    expect((await site.get(`${org}/tokens`)).body.items.find((t: { name: string }) => t.name === "demoted's pipeline").active).toBe(true);
    expect((await ci.get(`${org}/model`)).status).toBe(200);
    expect((await ci.post(`${org}/components`, { component: { id: "by-a-viewer", kind: "tool" } })).status).toBe(403);
    expect(await revision()).toBe(before);
    // given the role back, the token writes again
    expect((await site.patch(`${org}/members/${id}`, { role: "editor" })).status).toBe(200);
    expect((await ci.post(`${org}/components`, { component: { id: "by-an-editor", kind: "tool" } })).status).toBe(201);
    // and never more than its scope
    expect((await reader.post(`${org}/components`, { component: { id: "by-a-reader", kind: "tool" } })).status).toBe(403);
  });
});
