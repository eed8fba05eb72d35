import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatOperand, goDurationMs, OPERATORS, parseCondition, PLACEHOLDERS_BY_TYPE, type Condition, type Operand } from "./check-condition.js";
import { readModel } from "./read-model.js";
import { checksOf } from "./checks.js";

const ok = (text: string, type?: "http" | "tcp" | "dns"): Condition => {
  const r = parseCondition(text, type);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.condition;
};
const refused = (text: unknown, type?: "http" | "tcp" | "dns") => {
  const r = parseCondition(text, type);
  if (r.ok) throw new Error(`${String(text)} was accepted`);
  return `${r.message} ${r.hint ?? ""}`;
};

describe("check conditions (Gatus's grammar)", () => {
  it("reads placeholders, body paths, functions, patterns and choices", () => {
    expect(ok("[STATUS] == 200")).toMatchObject({ left: { kind: "placeholder", name: "STATUS", path: [] }, operator: "==", right: { kind: "literal", text: "200" } });
    expect(ok("[BODY].data[0].id == 1").left).toEqual({ kind: "placeholder", name: "BODY", path: ["data", 0, "id"] });
    expect(ok("len([BODY].items) >= 3").left).toMatchObject({ fn: "len", path: ["items"] });
    expect(ok("has([BODY].errors) == false").left).toMatchObject({ fn: "has" });
    expect(ok("[BODY].status == pat(*UP*)").right).toEqual({ kind: "pattern", pattern: "*UP*" });
    expect(ok("[STATUS] == any(200, 204)").right).toEqual({ kind: "any", options: ["200", "204"] });
    expect(ok("[CERTIFICATE_EXPIRATION] > 48h").operator).toBe(">");
    // Gatus looks for == first: a body path holding < is not split there
    expect(ok("[BODY].a<b == x").left).toMatchObject({ kind: "placeholder" });
  });

  it("refuses what could never hold, saying why", () => {
    expect(refused("[STATUS]==200")).toMatch(/no operator/);
    expect(refused("[STATU] == 200")).toMatch(/did you mean \[STATUS\]/);
    expect(refused("[BODY] < pat(*x*)")).toMatch(/pat\(\) compares only with == or !=/);
    expect(refused("[RESPONSE_TIME] < fast")).toMatch(/not a number or a duration/);
    expect(refused("[STATUS] == 200", "tcp")).toMatch(/a tcp check has no \[STATUS\]/);
    expect(refused("200 == 200")).toMatch(/compares no placeholder/);
    expect(refused("[BODY].a[x] == 1")).toMatch(/index is a whole number/);
    expect(refused("[STATUS].code == 1")).toMatch(/has no fields/);
    expect(refused("[CONNECTED] > 1", "tcp")).toMatch(/not a number/);
    expect(refused(200)).toMatch(/is text/);
  });

  it("reads Go durations in milliseconds", () => {
    expect(goDurationMs("48h")).toBe(48 * 3_600_000);
    expect(goDurationMs("1h30m")).toBe(90 * 60_000);
    expect(goDurationMs("500ms")).toBe(500);
    expect(goDurationMs("5")).toBeUndefined();
  });

  it("gives back what it formats (property)", () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const placeholder: fc.Arbitrary<Operand> = fc.oneof(
      fc.constantFrom(...PLACEHOLDERS_BY_TYPE.http.filter((p) => p !== "BODY" && p !== "CONNECTED" && p !== "IP")).map((name) => ({ kind: "placeholder" as const, name, path: [] })),
      fc.array(fc.oneof(key, fc.nat(20)), { maxLength: 4 }).map((path) => ({ kind: "placeholder" as const, name: "BODY" as const, path })),
    );
    const literal = fc.oneof(fc.integer({ min: 0, max: 100000 }).map(String), fc.constantFrom("48h", "500ms", "1h30m"));
    const equalityRight: fc.Arbitrary<Operand> = fc.oneof(
      literal.map((text) => ({ kind: "literal" as const, text })),
      fc.stringMatching(/^[A-Za-z0-9*]{1,8}$/).map((pattern) => ({ kind: "pattern" as const, pattern })),
      fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,5}$/), { minLength: 1, maxLength: 4 }).map((options) => ({ kind: "any" as const, options })),
    );
    fc.assert(
      fc.property(placeholder, fc.constantFrom(...OPERATORS), equalityRight, literal, (left, operator, right, number) => {
        const ordered = !["==", "!="].includes(operator);
        const r: Operand = ordered ? { kind: "literal", text: number } : right;
        const text = `${formatOperand(left)} ${operator} ${formatOperand(r)}`;
        const read = parseCondition(text, "http");
        expect(read.ok ? read.condition : read).toEqual({ text, left, operator, right: r });
      }),
    );
  });
});

describe("the checks section of a model", () => {
  const model = (checks: string) => readModel([{ path: "m.yaml", text: `continuum: 1\ncomponents:\n  - id: api\n  - id: db\n${checks}` }]);

  it("reads checks with their defaults and parsed conditions", () => {
    const r = model(
      [
        "checks:",
        "  - id: api-health",
        "    component: api",
        "    type: http",
        "    url: https://api.example/health",
        '    conditions: ["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500", "[CERTIFICATE_EXPIRATION] > 48h"]',
        "  - {id: db-port, component: db, type: tcp, host: 'db.internal:5432', interval: 30s, failureThreshold: 2}",
        "  - {id: api-dns, component: api, type: dns, query: api.example, recordType: A, expected: 10.0.0.1}",
      ].join("\n"),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const checks = checksOf(r.model!);
    expect(checks.map((c) => [c.id, c.type, c.intervalMs, c.failureThreshold, c.successThreshold, c.conditions.length])).toEqual([
      ["api-health", "http", 60_000, 3, 2, 4],
      ["db-port", "tcp", 30_000, 2, 2, 0],
      ["api-dns", "dns", 60_000, 3, 2, 0],
    ]);
    expect(checks[0].method).toBe("GET");
    expect(checks[2].expected).toEqual(["10.0.0.1"]);
  });

  it("places a bad condition at its file, line and field", () => {
    const r = model(["checks:", "  - id: api-health", "    component: api", "    type: http", "    url: http://api", "    conditions:", '      - "[STATUS] == 200"', '      - "[STATUS] =< 300"'].join("\n"));
    const bad = r.diagnostics.find((d) => d.code === "bad-condition")!;
    expect(bad).toMatchObject({ severity: "error", file: "m.yaml", line: 12 });
    expect(bad.field ?? bad.path).toBeDefined();
    expect(JSON.stringify(bad)).toContain("conditions[1]");
    expect(r.model).toBeUndefined();
  });

  it("asks each type for what it needs and resolves the component", () => {
    const r = model(["checks:", "  - {id: a, component: ap, type: tcp}", "  - {id: a, component: api, type: dns, query: x, interval: 100ms}", "  - {id: b, component: api, type: htp}"].join("\n"));
    const codes = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code).sort();
    expect(codes).toEqual(["bad-value", "check-interval", "duplicate-id", "missing-field", "unknown-component"]);
  });
});
