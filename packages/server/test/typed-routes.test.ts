/**
 * The model's grammar lives once (issue 8, items 1 and 4): the OpenAPI bodies of the model routes
 * are the engine's section schemas, the engine's messages answer a wrong section, and a route
 * plugin registered without what it needs fails at startup saying what is missing.
 */
import { sectionSchemas } from "@continuum/engine";
import cookie from "@fastify/cookie";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokensRoutes } from "../src/tokens/tokens-routes.js";
import type { Services } from "../src/core/services.js";
import { Client, exampleFiles, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

type Operation = { requestBody?: { content: Record<string, { schema: { properties: Record<string, { allOf?: Array<{ $ref: string }> }> } }> } };

describe("one schema for the model's sections", () => {
  let server: TestServer;
  let admin: Client;
  let openapi: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  const org = "/api/v1/orgs/acme";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post(`${org}/model/import`, { files: exampleFiles(false) })).status).toBe(201);
    openapi = (await admin.get("/api/openapi.json")).body;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const bodyRef = (path: string, method: string, field: string) =>
    openapi.paths[path][method].requestBody!.content["application/json"].schema.properties[field].allOf?.[0].$ref;

  it("documents each model body with the engine's schema of that section, word for word", () => {
    const sections = sectionSchemas();
    expect(bodyRef("/api/v1/orgs/{org}/components", "post", "component")).toBe("#/components/schemas/ModelComponent");
    expect(bodyRef("/api/v1/orgs/{org}/components/{id}", "put", "component")).toBe("#/components/schemas/ModelComponent");
    expect(bodyRef("/api/v1/orgs/{org}/risks", "post", "risk")).toBe("#/components/schemas/ModelRisk");
    expect(bodyRef("/api/v1/orgs/{org}/scenarios", "post", "scenario")).toBe("#/components/schemas/ModelScenario");
    expect(openapi.components.schemas.ModelComponent).toEqual(sections.component);
    expect(openapi.components.schemas.ModelRisk).toEqual(sections.risk);
    expect(openapi.components.schemas.ModelScenario).toEqual(sections.scenario);
    // the component schema is the real grammar, not an open object
    expect(Object.keys((sections.component as { properties: object }).properties)).toEqual(expect.arrayContaining(["id", "kind", "rto", "mtpd", "dependsOn"]));
  });

  it("answers a wrong component with the engine's message (field and hint), not a second grammar's", async () => {
    const answer = await admin.post(`${org}/components`, { component: { id: "typo-service", kind: "service", rtoo: "1h" } });
    expect(answer.status).toBe(422);
    const errors = answer.body.errors as Array<{ field?: string; message: string; hint?: string; code?: string }>;
    const typo = errors.find((e) => /rtoo/.test(e.message) || e.field?.includes("rtoo"));
    expect(typo, JSON.stringify(errors)).toBeDefined();
    expect(typo!.hint ?? typo!.message).toMatch(/\brto\b/);
  });

  it("mounts the route plugins under their names", () => {
    for (const name of ["continuum-accounts", "continuum-organizations", "continuum-tokens", "continuum-model", "continuum-revisions", "continuum-risks", "continuum-scenarios", "continuum-analysis"]) {
      expect(server.app.hasPlugin(name), name).toBe(true);
    }
  });
});

describe("route plugins declare what they need", () => {
  const services = {} as Services;

  it("refuses to start a route plugin without the cookie and OpenAPI plugins, naming the missing one", async () => {
    const bare = Fastify();
    bare.decorateRequest("principal", null);
    bare.decorateRequest("org", null);
    await bare.register(cookie);
    bare.register(tokensRoutes, { services });
    await expect(bare.ready()).rejects.toThrow(/@fastify\/swagger.*continuum-tokens|continuum-tokens.*@fastify\/swagger/);
    await bare.close().catch(() => undefined);
  });

  it("refuses one without the request decorations the access hook fills", async () => {
    const bare = Fastify();
    await bare.register(cookie);
    bare.register(tokensRoutes, { services });
    await expect(bare.ready()).rejects.toThrow(/principal/);
    await bare.close().catch(() => undefined);
  });
});
