/**
 * Import and export: a folder of files is one all-or-nothing change; whatever is imported exports
 * to a file that imports back to the same model, and exporting again gives the same text.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { Client, EXAMPLE_DIR, exampleFiles, ROOT, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

describe("import and export", () => {
  let server: TestServer;
  let admin: Client;
  let slugs = 0;

  /** A fresh organization for each case. */
  async function newOrg(): Promise<string> {
    const slug = `org-${++slugs}`;
    expect((await admin.post("/api/v1/orgs", { slug, name: slug })).status).toBe(201);
    return `/api/v1/orgs/${slug}`;
  }

  /** import → export → import → export: the model and the text stay the same. */
  async function roundTrip(files: Array<{ path: string; text: string }>) {
    const org = await newOrg();
    const first = await admin.post(`${org}/model/import`, { files });
    expect(first.status, first.text.slice(0, 500)).toBe(201);
    const model = (await admin.get(`${org}/model`)).body.model;
    for (const format of ["yaml", "json"]) {
      const exported = (await admin.get(`${org}/model/export?format=${format}`)).text;
      const copy = await newOrg();
      expect((await admin.post(`${copy}/model/import`, { files: [{ path: `model.${format}`, text: exported }] })).status).toBe(201);
      expect((await admin.get(`${copy}/model`)).body.model).toEqual(model);
      expect((await admin.get(`${copy}/model/export?format=${format}`)).text).toBe(exported);
      // and back into the first organization: nothing to change
      expect((await admin.post(`${org}/model/import`, { files: [{ path: `model.${format}`, text: exported }], scenarios: "keep" })).body.unchanged).toBe(true);
    }
    return { org, model };
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("round-trips the example and its remediated variant", async () => {
    await roundTrip(exampleFiles(false));
    await roundTrip([{ path: "model.yaml", text: readFileSync(join(EXAMPLE_DIR, "remediated/model.yaml"), "utf8") }]);
  });

  it("carries the saved scenarios in the YAML export: export, import into a fresh organization, the scenarios are there", async () => {
    const org = await newOrg();
    expect((await admin.post(`${org}/model/import`, { files: exampleFiles() })).status).toBe(201);
    const saved = await admin.post(`${org}/scenarios`, { scenario: { scenario: "idc-lost", events: [{ at: "0m", fail: "pangyo-idc" }] } });
    expect(saved.status).toBe(201);
    const scenarios = (await admin.get(`${org}/scenarios`)).body.items.map((s: { scenario: unknown }) => s.scenario);
    expect(scenarios.map((s: { scenario: string }) => s.scenario).sort()).toEqual(["idc-lost", "pangyo-fire"]);
    const exported = (await admin.get(`${org}/model/export`)).text;
    expect(YAML.parseAllDocuments(exported)).toHaveLength(3); // the model, then one document per scenario
    const copy = await newOrg();
    expect((await admin.post(`${copy}/model/import`, { files: [{ path: "acme.yaml", text: exported }] })).status).toBe(201);
    expect((await admin.get(`${copy}/scenarios`)).body.items.map((s: { scenario: unknown }) => s.scenario)).toEqual(scenarios);
    expect((await admin.get(`${copy}/model`)).body.model).toEqual((await admin.get(`${org}/model`)).body.model);
    expect((await admin.get(`${copy}/model/export`)).text).toBe(exported);
    // an earlier revision's export (written off the event loop) carries that revision's scenarios
    const first = (await admin.get(`${org}/model/export?revision=1`)).text;
    expect(YAML.parseAllDocuments(first).map((d) => (d.toJS() as { scenario?: string }).scenario)).toEqual([undefined, "pangyo-fire"]);
  });

  it("round-trips what YAML allows: anchors, flow style, quoted numbers, custom x- fields, extra sections", async () => {
    const text = `# a comment that export does not keep
continuum: 1
organization: "Test: quoted"
currency: USD
defaults: &svc
  kind: business-service
  tier: 2
components:
  - id: site-a
    kind: site
  - {id: app, kind: application, site: site-a, restart: 90m, tags: [a, "007", "yes"]}
  - id: svc
    <<: *svc
    name: "1h"
    rto: 1h
    mtpd: PT4H
    mbco: |
      two lines
      of text
    x-cost-centre: 0042
    x-ratio: 1.5e3
    impact:
      - {from: 0, perHour: 1000}
      - {from: 2h, once: 5000, category: regulatory}
    dependsOn:
      - app
      - group: pair
        members: [app, site-a]
        mode: active-passive
        failover: 0
risks: []
`;
    const org = await newOrg();
    const a = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text }] });
    // "defaults" and "<<" are not model keys: the engine says so; the same words as the CLI
    if (a.status === 422) {
      expect(a.body.errors.some((e: { code: string }) => e.code === "unknown-key")).toBe(true);
      const trimmed = text.replace(/defaults: &svc\n {2}kind: business-service\n {2}tier: 2\n/, "").replace(/ {4}<<: \*svc\n/, "    kind: business-service\n    tier: 2\n");
      await roundTrip([{ path: "model.yaml", text: trimmed }]);
    } else {
      expect(a.status).toBe(201);
      await roundTrip([{ path: "model.yaml", text }]);
    }
  });

  it("merges a folder into one model (lists concatenated) that round-trips", async () => {
    const source = YAML.parse(exampleFiles()[0].text) as Record<string, unknown> & { components: unknown[]; plans: unknown[] };
    const half = Math.floor(source.components.length / 2);
    const { components, plans, ...header } = source;
    const files = [
      { path: "model/a-header.yaml", text: YAML.stringify({ ...header, components: components.slice(0, half) }) },
      { path: "model/b-more.yaml", text: YAML.stringify({ components: components.slice(half) }) },
      { path: "model/c-plans.json", text: JSON.stringify({ plans }) },
      exampleFiles()[1],
    ];
    const { org, model } = await roundTrip(files);
    expect(model.components).toEqual(components);
    expect(model.plans).toEqual(plans);
    expect((await admin.get(`${org}/scenarios`)).body.items.map((s: { id: string }) => s.id)).toEqual(["pangyo-fire"]);
  });

  it("is all or nothing: a bad scenario beside a good model changes nothing", async () => {
    const org = await newOrg();
    expect((await admin.post(`${org}/model/import`, { files: exampleFiles() })).status).toBe(201);
    const before = (await admin.get(`${org}/model/export`)).text;
    const badScenario = { path: "scenarios/typo.yaml", text: "scenario: typo\nevents:\n  - at: 0\n    fail: pangyo-idcc\n" };
    const edited = exampleFiles()[0].text.replace(/^organization: .*$/m, "organization: Changed");
    const a = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text: edited }, badScenario] });
    expect(a.status).toBe(422);
    expect(a.body.errors[0]).toMatchObject({ code: "unknown-component", file: "scenarios/typo.yaml", line: 4, field: "events[0].fail" });
    expect(a.body.errors[0].hint).toContain("pangyo-idc");
    expect((await admin.get(`${org}/model/export`)).text).toBe(before);
    expect((await admin.get(`${org}/revisions`)).body.total).toBe(1);
    expect((await admin.get(`${org}/scenarios`)).body.items.map((s: { id: string }) => s.id)).toEqual(["pangyo-fire"]);
  });

  it("keeps the scenarios when the files hold none, and refuses a model that breaks them", async () => {
    const org = await newOrg();
    await admin.post(`${org}/model/import`, { files: exampleFiles() });
    const kept = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text: exampleFiles()[0].text.replace(/^description:.*$/m, "description: edited") }] });
    expect(kept.status).toBe(201);
    expect((await admin.get(`${org}/scenarios`)).body.total).toBe(1);
    const tiny = "continuum: 1\ncomponents:\n  - id: only\n    tier: 1\n";
    const broken = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text: tiny }] });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].message).toContain('scenario "pangyo-fire"');
    const replaced = await admin.post(`${org}/model/import`, { files: [{ path: "model.yaml", text: tiny }], scenarios: "replace" });
    expect(replaced.status).toBe(201);
    expect(replaced.body.revision.summary.scenarios.removed).toBe(1);
  });

  it("refuses what cannot be stored or named twice", async () => {
    const org = await newOrg();
    const inf = await admin.post(`${org}/model/import`, { files: [{ path: "m.yaml", text: "continuum: 1\ncomponents:\n  - id: a\n    x-score: .inf\n" }] });
    expect(inf.status).toBe(422);
    expect(inf.body.errors[0]).toMatchObject({ code: "not-finite", file: "m.yaml", line: 4, field: "components[0].x-score" });
    const twice = await admin.post(`${org}/model/import`, { files: [{ path: "m.yaml", text: "continuum: 1" }, { path: "m.yaml", text: "continuum: 1" }] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe("files[1].path");
    expect((await admin.post(`${org}/model/import`, { files: [] })).status).toBe(400);
    expect((await admin.get(`${org}/revisions`)).body.total).toBe(0);
  });

  it("imports a generated 2,000-component model and exports it back exactly", async () => {
    const { generateLayered } = (await import(pathToFileURL(join(ROOT, "bench/generate-layered.mjs")).href)) as { generateLayered: (path: string, p: object) => unknown };
    const dir = mkdtempSync(join(tmpdir(), "continuum-gen-"));
    try {
      const path = join(dir, "model.json");
      generateLayered(path, { components: 2000, sites: 5, seed: 7 });
      const text = readFileSync(path, "utf8");
      const { org, model } = await roundTrip([{ path: "model.json", text }]);
      expect(model.components).toHaveLength(JSON.parse(text).components.length);
      // one component changed: one new row, history of one
      const c = model.components[100];
      const edited = await admin.put(`${org}/components/${c.id}`, { component: { ...c, description: "edited" } });
      expect(edited.body.revision.summary.components).toEqual({ added: 0, removed: 0, changed: 1 });
      const diff = await admin.get(`${org}/revisions/1/diff/2`);
      expect(diff.body.changed.map((x: { id: string }) => x.id)).toEqual([c.id]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
