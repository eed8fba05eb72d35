/**
 * A model built from nothing through the API the web's forms use (docs/web.md, "Authoring"): an
 * empty organization gets a site, components in it, a redundant group, a risk and an insurance
 * policy, each a revision; invalid input is a 422 naming the field with the params the web words
 * in Korean; viewers cannot write; another organization never sees any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

describe("authoring a model from an empty organization", () => {
  let server: TestServer;
  let admin: Client;
  let viewer: Client;
  const org = "/api/v1/orgs/acme";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("builds components, a group, a risk and insurance, each a new revision", async () => {
    const post = (component: object) => admin.post(`${org}/components`, { component });
    expect((await post({ id: "seoul-dc", name: "서울 데이터센터", kind: "site" })).status).toBe(201);
    expect((await post({ id: "db-a", kind: "database", site: "seoul-dc", restart: "20m" })).status).toBe(201);
    expect((await post({ id: "db-b", kind: "database", restart: "20m" })).status).toBe(201);
    const shop = await post({
      id: "shop", name: "쇼핑몰", kind: "business-service", tier: 1, rto: "2h", mtpd: "8h",
      dependsOn: ["seoul-dc", { group: "databases", members: ["db-a", "db-b"], need: 1 }],
      impact: [{ from: 0, perHour: 15000000 }],
    });
    expect(shop.status).toBe(201);
    const risk = await admin.post(`${org}/risks`, { risk: { id: "dc-fire", name: "데이터센터 화재", threat: "fire", frequency: 0.05, strikes: ["seoul-dc"], duration: "2d", loss: 500000000 } });
    expect(risk.status).toBe(201);
    const policy = await admin.put(`${org}/insurance/property`, { policy: { insurer: "삼성화재", covers: ["dc-fire"], deductible: 100000000, limit: 5000000000, premium: 30000000 } });
    expect(policy.status).toBe(200);
    const model = await viewer.get(`${org}/model`);
    expect(model.body.model.components.map((c: { id: string }) => c.id)).toEqual(["seoul-dc", "db-a", "db-b", "shop"]);
    expect(model.body.model.insurance).toEqual([{ id: "property", insurer: "삼성화재", covers: ["dc-fire"], deductible: 100000000, limit: 5000000000, premium: 30000000 }]);
    const register = await viewer.get(`${org}/risks`);
    expect(register.body.insurance).toHaveLength(1);
    expect(register.body.items.map((i: { risk: { id: string } }) => i.risk.id)).toEqual(["dc-fire"]);
  });

  it("refuses an invalid policy with a 422 naming the field, with the params for other languages; nothing changes", async () => {
    const before = (await admin.get(`${org}/model`)).body.revision.number;
    const bad = await admin.put(`${org}/insurance/flood`, { policy: { covers: ["no-such-risk"], deductible: -5 } });
    expect(bad.status).toBe(422);
    const fields = bad.body.errors.map((e: { field?: string }) => e.field ?? "");
    expect(fields.some((f: string) => f.startsWith("policy."))).toBe(true);
    expect((await admin.get(`${org}/model`)).body.revision.number).toBe(before);
    const unknownDep = await admin.post(`${org}/components`, { component: { id: "web", dependsOn: ["nowhere"] } });
    expect(unknownDep.status).toBe(422);
    const e = unknownDep.body.errors.find((x: { code?: string }) => x.code === "unknown-component");
    expect(e.params).toMatchObject({ id: "nowhere" });
  });

  it("replaces a policy by id, removes it, and refuses a viewer", async () => {
    expect((await admin.put(`${org}/insurance/property`, { policy: { id: "property", insurer: "KB손해보험", premium: 1000 } })).status).toBe(200);
    expect((await admin.get(`${org}/model`)).body.model.insurance).toEqual([{ id: "property", insurer: "KB손해보험", premium: 1000 }]);
    expect((await admin.put(`${org}/insurance/property`, { policy: { id: "other" } })).status).toBe(400);
    expect((await viewer.put(`${org}/insurance/property`, { policy: { premium: 1 } })).status).toBe(403);
    expect((await viewer.del(`${org}/insurance/property`)).status).toBe(403);
    expect((await admin.del(`${org}/insurance/property`)).status).toBe(200);
    expect((await admin.get(`${org}/model`)).body.model.insurance).toBeUndefined();
    expect((await admin.del(`${org}/insurance/property`)).status).toBe(404);
  });

  it("never reaches another organization", async () => {
    const other = await admin.post("/api/v1/orgs", { slug: "other", name: "Other" });
    expect(other.status).toBe(201);
    expect((await admin.put("/api/v1/orgs/other/insurance/p1", { policy: { premium: 1 } })).status).toBe(200);
    expect((await admin.get(`${org}/model`)).body.model.insurance).toBeUndefined();
    expect((await viewer.put("/api/v1/orgs/other/insurance/p1", { policy: { premium: 2 } })).status).toBe(404); // not a member: not even visible
  });
});
