import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCondition } from "../model/check-condition.js";
import { checkVerdict, matchPattern, type ProbeObservation } from "./check-verdict.js";

const cond = (t: string) => {
  const r = parseCondition(t);
  if (!r.ok) throw new Error(r.message);
  return r.condition;
};
const seen: ProbeObservation = { connected: true, responseTimeMs: 120, status: 200, body: JSON.stringify({ status: "UP", data: [{ id: 7 }], items: [1, 2, 3] }), certificateExpiresInMs: 72 * 3_600_000 };
const verdict = (conditions: string[], s = seen) => checkVerdict(conditions.map(cond), s);

describe("a check's verdict", () => {
  it("holds when every condition holds", () => {
    const v = verdict(["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500", "[CERTIFICATE_EXPIRATION] > 48h", "[BODY].data[0].id == 7", "len([BODY].items) == 3", "has([BODY].errors) == false", "[STATUS] == any(200, 204)", "[BODY] == pat(*UP*)"]);
    expect(v.conditions.filter((c) => !c.success)).toEqual([]);
    expect(v.success).toBe(true);
  });

  it("says what each side was when it fails", () => {
    const v = verdict(["[STATUS] == 200", "[CERTIFICATE_EXPIRATION] > 96h", "[BODY].missing == x"], { ...seen, status: 503 });
    expect(v.success).toBe(false);
    expect(v.conditions.map((c) => [c.success, c.resolved])).toEqual([
      [false, "[STATUS] (503) == 200"],
      [false, `[CERTIFICATE_EXPIRATION] (${72 * 3_600_000}) > 96h`],
      [false, "[BODY].missing (missing) == x"],
    ]);
  });

  it("fails when the probe could not connect, whatever the conditions", () => {
    expect(verdict([], { connected: false, responseTimeMs: 5, error: "ECONNREFUSED" }).success).toBe(false);
    expect(verdict(["[CONNECTED] == true"], { connected: true, responseTimeMs: 5 }).success).toBe(true);
  });

  it("orders numbers as numbers (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom("<", "<=", ">", ">=", "==", "!="), (t, limit, op) => {
        const expected = { "<": t < limit, "<=": t <= limit, ">": t > limit, ">=": t >= limit, "==": t === limit, "!=": t !== limit }[op]!;
        expect(verdict([`[RESPONSE_TIME] ${op} ${limit}`], { ...seen, responseTimeMs: t }).success).toBe(expected);
      }),
    );
  });

  it("matches * patterns as any run of characters (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b, c) => {
        const clean = (s: string) => s.replaceAll("*", "");
        expect(matchPattern(`*${clean(b)}*`, clean(a) + clean(b) + clean(c))).toBe(true);
        expect(matchPattern(`${clean(a)}*`, clean(a) + c)).toBe(true);
        expect(matchPattern(clean(a), clean(a))).toBe(true);
      }),
    );
    expect(matchPattern("2*", "404")).toBe(false);
    expect(matchPattern("a*a", "a")).toBe(false);
  });
});

describe("a DNS check's expected answers", () => {
  it("holds when every expected answer was received", () => {
    const dns: ProbeObservation = { connected: true, responseTimeMs: 3, dnsRcode: "NOERROR", answers: ["10.0.0.1", "10.0.0.2"], body: "10.0.0.1, 10.0.0.2" };
    expect(checkVerdict([cond("[DNS_RCODE] == NOERROR")], dns, ["10.0.0.2"]).success).toBe(true);
    const v = checkVerdict([], dns, ["10.0.0.3"]);
    expect(v).toEqual({ success: false, conditions: [{ condition: "expected 10.0.0.3", success: false, resolved: "expected 10.0.0.3 among [10.0.0.1, 10.0.0.2]" }] });
  });
});
