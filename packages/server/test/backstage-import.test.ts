/** The server's import takes a Backstage catalog as `continuum import backstage` does. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, ROOT, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

function folder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...folder(path));
    else if (e.name.endsWith(".yaml")) out.push({ path: relative(join(ROOT, "examples/backstage"), path), text: readFileSync(path, "utf8") });
  }
  return out;
}

describe("import of a Backstage catalog", () => {
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs", { slug: "music", name: "Music" })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("converts the catalog files, keeps the scenario beside them, and simulates", async () => {
    const files = folder(join(ROOT, "examples/backstage"));
    const r = await admin.post("/api/v1/orgs/music/model/import", { files });
    expect(r.status, r.text.slice(0, 400)).toBe(201);
    const model = (await admin.get("/api/v1/orgs/music/model")).body.model;
    expect(model.components).toHaveLength(11);
    expect(model.components.find((c: { id: string }) => c.id === "artist-engagement-portal")).toMatchObject({ tier: 1, mtpd: "8h", dependsOn: ["artist-lookup", "www-artist"] });
    const scenarios = (await admin.get("/api/v1/orgs/music/scenarios")).body.items;
    expect(scenarios.map((s: { id: string }) => s.id)).toEqual(["pangyo-fire"]);
    const run = await admin.post("/api/v1/orgs/music/simulate", { scenarioId: "pangyo-fire" });
    expect(run.status).toBe(200);
    expect(run.body.components["artist-engagement-portal"]).toMatchObject({ mtpdBreached: true });
  });

  it("answers 422 naming the entity, file and line of a reference outside the catalog, and changes nothing", async () => {
    const before = (await admin.get("/api/v1/orgs/music/model")).body.revision.number;
    const text = "apiVersion: backstage.io/v1beta1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  dependsOn: ['resource:orders-db']\n";
    const r = await admin.post("/api/v1/orgs/music/model/import", { files: [{ path: "orders/catalog-info.yaml", text }] });
    expect(r.status).toBe(422);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.body.errors).toEqual([
      expect.objectContaining({ file: "orders/catalog-info.yaml", line: 6, component: "component:default/orders", field: "spec.dependsOn[0]", message: expect.stringContaining("resource:default/orders-db, which is not in the catalog") }),
    ]);
    expect((await admin.get("/api/v1/orgs/music/model")).body.revision.number).toBe(before);
  });
});
