/**
 * The format declared once (src/model/schema.ts): the published JSON Schema is what the
 * declarations make, a real JSON-Schema validator (ajv) accepts every example model and scenario
 * and rejects what the reader rejects, and the readers accept exactly the declared keys.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { declaredMappings, keysOf, loadModel, modelJsonSchema, readModel, readRisks, sectionSchemas, COMPONENT_FORMAT, PLAN_FORMAT, STEP_FORMAT, type ModelFile } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const SCHEMA_FILE = join(root, "packages/engine/schema/continuum.schema.json");
const CASES = resolve(process.env.CONTINUUM_SPEC_CASES ?? join(root, "../shared/spec/cases"));

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
const valid = (doc: unknown) => {
  const ok = validate(doc);
  return ok ? true : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join("; ");
};

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (entry.name.endsWith(".yaml")) out.push(full);
  }
  return out.sort();
}

describe("the published JSON Schema", () => {
  it("is the one the declarations make (run `npm run schema -w @continuum/engine` after changing them)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(JSON.stringify(modelJsonSchema(), null, 2) + "\n");
  });

  // Backstage catalogs in examples/backstage are input to `continuum import backstage`, not models
  const examples = yamlFiles(join(root, "examples")).filter((f) => !/^apiVersion: backstage\.io\//m.test(readFileSync(f, "utf8")));
  it("finds the example models and scenarios", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });
  it.each(examples.map((f) => [f.slice(root.length + 1), f]))("accepts %s", (_name, file) => {
    expect(valid(parse(readFileSync(file, "utf8")))).toBe(true);
  });

  describe.skipIf(!existsSync(CASES))(`the public cases${existsSync(CASES) ? "" : ` — SKIPPED: not at ${CASES} (set CONTINUUM_SPEC_CASES)`}`, () => {
    const cases = existsSync(CASES) ? yamlFiles(CASES) : [];
    it.each(cases.map((f) => [f.slice(CASES.length + 1), f]))("accepts %s", (_name, file) => {
      expect(valid(parse(readFileSync(file, "utf8")))).toBe(true);
    });
  });

  const base = { continuum: 1, components: [{ id: "a", rto: "4h" }] };
  const bad: Array<[string, unknown]> = [
    ["a mistyped component key", { continuum: 1, components: [{ id: "a", rot: "4h" }] }],
    ["tier 0", { continuum: 1, components: [{ id: "a", tier: 0 }] }],
    ["a duration without a unit", { continuum: 1, components: [{ id: "a", rto: "10" }] }],
    ["an id with capitals", { continuum: 1, components: [{ id: "App" }] }],
    ["a lowercase currency", { continuum: 1, currency: "krw", components: [] }],
    ["a group without members", { continuum: 1, components: [{ id: "a", dependsOn: [{ group: "g" }] }] }],
    ["a capacity of 0", { continuum: 1, components: [{ id: "a", capacity: 0 }] }],
    ["units of 0", { continuum: 1, components: [{ id: "a", capacity: 2 }], plans: [{ id: "p", steps: [{ id: "s", duration: "1h", needs: [{ id: "a", units: 0 }] }] }] }],
    ["a step without a duration", { continuum: 1, components: [{ id: "a" }], plans: [{ id: "p", steps: [{ id: "s" }] }] }],
    ["an unknown threat", { continuum: 1, components: [{ id: "a" }], risks: [{ id: "r", threat: "meteor", frequency: 1, loss: 5 }] }],
    ["a scenario event key typo", { scenario: "s", events: [{ at: 0, fial: "a" }] }],
  ];
  it("accepts a minimal model, x- fields, capacity, units and priority", () => {
    expect(valid(base)).toBe(true);
    expect(valid({ ...base, "x-team": "ops", components: [{ id: "a", "x-cost-centre": 12 }] })).toBe(true);
    expect(valid({ continuum: 1, components: [{ id: "dba", kind: "team", capacity: 2 }], plans: [{ id: "p", priority: 1, steps: [{ id: "s", duration: "2h", needs: [{ id: "dba", units: 2 }, "dba"] }] }] })).toBe(true);
  });
  it.each(bad)("rejects %s, as the reader does", (_what, doc) => {
    expect(valid(doc)).not.toBe(true);
    const files = [{ path: "m.json", text: JSON.stringify(doc) }];
    if ("scenario" in (doc as object)) return; // read against a model: see reading.test.ts
    const reading = readModel(files);
    const risks = reading.model ? readRisks(reading.model, files).diagnostics : [];
    expect([...reading.diagnostics, ...risks].filter((d) => d.severity === "error" || d.code === "unknown-key").length).toBeGreaterThan(0);
  });
});

describe("the readers and the declarations agree", () => {
  it("every declared component, plan and step field is read without an unknown-key message", () => {
    const component: Record<string, unknown> = { id: "a", name: "A", kind: "application", site: "s", restart: "5m", standby: false, tier: 1, rto: "1h", rpo: "5m", mtpd: "4h", mbco: "half", impact: [{ from: 0, perHour: 10, once: 5, category: "financial", note: "n" }], dependsOn: ["s", { group: "g", members: ["s"], need: 1, mode: "active-active" }], owner: "o", description: "d", tags: ["t"], labels: {}, annotations: {}, links: [], notes: "n", location: "l", capacity: 2, members: ["s", { id: "s", role: "lead" }], alternates: ["s"] };
    expect(Object.keys(component).sort()).toEqual([...keysOf(COMPONENT_FORMAT)].sort());
    const step: Record<string, unknown> = { id: "st", name: "S", duration: "1h", after: [], needs: [{ id: "a", units: 2 }], does: { start: [], switch: [], repair: ["s"] }, owner: "a", description: "d" };
    expect(Object.keys(step).sort()).toEqual([...keysOf(STEP_FORMAT)].sort());
    const plan: Record<string, unknown> = { id: "p", name: "P", kind: "disaster-recovery", owner: "o", covers: ["a"], activation: { when: ["s"], after: "5m" }, steps: [step], description: "d", priority: 1,
      purpose: "p", scope: "s", activationCriteria: ["site lost"], roles: { commander: "a", deputy: "s", teams: [{ team: "a", role: "r", alternates: ["s"] }] }, resources: ["s"],
      interdependencies: "i", communications: [{ audience: "staff", channel: "sms", when: "at once", by: "a" }], standDown: "s", returnToNormal: [{ id: "r", owner: "a", duration: "1h" }] };
    expect(Object.keys(plan).sort()).toEqual([...keysOf(PLAN_FORMAT)].sort());
    const file = { continuum: 1, components: [component, { id: "s", kind: "site" }], plans: [plan] } satisfies ModelFile;
    const { diagnostics, loaded } = loadModel([{ path: "m.yaml", text: JSON.stringify(file) }], { warnings: false });
    expect(diagnostics).toEqual([]);
    expect(valid(file)).toBe(true);
    expect(loaded!.model.components[0].capacity).toBe(2);
    expect(loaded!.model.plans[0].priority).toBe(1);
    expect(loaded!.model.plans[0].steps[0]).toMatchObject({ needs: ["a"], units: { a: 2 } });
    expect(loaded!.model.components[0].members).toEqual([{ id: "s" }, { id: "s", role: "lead" }]);
    expect(loaded!.model.plans[0].document.roles).toEqual(plan.roles);
  });

  it("plan documents, team members and exercises name what exists, with file, line and field", () => {
    const text = [
      "continuum: 1",
      "components: [{id: s, kind: site}, {id: ops, kind: team, capacity: 1, members: [{id: kim, role: lead}]}, {id: kim, kind: person}]",
      "plans:",
      "  - id: p",
      "    roles: {commander: kimm, teams: [{team: ops}]}",
      "    steps: [{id: a, duration: 1h, owner: opps}]",
      "exercises:",
      "  - {id: e1, type: tabletop, plans: [p, q], participants: [ops]}",
      "  - {id: e2, type: table-top}",
    ].join("\n");
    const { diagnostics } = readModel([{ path: "m.yaml", text }]);
    expect(diagnostics).toMatchObject([
      { code: "unknown-component", file: "m.yaml", line: 5, field: "plans[0].roles.commander", severity: "error" },
      { code: "unknown-owner", line: 6, field: "plans[0].steps[0].owner", severity: "warning" },
      { code: "unknown-plan", line: 8, field: "exercises[0].plans[1]", severity: "error" },
      { code: "bad-value", line: 9, field: "exercises[1].type", severity: "error" },
    ]);
  });

  it("section bodies for OpenAPI are written out in place (no $ref), one per section", () => {
    const sections = sectionSchemas();
    expect(Object.keys(sections)).toEqual(expect.arrayContaining(["model", "component", "plan", "scenario", "risk", "insurancePolicy", "riskAppetite", "riskMatrix"]));
    for (const [name, schema] of Object.entries(sections)) {
      expect(JSON.stringify(schema), name).not.toContain("$ref");
      expect(ajv.validateSchema(schema), name).toBe(true);
    }
    const component = ajv.compile(sections.component);
    expect(component({ id: "a", rto: "4h" })).toBe(true);
    expect(component({ id: "a", rot: "4h" })).toBe(false);
  });

  it("declares the reserved sections (teams, contacts, exercises, checks, reviews), kept as written", () => {
    const names = [...declaredMappings().keys()];
    expect(names).toEqual(expect.arrayContaining(["Team", "Contact", "Exercise", "Check", "Review"]));
    const { loaded } = loadModel([{ path: "m.yaml", text: "continuum: 1\ncomponents: [{id: a}]\nteams: [{id: ops, members: [kim]}]\n" }], { warnings: false });
    expect(loaded!.model.extra.teams).toEqual([{ id: "ops", members: ["kim"] }]);
  });
});

describe("reserved sections through the section kit", () => {
  it("keeps a list or one mapping as written; ids, where given, are ids and unique", () => {
    const read = (text: string) => readModel([{ path: "m.yaml", text: `continuum: 1\ncomponents: [{id: a}]\n${text}\n` }]);
    expect(read("contacts: {id: kim, phone: '010'}").model!.extra.contacts).toEqual([{ id: "kim", phone: "010" }]);
    expect(read("reviews: [{name: board}, {id: r-2025}]").diagnostics).toEqual([]);
    const twice = read("teams:\n  - {id: ops}\n  - {id: ops}");
    expect(twice.diagnostics).toMatchObject([{ code: "duplicate-id", line: 5, field: "teams[1].id", message: 'team id "ops" is used twice' }]);
    expect(read("contacts: [{id: Weekly}]").diagnostics).toMatchObject([{ code: "bad-id", field: "contacts[0].id" }]);
    expect(read("reviews: 3").diagnostics).toMatchObject([{ code: "bad-type", message: "reviews must be a list, got 3" }]);
  });
});
