/**
 * Reading models and scenarios (continuity-model.md, "Durations and money", "Model", "Scenario"):
 * every error the contract lists names the file, the line and the component, with a hint; all
 * errors come at once; cycles are reported as warnings, never rejected; JSON takes the same path.
 * Line numbers below are counted by hand in the inline texts (line 1 = `continuum: 1`).
 */
import { describe, expect, it } from "vitest";
import {
  loadModel,
  loadModelOrThrow,
  loadScenarioOrThrow,
  ModelError,
  parseDuration,
  simulate,
  type Diagnostic,
} from "../src/index.js";

function read(text: string, path = "model.yaml") {
  return loadModel([{ path, text }]);
}

function errors(text: string, path = "model.yaml"): Diagnostic[] {
  const r = read(text, path);
  expect(r.loaded).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === "error");
}

/** The one error at this line (fails if there is none or more than one). */
function at(list: Diagnostic[], line: number): Diagnostic {
  const found = list.filter((d) => d.line === line);
  expect(found, `errors at line ${line}: ${JSON.stringify(list, null, 1)}`).toHaveLength(1);
  return found[0];
}

function expectPlace(d: Diagnostic, file: string, line: number, component: string) {
  expect(d.severity).toBe("error");
  expect(d.file).toBe(file);
  expect(d.line).toBe(line);
  expect(d.component).toBe(component);
  expect(d.message.length).toBeGreaterThan(0);
}

function expectHint(d: Diagnostic) {
  expect(typeof d.hint, `no hint for ${d.code}: ${d.message}`).toBe("string");
  expect(d.hint!.trim().length).toBeGreaterThan(0);
}

describe("model errors name file, line and component, with a hint", () => {
  it("an id that repeats", () => {
    const list = errors(`continuum: 1
components:
  - id: a
  - id: b
  - id: a
`);
    expect(list).toHaveLength(1);
    expectPlace(list[0], "model.yaml", 5, "a");
    expectHint(list[0]);
  });

  it("a dependency, site or group member that names no component", () => {
    const list = errors(`continuum: 1
components:
  - id: authn
  - id: db1
  - id: app
    site: dc1
    dependsOn:
      - auth
      - {group: g, members: [db1, db2]}
`);
    expect(list).toHaveLength(3);
    for (const [line, missing] of [[6, "dc1"], [8, "auth"], [9, "db2"]] as const) {
      const d = at(list, line);
      expectPlace(d, "model.yaml", line, "app");
      expect(d.message).toContain(missing);
      expectHint(d);
    }
  });

  it("a group with fewer members than `need`, or need < 1", () => {
    const list = errors(`continuum: 1
components:
  - id: a
  - id: b
  - id: t
    dependsOn:
      - group: g
        members: [a, b]
        need: 3
      - group: h
        members: [a, b]
        need: 0
`);
    expect(list).toHaveLength(2);
    for (const line of [9, 12]) {
      const d = at(list, line);
      expectPlace(d, "model.yaml", line, "t");
      expectHint(d);
    }
  });

  const badValues = `continuum: 1
components:
  - id: a
    restart: 5x
    rto: "90"
    impact:
      - {from: 1h, perHour: "1,000"}
      - from: -2h
        once: 5
  - id: b
    mtpd: -30
  - id: c
    restart: 1h30m
`;

  it("a duration or money value that does not parse", () => {
    const list = errors(badValues);
    expect(list).toHaveLength(6);
    expectPlace(at(list, 4), "model.yaml", 4, "a"); // 5x
    expectPlace(at(list, 5), "model.yaml", 5, "a"); // "90": a string needs a unit
    expectPlace(at(list, 7), "model.yaml", 7, "a"); // money with a separator
    expectPlace(at(list, 8), "model.yaml", 8, "a"); // negative duration
    expectPlace(at(list, 11), "model.yaml", 11, "b"); // negative minutes
    expectPlace(at(list, 13), "model.yaml", 13, "c"); // two units
    expectHint(at(list, 7));
  });

  it("a duration that does not parse comes with a hint", () => {
    const list = errors(badValues);
    for (const line of [4, 5, 8, 11, 13]) expectHint(at(list, line));
  });

  it("rto > mtpd", () => {
    const list = errors(`continuum: 1
components:
  - id: svc
    mtpd: 1h
    rto: 2h
  - id: ok
    rto: 1h
    mtpd: 1h
`);
    expect(list).toHaveLength(1);
    const d = list[0];
    expect(d.file).toBe("model.yaml");
    expect(d.component).toBe("svc");
    expect(d.line).toBeGreaterThanOrEqual(3);
    expect(d.line).toBeLessThanOrEqual(5);
    expectHint(d);
  });

  it("an unknown key where a typo is likely: dependson, rot", () => {
    const list = errors(`continuum: 1
components:
  - id: a
  - id: b
    dependson: [a]
    rot: 1h
`);
    expect(list).toHaveLength(2);
    const dep = at(list, 5);
    expectPlace(dep, "model.yaml", 5, "b");
    expectHint(dep);
    expect(dep.hint).toContain("dependsOn");
    const rot = at(list, 6);
    expectPlace(rot, "model.yaml", 6, "b");
    expectHint(rot);
    expect(rot.hint).toContain("rto");
  });

  it("an unknown key that is no likely typo is not an error", () => {
    const r = read(`continuum: 1
components:
  - id: a
    tier: 1
    colour: red
    x-team: payments
`);
    expect(r.loaded).toBeDefined();
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reports all errors at once", () => {
    const list = errors(`continuum: 1
components:
  - id: a
    restart: 5x
  - id: a
  - id: b
    dependsOn: [nowhere]
    rot: 1h
  - id: c
    rto: 2h
    mtpd: 1h
    dependsOn:
      - {group: g, members: [a, b], need: 3}
`);
    expect(list.length).toBeGreaterThanOrEqual(6);
    const lines = new Set(list.map((d) => d.line));
    for (const line of [4, 5, 7, 8, 13]) expect(lines.has(line), `an error at line ${line}`).toBe(true);
    expect(list.some((d) => d.component === "c" && d.line! >= 9 && d.line! <= 11)).toBe(true); // rto > mtpd
    for (const d of list) {
      expect(d.file).toBe("model.yaml");
      expect(d.component).toBeDefined();
    }
  });

  it("a model in several files: lists are concatenated and each error names its own file", () => {
    const r = loadModel([
      { path: "models/core.yaml", text: "continuum: 1\ncomponents:\n  - id: x\n  - id: y\n" },
      { path: "models/more.yaml", text: "components:\n  - id: z\n    dependsOn: [nope]\n  - id: x\n" },
    ]);
    expect(r.loaded).toBeUndefined();
    const list = r.diagnostics.filter((d) => d.severity === "error");
    expect(list).toHaveLength(2);
    expectPlace(at(list, 3), "models/more.yaml", 3, "z");
    expectPlace(at(list, 4), "models/more.yaml", 4, "x");

    const ok = loadModelOrThrow([
      { path: "models/core.yaml", text: "continuum: 1\ncomponents:\n  - id: x\n" },
      { path: "models/more.yaml", text: "components:\n  - {id: z, tier: 1, dependsOn: [x]}\n" },
    ]);
    expect(ok.model.components.map((c) => c.id)).toEqual(["x", "z"]);
  });

  it("loadModelOrThrow throws a ModelError carrying every diagnostic", () => {
    let caught: unknown;
    try {
      loadModelOrThrow("continuum: 1\ncomponents:\n  - id: a\n  - id: a\n  - {id: b, dependsOn: [zz]}\n");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ModelError);
    const list = (caught as ModelError).diagnostics.filter((d) => d.severity === "error");
    expect(list.map((d) => d.line).sort()).toEqual([4, 5]);
  });
});

describe("JSON input takes the same path", () => {
  const json = `{
  "continuum": 1,
  "components": [
    {"id": "a"},
    {"id": "b", "dependsOn": ["a", "zz"]},
    {"id": "a"}
  ]
}`;

  it("errors in JSON name the file, line and component", () => {
    const list = errors(json, "model.json");
    expect(list).toHaveLength(2);
    expectPlace(at(list, 5), "model.json", 5, "b");
    expectHint(at(list, 5));
    expectPlace(at(list, 6), "model.json", 6, "a");
    expectHint(at(list, 6));
  });

  it("a JSON model simulates exactly like the same model in YAML", () => {
    const asJson = JSON.stringify({
      continuum: 1,
      components: [
        { id: "s" },
        { id: "a", site: "s", restart: "10m" },
        { id: "t", tier: 1, rto: "1h", impact: [{ from: 0, perHour: 600 }, { from: "2h", once: 1000 }], dependsOn: ["a"] },
      ],
    });
    const asYaml = `continuum: 1
components:
  - {id: s}
  - {id: a, site: s, restart: 10m}
  - id: t
    tier: 1
    rto: 1h
    impact: [{from: 0, perHour: 600}, {from: 2h, once: 1000}]
    dependsOn: [a]
`;
    const j = loadModelOrThrow([{ path: "m.json", text: asJson }]);
    const y = loadModelOrThrow([{ path: "m.yaml", text: asYaml }]);
    const scenarioJson = JSON.stringify({ scenario: "x", horizon: "1d", events: [{ at: 0, fail: "s", for: "10h" }] });
    const rj = simulate(j, loadScenarioOrThrow(j.model, { path: "s.json", text: scenarioJson }));
    const ry = simulate(y, loadScenarioOrThrow(y.model, "scenario: x\nhorizon: 1d\nevents:\n  - {at: 0, fail: s, for: 10h}\n"));
    expect(rj).toStrictEqual(ry);
    // and the values are the contract's: t DOWN [0, 610), 610 min × 10/min + once 1000
    expect(ry.components.t.outages).toEqual([{ start: 0, end: 610 }]);
    expect(ry.components.t.loss).toBeCloseTo(7100, 6);
  });

  // JSON is YAML: the same text behind a YAML comment line goes through the YAML reader, one line lower.
  const asYaml = (json: string) => "# the same text, read as YAML\n" + json;
  const strip = (list: Diagnostic[], shift: number) =>
    list.map((d) => ({ ...d, file: undefined, line: d.line === undefined ? undefined : d.line - shift, hint: d.hint ? "hint" : undefined, message: "" }));

  it("every kind of model error in JSON: the same diagnostics, at the same lines, as through the YAML reader", () => {
    const text = `{
  "continuum": 1,
  "components": [
    {"id": "a", "restart": "5x"},
    {"id": "a"},
    {"id": "b", "dependsOn": ["nowhere"], "rot": "1h"},
    {"id": "c", "rto": "2h", "mtpd": "1h",
     "dependsOn": [{"group": "g", "members": ["a", "b"], "need": 3}]},
    {"id": "d", "impact": [{"from": 0, "perHour": "1,000"}],
     "dependsOn": [{"group": "h", "members": ["a", "b"], "need": 0}], "dependson": ["a"]}
  ]
}`;
    const json = errors(text, "model.json");
    const yaml = errors(asYaml(text), "model.yaml");
    expect(strip(json, 0)).toEqual(strip(yaml, 1));
    const where = json.map((d) => `${d.line}:${d.component}`).sort();
    expect(where).toEqual(["10:d", "10:d", "4:a", "5:a", "6:b", "6:b", "7:c", "8:c", "9:d"].sort());
    for (const d of json) expect(d.file).toBe("model.json");
  });

  it("JSON strings with escapes are the strings they spell", () => {
    const text = `{"continuum": 1, "components": [
  {"id": "\\u0061pp", "name": "The \\"main\\" app\\n", "tier": 1, "dependsOn": ["d\\u0062"]},
  {"id": "db"}
]}`;
    const loaded = loadModelOrThrow([{ path: "m.json", text }]);
    expect(loaded.model.components.map((c) => c.id)).toEqual(["app", "db"]);
    expect(loaded.model.components[0].name).toBe('The "main" app\n');
    expect(loaded.model.components[0].dependsOn).toEqual(["db"]);
    // an escaped spelling of an id that exists is a duplicate
    const dup = errors(`{"continuum": 1, "components": [\n  {"id": "db"},\n  {"id": "\\u0064b"}\n]}`, "m.json");
    expect(dup).toHaveLength(1);
    expectPlace(dup[0], "m.json", 3, "db");
  });

  it("numbers in JSON: exponents and fractions are minutes and money like any number", () => {
    const loaded = loadModelOrThrow([
      { path: "m.json", text: '{"continuum": 1, "components": [{"id": "a", "restart": 1e1, "rto": 2.5e1, "impact": [{"from": 0, "perHour": 1.2e3}]}]}' },
    ]);
    const a = loaded.model.components[0];
    expect([a.restart, a.rto, a.impact[0].perHour]).toEqual([10, 25, 1200]);
  });

  it("JSON syntax errors name the file and line", () => {
    // a missing comma between two list items (lines 4 and 5)
    const list = errors('{\n  "continuum": 1,\n  "components": [\n    {"id": "a"}\n    {"id": "b"}\n  ]\n}', "broken.json");
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list[0].file).toBe("broken.json");
    expect(list[0].line).toBeGreaterThanOrEqual(4);
    expect(list[0].line).toBeLessThanOrEqual(5);
  });

  // Node 20's JSON.parse gives no position for a trailing comma: the reader finds the line itself.
  it("a trailing comma in JSON is reported at its line", () => {
    const list = errors('{\n  "continuum": 1,\n  "components": [\n    {"id": "a"},\n  ]\n}', "broken.json");
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list[0].file).toBe("broken.json");
    expect(list[0].line).toBeGreaterThanOrEqual(4);
    expect(list[0].line).toBeLessThanOrEqual(5);
  });
});

describe("warnings: legal models a continuity manager should look at", () => {
  const warnings = (text: string) => {
    const r = read(text);
    expect(r.loaded, JSON.stringify(r.diagnostics)).toBeDefined();
    return r.loaded!.warnings.filter((d) => d.severity === "warning");
  };

  it("a cycle is valid and reported as a warning", () => {
    const list = warnings(`continuum: 1
components:
  - {id: a, tier: 1, dependsOn: [b]}
  - {id: b, dependsOn: [a]}
`);
    const cycles = list.filter((d) => d.code === "cycle");
    expect(cycles).toHaveLength(1);
    expect(["a", "b"]).toContain(cycles[0].component);
    expect(cycles[0].message).toContain("a");
    expect(cycles[0].message).toContain("b");
    expect(cycles[0].file).toBe("model.yaml");
    expect([3, 4]).toContain(cycles[0].line);
    // a cycle through a redundancy group is a cycle too; an acyclic model has none
    expect(warnings(`continuum: 1
components:
  - {id: a, tier: 1, dependsOn: [{group: g, members: [b, c]}]}
  - {id: b, dependsOn: [a]}
  - {id: c}
`).some((d) => d.code === "cycle")).toBe(true);
    expect(warnings(`continuum: 1
components:
  - {id: a, tier: 1, dependsOn: [b]}
  - {id: b}
`).some((d) => d.code === "cycle")).toBe(false);
  });

  it("a component nothing depends on and without a tier", () => {
    const list = warnings(`continuum: 1
components:
  - {id: used}
  - {id: svc, tier: 1, dependsOn: [used]}
  - {id: lonely}
`);
    const unused = list.filter((d) => d.code === "unused");
    expect(unused.map((d) => d.component)).toEqual(["lonely"]);
    expect(unused[0].line).toBe(5);
    expect(unused[0].file).toBe("model.yaml");
  });

  it("an RTO that the restart chain below cannot meet", () => {
    // after losing `site`, svc needs 30m (db) + 40m (app) = 70m to come back: rto 1h cannot be met,
    // rto 70m can (breach is D > rto).
    const list = warnings(`continuum: 1
components:
  - {id: site}
  - {id: db, site: site, restart: 30m}
  - {id: app, restart: 40m, dependsOn: [db]}
  - {id: svc, tier: 1, rto: 1h, dependsOn: [app]}
  - {id: svc2, tier: 1, rto: 70m, dependsOn: [app]}
`);
    const slow = list.filter((d) => d.code === "rto-unreachable");
    expect(slow.map((d) => d.component)).toEqual(["svc"]);
    expect(slow[0].file).toBe("model.yaml");
    expect(slow[0].line).toBe(6);
  });

  it("warnings can be turned off and never stop a model from loading", () => {
    const text = "continuum: 1\ncomponents:\n  - {id: a, dependsOn: [b]}\n  - {id: b, dependsOn: [a]}\n  - {id: lonely}\n";
    expect(read(text).diagnostics.length).toBeGreaterThan(0);
    expect(loadModel([{ path: "m.yaml", text }], { warnings: false }).loaded!.warnings.filter((d) => d.code === "cycle" || d.code === "unused")).toEqual([]);
  });
});

describe("durations", () => {
  it.each([
    ["90m", 90],
    ["1.5h", 90],
    ["2d", 2880],
    ["1w", 10080],
    ["0", 0],
    [0, 0],
    [45, 45],
    [2.5, 2.5],
    ["PT2H", 120],
    ["PT1H30M", 90],
    ["P1D", 1440],
  ] as const)("%j is %d minutes", (value, minutes) => {
    expect(parseDuration(value)).toEqual({ ok: true, minutes });
  });

  it.each([["90"], [-5], ["-5m"], ["5x"], [""], ["m"], ["1h30m"], ["1.5.2h"], [null], [true], [[1]]] as const)("rejects %j", (value) => {
    const r = parseDuration(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });

  it("a plain number in YAML is minutes; the same number quoted is rejected", () => {
    expect(loadModelOrThrow("continuum: 1\ncomponents:\n  - {id: a, restart: 90}\n").model.components[0].restart).toBe(90);
    const list = errors('continuum: 1\ncomponents:\n  - {id: a, restart: "90"}\n');
    expect(list).toHaveLength(1);
    expectPlace(list[0], "model.yaml", 3, "a");
  });
});

describe("scenarios", () => {
  const m = loadModelOrThrow("continuum: 1\ncomponents:\n  - {id: site}\n  - {id: app, site: site}\n");

  const scenarioErrors = (text: string) => {
    try {
      loadScenarioOrThrow(m.model, text);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return (e as ModelError).diagnostics.filter((d) => d.severity === "error");
    }
    throw new Error("expected the scenario to be rejected");
  };

  it("reads durations, a missing `for` (not repaired) and a default horizon of 30 days", () => {
    const s = loadScenarioOrThrow(m.model, "scenario: fire\nevents:\n  - {at: 1.5h, fail: site}\n  - {at: 0, fail: app, for: PT2H}\n");
    expect(s.scenario).toBe("fire");
    expect(s.horizon).toBe(43200);
    expect(s.events).toEqual([
      { at: 90, fail: "site", for: Infinity },
      { at: 0, fail: "app", for: 120 },
    ]);
  });

  it("reports every bad event at once, each at its line", () => {
    const list = scenarioErrors(`scenario: bad
horizon: 1d
events:
  - {at: 0, fail: sitee, for: 1h}
  - {at: 0, fail: site, for: "90"}
  - {at: -5m, fail: site, for: 1h}
`);
    expect(list).toHaveLength(3);
    for (const line of [4, 5, 6]) expect(list.filter((d) => d.line === line && d.file === "scenario.yaml")).toHaveLength(1);
    expect(list.find((d) => d.line === 4)!.hint).toContain("site");
  });
});
