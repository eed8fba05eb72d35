/**
 * One reader, several ways in: the same cases, written as YAML and as JSON, must give the same
 * messages (code, message, hint, component, field), each placed where its value is. The model has
 * one grammar (read-model.ts over the section kit); what differs is how text becomes values: JSON
 * through the lazy tape (json-tape.ts), YAML through the YAML parser, and JSON the tape refuses
 * through JSON.parse. Each reading reports its path and the test asserts it, so a change that
 * quietly sends JSON another way (or lets a path skip a message) fails here.
 *
 * Positions are compared exactly by reading the very JSON text as YAML too (YAML is a superset of
 * JSON): with a comment line in front, the YAML parser reads it, and every message must sit one
 * line lower at the same column.
 */
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { readModel, type Diagnostic } from "../src/index.js";

interface Case {
  name: string;
  model: Record<string, unknown>;
  /** codes expected (sorted), to keep each case honest about what it exercises */
  codes: string[];
}

const comps = (...list: Array<Record<string, unknown>>) => ({ continuum: 1, components: list });

/** A component with every field of the format, durations written every way the format allows. */
const EVERY_FIELD = {
  id: "orders",
  name: "Orders",
  kind: "application",
  owner: "team-orders",
  description: "takes orders",
  mbco: "80% of orders",
  notes: "reviewed 2026",
  location: "rack 4",
  site: "pangyo",
  restart: 30,
  rto: "4h",
  rpo: "PT15M",
  mtpd: "1d",
  tier: 1,
  standby: false,
  tags: ["web", "core"],
  labels: { team: "orders" },
  annotations: { "backstage.io/source": "x" },
  links: [{ url: "https://example.com" }],
  impact: [
    { from: 0, perHour: 1000, category: "revenue", note: "lost sales", "x-source": "finance" },
    { from: "2h", once: 50000, category: "regulatory" },
  ],
  dependsOn: [
    "db",
    { group: "app-pool", members: ["vm-1", "vm-2"], need: 1, mode: "active-active", "x-pool": true },
    { group: "dr", members: ["db", "db-dr"], mode: "active-passive", failover: "15m" },
    { group: "manual-dr", members: ["db", "db-dr"], mode: "active-passive", failover: "manual" },
  ],
  "x-cost-centre": 42,
};
const SUPPORT = [{ id: "pangyo", kind: "site" }, { id: "db", kind: "database" }, { id: "db-dr", kind: "database", standby: true }, { id: "vm-1" }, { id: "vm-2" }];

const CASES: Case[] = [
  { name: "a valid model", model: comps({ id: "site", kind: "site" }, { id: "app", site: "site", rto: "1h", mtpd: "4h", tier: 1 }), codes: [] },
  { name: "every field of a component, x- fields, durations as text, ISO and numbers", model: comps(EVERY_FIELD, ...SUPPORT), codes: [] },
  {
    name: "teams: capacity, members, alternates, and a plan that needs them",
    model: {
      continuum: 1,
      organization: "Acme",
      currency: "USD",
      description: "a model",
      components: [{ id: "kim", kind: "person" }, { id: "lee", kind: "person" }, { id: "dba", kind: "team", capacity: 2, members: ["kim", { id: "lee", role: "lead" }], alternates: ["kim"] }, { id: "db" }],
      plans: [{ id: "p", kind: "disaster-recovery", covers: ["db"], activation: { when: ["db"], after: "5m" }, priority: 1, steps: [{ id: "s", duration: "1h", owner: "dba", needs: [{ id: "dba", units: 2 }], does: { repair: ["db"] } }] }],
    },
    codes: [],
  },
  { name: "an unknown key (a warning)", model: comps({ id: "app", colour: "blue" }), codes: ["unknown-key"] },
  { name: "a kind that looks like a typo (a warning)", model: comps({ id: "db", kind: "databse" }), codes: ["unknown-kind"] },
  { name: "warnings on several components", model: comps({ id: "a", colour: 1 }, { id: "b", kind: "aplication" }, { id: "c", shade: 2, kind: "netwrok" }), codes: ["unknown-key", "unknown-key", "unknown-kind", "unknown-kind"] },
  { name: "x- fields everywhere", model: comps({ id: "a", "x-cost": 3, impact: [{ from: 0, perHour: 5, "x-src": "f" }] }), codes: [] },
  { name: "a dependency on no component", model: comps({ id: "app", dependsOn: ["dbb"] }, { id: "db" }), codes: ["unknown-component"] },
  { name: "a group member and a site that name nothing", model: comps({ id: "app", site: "nowhere", dependsOn: [{ members: ["db", "dbx"] }] }, { id: "db" }), codes: ["unknown-component", "unknown-component"] },
  { name: "an id used twice", model: comps({ id: "a" }, { id: "a" }), codes: ["duplicate-id"] },
  { name: "a plan step after no step", model: { ...comps({ id: "a" }), plans: [{ id: "p", steps: [{ id: "s", duration: "1h", after: ["t"] }] }] }, codes: ["unknown-step"] },
  { name: "rto over mtpd (a rule of the declarations)", model: comps({ id: "a", rto: "5h", mtpd: "4h" }), codes: ["rto-over-mtpd"] },
  { name: "a mistyped key (an error)", model: comps({ id: "a", rot: "4h" }), codes: ["unknown-key"] },
  { name: "a duration without a unit, a bad tier, a bad standby", model: comps({ id: "a", restart: "10", tier: 0, standby: "yes" }), codes: ["bad-duration", "bad-tier", "bad-type"] },
  { name: "a group that needs more members than it has", model: comps({ id: "a", dependsOn: [{ members: ["b"], need: 2 }] }, { id: "b" }), codes: ["bad-need"] },
  { name: "bad groups: a mode misspelt, failover on active-active, a member twice", model: comps({ id: "a", dependsOn: [{ members: ["b"], mode: "active-pasive" }, { members: ["b", "c"], failover: "5m" }, { members: ["b", "b"] }] }, { id: "b" }, { id: "c" }), codes: ["bad-group", "bad-group", "bad-mode"] },
  { name: "an id with capitals, a component without id", model: comps({ id: "App" }, { name: "no id" }), codes: ["bad-id", "missing-id"] },
  { name: "bad impact entries", model: comps({ id: "a", impact: [{ from: "2x", perHour: 1 }, { from: 0 }, { from: 0, perHour: -5 }, { from: 0, once: "1,000" }] }), codes: ["bad-duration", "bad-money", "bad-money", "empty-impact"] },
  { name: "capacity and units", model: { ...comps({ id: "dba", kind: "team", capacity: 2 }), plans: [{ id: "p", priority: 1, steps: [{ id: "s", duration: "1h", needs: [{ id: "dba", units: 3 }] }] }] }, codes: ["units-over-capacity"] },
  { name: "units on a component without a capacity, a need named twice", model: { ...comps({ id: "db" }), plans: [{ id: "p", steps: [{ id: "s", duration: "1h", needs: ["db", { id: "db", units: 1 }] }] }] }, codes: ["duplicate-need", "units-without-capacity"] },
  { name: "an unknown top-level section and a bad version", model: { continuum: 2, components: [{ id: "a" }], componets: [] }, codes: ["bad-version", "unknown-key"] },
];

// a hint may name another place ("the first is at model.yaml:3"): the file and line differ by format
const placeless = (s: string | undefined) => s?.replace(/model\.(yaml|json):\d+/g, "FILE:LINE");
const comparable = (d: Diagnostic) => ({ severity: d.severity, code: d.code, message: d.message, hint: placeless(d.hint), component: d.component, field: d.field });
const placed = (d: Diagnostic, lineShift = 0) => ({ ...comparable(d), line: d.line === undefined ? undefined : d.line + lineShift, column: d.column });

describe("the same cases through every way in", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const yaml = readModel([{ path: "model.yaml", text: stringify(c.model) }]);
    const jsonText = JSON.stringify(c.model, null, 2);
    const json = readModel([{ path: "model.json", text: jsonText }]);
    const jsonAsYaml = readModel([{ path: "model.yaml", text: `# the JSON text, read by the YAML parser\n${jsonText}` }]);
    expect(yaml.paths).toEqual(["yaml"]);
    expect(json.paths).toEqual(["json-tape"]);
    expect(jsonAsYaml.paths).toEqual(["yaml"]);
    expect(yaml.diagnostics.map((d) => d.code).sort()).toEqual(c.codes);
    expect(json.diagnostics.map(comparable)).toEqual(yaml.diagnostics.map(comparable));
    // the same text: the same lines (one lower for the comment) and columns
    expect(jsonAsYaml.diagnostics.map((d) => placed(d, -1))).toEqual(json.diagnostics.map((d) => placed(d)));
    for (const d of [...yaml.diagnostics, ...json.diagnostics]) {
      if (d.code === "too-many" || d.code === "missing-version") continue;
      expect(d.line, `${d.file}: ${d.message}`).toBeGreaterThan(0);
      expect(d.column, `${d.file}: ${d.message}`).toBeGreaterThan(0);
    }
    for (const d of json.diagnostics) expect(d.file).toBe("model.json");
    expect(Boolean(json.model)).toBe(Boolean(yaml.model));
    if (json.model && yaml.model) {
      expect(JSON.parse(JSON.stringify(json.model.components))).toEqual(JSON.parse(JSON.stringify(yaml.model.components)));
      expect(JSON.parse(JSON.stringify(json.model.plans))).toEqual(JSON.parse(JSON.stringify(yaml.model.plans)));
    }
  });

  it("reads every field of a component into the model the same way from JSON and YAML", () => {
    const json = readModel([{ path: "model.json", text: JSON.stringify(comps(EVERY_FIELD, ...SUPPORT)) }]);
    expect(json.paths).toEqual(["json-tape"]);
    const orders = json.model!.components[0];
    expect(orders).toMatchObject({ id: "orders", name: "Orders", kind: "application", owner: "team-orders", mbco: "80% of orders", site: "pangyo", restart: 30, rto: 240, rpo: 15, mtpd: 1440, tier: 1, tags: ["web", "core"] });
    expect(orders.impact).toEqual([{ from: 0, perHour: 1000, category: "revenue" }, { from: 120, once: 50000, category: "regulatory" }]);
    expect(orders.dependsOn).toEqual([
      "db",
      { members: ["vm-1", "vm-2"], need: 1, mode: "active-active", failover: 0, group: "app-pool" },
      { members: ["db", "db-dr"], need: 1, mode: "active-passive", failover: 15, group: "dr" },
      { members: ["db", "db-dr"], need: 1, mode: "active-passive", failover: "manual", group: "manual-dr" },
    ]);
  });

  it("points a warning at the line and column of its key in the JSON text", () => {
    const text = JSON.stringify(comps({ id: "a" }, { id: "b", colour: "blue" }), null, 2);
    const { diagnostics, paths } = readModel([{ path: "model.json", text }]);
    expect(paths).toEqual(["json-tape"]);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"colour"')) + 1;
    expect(diagnostics).toMatchObject([{ code: "unknown-key", component: "b", line, column: lines[line - 1].indexOf('"colour"') + 1, field: "components[1].colour" }]);
  });

  it("keeps a model with warnings on the tape, many components or few", () => {
    const list = Array.from({ length: 3000 }, (_, i) => (i % 100 === 7 ? { id: `c${i}`, colour: "red" } : i % 1000 === 9 ? { id: `c${i}`, kind: "databse" } : { id: `c${i}`, dependsOn: i ? [`c${i - 1}`] : [] }));
    const r = readModel([{ path: "big.json", text: JSON.stringify(comps(...list)) }]);
    expect(r.paths).toEqual(["json-tape"]);
    expect(r.model?.components).toHaveLength(3000);
    expect(r.diagnostics.filter((d) => d.code === "unknown-key")).toHaveLength(30);
    expect(r.diagnostics.filter((d) => d.code === "unknown-kind")).toHaveLength(3);
  });
});

describe("JSON the tape refuses goes through JSON.parse, which says why", () => {
  it.each([
    ["a syntax error in a component", '{"continuum": 1, "components": [{"id": "a"}, {"id": tru}]}', "syntax"],
    ["a key given twice in a component", '{"continuum": 1, "components": [{"id": "a", "id": "b"}]}', "duplicate-key"],
    ["a key given twice at the top", '{"continuum": 1, "continuum": 1, "components": []}', "duplicate-key"],
    ["a number beyond what can be stored", '{"continuum": 1, "components": [{"id": "a", "tier": 1e999}]}', "not-finite"],
    ["a NUL character in an id", '{"continuum": 1, "components": [{"id": "a\\u0000"}]}', "nul-character"],
    ["text after the document", '{"continuum": 1, "components": []} x', "syntax"],
  ])("%s", (_name, text, code) => {
    const r = readModel([{ path: "model.json", text }]);
    expect(r.paths).toEqual(["json"]);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    for (const d of r.diagnostics) expect(d.line).toBeGreaterThan(0);
  });

  it("nesting deeper than the guard allows", () => {
    const deep = `${"[".repeat(70)}${"]".repeat(70)}`;
    const r = readModel([{ path: "model.json", text: `{"continuum": 1, "components": [{"id": "a", "x-deep": ${deep}}]}` }]);
    expect(r.paths).toEqual(["json"]);
    expect(r.diagnostics.map((d) => d.code)).toContain("too-deep");
  });

  it("JSON-looking text in a .yaml file that is YAML flow style goes to the YAML parser", () => {
    const r = readModel([{ path: "model.yaml", text: "{continuum: 1, components: [{id: a}]}" }]);
    expect(r.paths).toEqual(["yaml"]);
    expect(r.model?.components.map((c) => c.id)).toEqual(["a"]);
  });
});
