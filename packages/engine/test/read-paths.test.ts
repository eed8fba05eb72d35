/**
 * One reader, several paths: the same cases, written as YAML and as JSON, go through every way
 * the model reader reads a file (the general reader over parsed values; the JSON fast path
 * straight from the text) and must give the same messages (code, message, hint, component,
 * field), each with a line. Each case says which path its JSON takes, and the test asserts it,
 * so a change that quietly sends JSON down the slow path (or lets the fast path skip a message)
 * fails here.
 */
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { readModel, type Diagnostic, type ReadPath } from "../src/index.js";

interface Case {
  name: string;
  model: Record<string, unknown>;
  /** the path the JSON text takes */
  json: ReadPath;
  /** codes expected (sorted), to keep each case honest about what it exercises */
  codes: string[];
}

const comps = (...list: Array<Record<string, unknown>>) => ({ continuum: 1, components: list });

const CASES: Case[] = [
  { name: "a valid model", model: comps({ id: "site" , kind: "site" }, { id: "app", site: "site", rto: "1h", mtpd: "4h", tier: 1 }), json: "json-fast", codes: [] },
  { name: "an unknown key (a warning)", model: comps({ id: "app", colour: "blue" }), json: "json-fast", codes: ["unknown-key"] },
  { name: "a kind that looks like a typo (a warning)", model: comps({ id: "db", kind: "databse" }), json: "json-fast", codes: ["unknown-kind"] },
  { name: "warnings on several components", model: comps({ id: "a", colour: 1 }, { id: "b", kind: "aplication" }, { id: "c", shade: 2, kind: "netwrok" }), json: "json-fast", codes: ["unknown-key", "unknown-key", "unknown-kind", "unknown-kind"] },
  { name: "x- fields", model: comps({ id: "a", "x-cost": 3, impact: [{ from: 0, perHour: 5, "x-src": "f" }] }), json: "json-fast", codes: [] },
  { name: "a dependency on no component", model: comps({ id: "app", dependsOn: ["dbb"] }, { id: "db" }), json: "json-fast", codes: ["unknown-component"] },
  { name: "an id used twice", model: comps({ id: "a" }, { id: "a" }), json: "json-fast", codes: ["duplicate-id"] },
  { name: "a plan step after no step", model: { ...comps({ id: "a" }), plans: [{ id: "p", steps: [{ id: "s", duration: "1h", after: ["t"] }] }] }, json: "json-fast", codes: ["unknown-step"] },
  { name: "rto over mtpd (a rule of the declarations)", model: comps({ id: "a", rto: "5h", mtpd: "4h" }), json: "general", codes: ["rto-over-mtpd"] },
  { name: "a mistyped key (an error)", model: comps({ id: "a", rot: "4h" }), json: "general", codes: ["unknown-key"] },
  { name: "a duration without a unit", model: comps({ id: "a", restart: "10" }), json: "general", codes: ["bad-duration"] },
  { name: "a group that needs more members than it has", model: comps({ id: "a", dependsOn: [{ members: ["b"], need: 2 }] }, { id: "b" }), json: "general", codes: ["bad-need"] },
  { name: "an id with capitals", model: comps({ id: "App" }), json: "general", codes: ["bad-id"] },
  { name: "capacity and units (read by the general reader)", model: { ...comps({ id: "dba", kind: "team", capacity: 2 }), plans: [{ id: "p", priority: 1, steps: [{ id: "s", duration: "1h", needs: [{ id: "dba", units: 3 }] }] }] }, json: "general", codes: ["units-over-capacity"] },
  { name: "units on a component without a capacity, a need named twice", model: { ...comps({ id: "db" }), plans: [{ id: "p", steps: [{ id: "s", duration: "1h", needs: ["db", { id: "db", units: 1 }] }] }] }, json: "json-fast", codes: ["duplicate-need", "units-without-capacity"] },
];

// a hint may name another place ("the first is at model.yaml:3"): the file and line differ by format
const placeless = (s: string | undefined) => s?.replace(/model\.(yaml|json):\d+/g, "FILE:LINE");
const comparable = (d: Diagnostic) => ({ severity: d.severity, code: d.code, message: d.message, hint: placeless(d.hint), component: d.component, field: d.field });

describe("the same cases through every read path", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const yaml = readModel([{ path: "model.yaml", text: stringify(c.model) }]);
    const json = readModel([{ path: "model.json", text: JSON.stringify(c.model, null, 2) }]);
    expect(yaml.paths).toEqual(["general"]);
    expect(json.paths).toEqual([c.json]);
    expect(yaml.diagnostics.map((d) => d.code).sort()).toEqual(c.codes);
    expect(json.diagnostics.map(comparable)).toEqual(yaml.diagnostics.map(comparable));
    for (const d of [...yaml.diagnostics, ...json.diagnostics]) expect(d.line, `${d.file}: ${d.message}`).toBeGreaterThan(0);
    expect(Boolean(json.model)).toBe(Boolean(yaml.model));
    if (json.model && yaml.model) expect(JSON.parse(JSON.stringify(json.model.components))).toEqual(JSON.parse(JSON.stringify(yaml.model.components)));
  });

  it("points a fast-path warning at the line of its key in the JSON text", () => {
    const text = JSON.stringify(comps({ id: "a" }, { id: "b", colour: "blue" }), null, 2);
    const { diagnostics, paths } = readModel([{ path: "model.json", text }]);
    expect(paths).toEqual(["json-fast"]);
    const line = text.split("\n").findIndex((l) => l.includes('"colour"')) + 1;
    expect(diagnostics).toMatchObject([{ code: "unknown-key", component: "b", line, field: "components[1].colour" }]);
  });
});
