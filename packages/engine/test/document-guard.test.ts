/**
 * The rules every document meets before its meaning is read (src/model/document-guard.ts), stated
 * through the public load API so that they keep holding whichever reader reads the model: numbers
 * are finite in every section and format, no key appears twice (JSON as YAML), no NUL character,
 * nesting and alias expansion are bounded. Each is refused with file, line and field.
 */
import { describe, expect, it } from "vitest";
import { DOCUMENT_LIMITS, loadModel, parseSource, readScenario, type Diagnostic } from "../src/index.js";

const HEAD = `continuum: 1
components:
  - id: site-a
    kind: site
  - id: talk
    kind: business-service
    site: site-a
    impact:
      - {from: 0, perHour: 1000000}
`; // 9 lines

function errorsOf(path: string, text: string): Diagnostic[] {
  const { loaded, diagnostics } = loadModel([{ path, text }], { warnings: false });
  expect(loaded, "the model must be refused").toBeUndefined();
  return diagnostics.filter((d) => d.severity === "error");
}

function expectOne(list: Diagnostic[], code: string, where: { file: string; line: number; field?: string }) {
  const found = list.filter((d) => d.code === code);
  expect(found, JSON.stringify(list, null, 1)).toHaveLength(1);
  expect(found[0]).toMatchObject(where);
  expect(found[0].hint).toBeTruthy();
}

/** The same model in JSON: every value and key as the YAML above, with `extra` top-level sections. */
function jsonModel(extra: string, component = ""): string {
  return `{
  "continuum": 1,
  "components": [
    {"id": "site-a", "kind": "site"},
    {"id": "talk", "kind": "business-service", "site": "site-a"${component}}
  ]${extra}
}
`;
}

describe("non-finite numbers are refused in every section and format", () => {
  const sections: Array<[string, string, number, string]> = [
    ["a component", "  - id: db\n    kind: database\n    rto: .inf\n", 12, "components[2].rto"],
    ["an impact", "  - id: app\n    kind: application\n    impact:\n      - {from: 0, perHour: .inf}\n", 13, "components[2].impact[0].perHour"],
    ["a risk frequency", "risks:\n  - id: fire\n    threat: fire\n    frequency: .inf\n    strikes: [site-a]\n    duration: {p50: 1h, p90: 4h}\n", 13, "risks[0].frequency"],
    ["an insurance limit", "insurance:\n  - id: bi\n    covers: [x]\n    limit: -.inf\n", 13, "insurance[0].limit"],
    ["the risk matrix", "riskMatrix:\n  likelihood:\n    - {id: rare, upTo: .nan}\n", 12, "riskMatrix.likelihood[0].upTo"],
    ["an extra section", "riskAppetite:\n  - id: a\n    maxLoss: 1e999\n", 12, "riskAppetite[0].maxLoss"],
  ];
  for (const [name, text, line, field] of sections) {
    it(`YAML: ${name}`, () => {
      const body = text.startsWith("  ") ? HEAD + text : HEAD + text;
      expectOne(errorsOf("model.yaml", body), "not-finite", { file: "model.yaml", line, field });
    });
  }

  it("JSON: a number too large to be finite (1e999), in a component and in a section", () => {
    const inComponent = errorsOf("model.json", jsonModel("", `, "rto": 1e999`));
    expectOne(inComponent, "not-finite", { file: "model.json", line: 5, field: "components[1].rto" });
    const inRisks = errorsOf("model.json", jsonModel(`,\n  "insurance": [{"id": "bi", "covers": ["x"], "limit": -1e400}]`));
    expectOne(inRisks, "not-finite", { file: "model.json", line: 7, field: "insurance[0].limit" });
  });

  it("a scenario", () => {
    const model = loadModel([{ path: "model.yaml", text: HEAD }]).loaded!.model;
    const r = readScenario({ path: "drill.yaml", text: "scenario: drill\nevents:\n  - {at: 0, fail: site-a, for: .inf}\n" }, model);
    expect(r.scenario).toBeUndefined();
    expectOne(r.diagnostics, "not-finite", { file: "drill.yaml", line: 3, field: "events[0].for" });
  });
});

describe("a key given twice is refused in JSON as in YAML", () => {
  it("in a component (keys the JSON tape reads)", () => {
    expectOne(errorsOf("model.json", jsonModel("", `, "rto": "1h", "rto": "2h"`)), "duplicate-key", { file: "model.json", line: 5, field: "components[1].rto" });
  });
  it("in an extension field of a component", () => {
    expectOne(errorsOf("model.json", jsonModel("", `, "x-a": 1, "x-a": 2`)), "duplicate-key", { file: "model.json", line: 5, field: "components[1].x-a" });
  });
  it("at the top and in a section", () => {
    const top = errorsOf("model.json", `{"continuum": 1,\n "components": [{"id": "a", "kind": "site"}],\n "continuum": 1}`);
    expectOne(top, "duplicate-key", { file: "model.json", line: 3, field: "continuum" });
    const section = errorsOf("model.json", jsonModel(`,\n  "insurance": [{"id": "bi",\n "limit": 1, "limit": 2}]`));
    expectOne(section, "duplicate-key", { file: "model.json", line: 8, field: "insurance[0].limit" });
  });
  it("YAML still refuses them", () => {
    const list = errorsOf("model.yaml", HEAD + "  - id: db\n    kind: database\n    kind: tool\n");
    expect(list.some((d) => d.line === 12)).toBe(true);
  });
});

describe("NUL characters are refused wherever they are", () => {
  it("in a YAML value and key, and in JSON (escaped) values", () => {
    expectOne(errorsOf("model.yaml", HEAD + '  - id: db\n    kind: database\n    name: "a\\0b"\n'), "nul-character", { file: "model.yaml", line: 12, field: "components[2].name" });
    expectOne(errorsOf("model.yaml", HEAD + 'risks:\n  - id: r\n    "x\\0": 1\n'), "nul-character", { file: "model.yaml", line: 12 });
    expectOne(errorsOf("model.json", jsonModel("", `, "name": "a\\u0000b"`)), "nul-character", { file: "model.json", line: 5, field: "components[1].name" });
  });
});

describe("size and depth are bounded", () => {
  it("JSON nested 5,000 deep is refused with its place, without overflowing the stack", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const list = errorsOf("model.json", jsonModel("", `, "labels": {"a": ${deep}}`));
    expectOne(list, "too-deep", { file: "model.json", line: 5 });
  });
  it("YAML nested deeper than the limit is refused", () => {
    const depth = DOCUMENT_LIMITS.depth + 5;
    const list = errorsOf("model.yaml", HEAD + "  - id: db\n    kind: database\n    notes: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
    expect(list.map((d) => d.code)).toContain("too-deep");
  });
  it("YAML nested thousands deep is refused with a message, not a crash", () => {
    const list = errorsOf("model.yaml", HEAD + "  - id: db\n    kind: database\n    notes: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    expect(list[0].message).toMatch(/nested/);
  });
  it("a billion-laughs alias bomb is refused with a message, not an exception", () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) text += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill("*" + String.fromCharCode(96 + i)).join(",")}]\n`;
    const list = errorsOf("model.yaml", HEAD + "riskAppetite:\n  - id: x\n    " + text.replace(/\n(?=.)/g, "\n    "));
    expect(list.length).toBeGreaterThan(0);
    expect(list[0].message).toMatch(/alias/);
  });
  it("aliases that expand a small document far beyond its text are refused, in any section", () => {
    const big = "x".repeat(10_000);
    const uses = Math.ceil((DOCUMENT_LIMITS.expansionAllowance * 1.2) / big.length);
    for (const section of ["notes", "labels"]) {
      const text = `${HEAD}  - id: db\n    kind: database\n    ${section}: &big ["${big}"]\nriskAppetite:\n${Array.from({ length: Math.min(uses, 900) }, (_, i) => `  - {id: r${i}, note: *big}`).join("\n")}\n`;
      const list = errorsOf("model.yaml", text);
      expect(list.map((d) => d.code)).toContain("too-large-expanded");
      expect(list.find((d) => d.code === "too-large-expanded")!.message).toMatch(/MB/);
    }
  });
  it("the same guard answers for any parsed source (a reader's entry point)", () => {
    const d: Diagnostic[] = [];
    expect(parseSource({ path: "x.json", text: '{"a": 1, "a": 2}' }, d)).toBeUndefined();
    expect(d[0]).toMatchObject({ code: "duplicate-key", line: 1, column: 10, field: "a" });
  });
});

describe("valid models still load", () => {
  it("finite numbers, keys once, a modest alias", () => {
    const text = HEAD + "  - id: db\n    kind: database\n    labels: &l {team: core}\n  - id: db2\n    kind: database\n    labels: *l\n";
    expect(loadModel([{ path: "model.yaml", text }]).loaded).toBeDefined();
    expect(loadModel([{ path: "model.json", text: jsonModel("", `, "rto": 1e3, "x-a": 1, "x-b": 2`) }]).loaded).toBeDefined();
  });
});
