import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../model/diagnostics.js";
import { loadModelOrThrow, loadScenarioOrThrow, simulate } from "../load.js";
import { convertCsv, parseCsv } from "./csv.js";

const EXAMPLE = join(__dirname, "../../../../examples/csv");
const file = (name: string) => ({ path: `examples/csv/${name}`, text: readFileSync(join(EXAMPLE, name), "utf8") });
const csv = (path: string, text: string) => ({ path, text });

describe("the example spreadsheet (examples/csv)", () => {
  const result = convertCsv(file("components.csv"), file("dependencies.csv"), { organization: "예시 상점" });

  it("keeps Korean text, quoted commas and quotes, and builds the redundancy group from two rows", () => {
    expect(result.diagnostics).toEqual([]);
    const byId = new Map(result.model!.components.map((c) => [c.id, c]));
    expect(byId.get("pangyo-idc")).toEqual({ id: "pangyo-idc", name: "판교 데이터센터", kind: "site", owner: "인프라팀" });
    expect(byId.get("order-api")).toMatchObject({ name: "주문 API", site: "pangyo-idc", restart: "10m", description: "주문 접수, 조회, 취소", tags: ["api", "commerce"] });
    expect(byId.get("order-api")!.dependsOn).toEqual([{ group: "order-db", members: ["order-db-a", "order-db-b"], need: 1, mode: "active-passive", failover: "15m" }]);
    expect(byId.get("checkout")).toMatchObject({ tier: 1, rto: "1h", mtpd: "4h", impact: [{ from: 0, perHour: 1000000 }], description: '고객이 "주문하기"를 누르는 곳', dependsOn: ["order-api"] });
    expect(result.text).toContain("organization: 예시 상점");
  });

  it("imports and simulates: Pangyo lost, the API fails over to Gasan's database after 15 minutes", () => {
    const loaded = loadModelOrThrow(result.text!);
    // order-api is in Pangyo too, so it is down for the whole 2 h; checkout with it (2 h + 10 min restart)
    const json = simulate(loaded, loadScenarioOrThrow(loaded.model, "scenario: pangyo\nhorizon: 1d\nevents:\n  - { at: 0, fail: pangyo-idc, for: 2h }\n"));
    expect(json.components["checkout"]).toMatchObject({ outages: [{ start: 0, end: 130 }], rtoBreached: true, mtpdBreached: false });
    expect(json.components["checkout"].loss).toBeCloseTo((130 / 60) * 1000000, 6);
  });
});

describe("clear errors with file, line and column", () => {
  it("names the cell of a bad value, an unknown reference with a suggestion, and a repeated id", () => {
    const r = convertCsv(
      csv("c.csv", "id,name,tier,rto\norder-api,주문,first,1h\nOrder DB,DB,,\norder-db,DB,2,\norder-db,again,,\n"),
      csv("d.csv", "component,needs\norder-api,order-bd\n"),
    );
    expect(r.model).toBeUndefined();
    const at = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.message}`;
    expect(r.diagnostics.map(at)).toEqual([
      'c.csv:2:14 tier must be a whole number from 1 (most critical), got "first"',
      'c.csv:3:1 "Order DB" is not a valid id',
      'c.csv:5:1 id "order-db" repeats (first on line 4)',
      'd.csv:2:11 dependency "order-bd" is not a component of c.csv',
    ]);
    expect(r.diagnostics[3].hint).toBe('did you mean "order-db"?');
    expect(r.diagnostics[1].hint).toMatch(/e\.g\. order-db;/);
  });

  it("points at a quote never closed, text after a closing quote, and a row longer than the header", () => {
    const run = (text: string) => {
      const diagnostics: Diagnostic[] = [];
      parseCsv(csv("x.csv", text), diagnostics);
      return diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    };
    expect(run('id,name\na,"open\nstill open\n')).toEqual(["2:3 a quoted field is never closed"]);
    expect(run('id,name\na,"b"c\n')).toEqual(["2:6 text after the closing quote of a field"]);
    expect(run("id,name\na,b,c\n")).toEqual(["2:5 this row has more cells (3) than the header has columns (2)"]);
  });

  it("counts lines inside quoted fields, and reads ; and CRLF as Excel writes them", () => {
    const diagnostics: Diagnostic[] = [];
    const t = parseCsv(csv("x.csv", '\uFEFFid;description\r\na;"two\r\nlines"\r\nb;"x"\r\n'), diagnostics)!;
    expect(diagnostics).toEqual([]);
    expect(t.rows.map((r) => r.map((c) => c.value))).toEqual([["a", "two\r\nlines"], ["b", "x"]]);
    expect(t.rows[1][0]).toMatchObject({ line: 4, column: 1 });
  });

  it("warns about an unknown column with the likely one, and refuses a file without an id column", () => {
    const r = convertCsv(csv("c.csv", "id,nmae\na,A\n"));
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "csv-unknown-column", line: 1, column: 4, hint: 'did you mean "name"?' })]);
    expect(convertCsv(csv("c.csv", "name\nA\n")).diagnostics).toEqual([expect.objectContaining({ code: "csv-missing-column", message: "the header has no id column" })]);
  });

  it("accepts Korean column names", () => {
    const r = convertCsv(csv("c.csv", "아이디,이름,등급\nshop,상점,1\n"));
    expect(r.model!.components).toEqual([{ id: "shop", name: "상점", tier: 1 }]);
  });
});

describe("any text survives a round trip through quoting", () => {
  it("reads back what a spreadsheet writes, commas, quotes, line breaks and Korean included", () => {
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom("a", "가", ",", '"', "\n", "\r\n", " ", ";", "한") }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = ["id,description", ...rows.map((r) => r.map(quote).join(","))].join("\r\n");
        const diagnostics: Diagnostic[] = [];
        const t = parseCsv(csv("p.csv", text), diagnostics);
        expect(diagnostics).toEqual([]);
        expect(t!.rows.map((r) => r.map((c) => c.value))).toEqual(rows);
      }),
    );
  });
});
