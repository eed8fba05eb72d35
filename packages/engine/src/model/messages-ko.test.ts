import { describe, expect, it } from "vitest";
import { readModel } from "./read-model.js";
import { diagnosticLocale, KOREAN_CODES, localizeDiagnostic } from "./messages-ko.js";

const text = [
  "continuum: 1",
  "components:",
  "  - {id: a, rot: 4h, colour: red, dependsOn: [bb], kind: databse}",
  "  - {id: b, rto: 5h, mtpd: 4h, restart: 10 hours}",
  "  - {id: b, capacity: 0}",
  "  - {id: team, capacity: 1}",
  "plans:",
  "  - {id: p, steps: [{id: s, duration: 1h, owner: nobody, needs: [team, {id: team, units: 2}, {id: a, units: 1}]}]}",
  "exercises: [{id: e, type: tabletop, plans: [q]}, {id: f, type: table-top}, {id: g}]",
  'checks: [{id: c, component: a, type: http, url: "http://x", interval: 500ms, conditions: ["[STATU] == 200"]}]',
].join("\n");

describe("diagnostics in Korean", () => {
  const { diagnostics } = readModel([{ path: "m.yaml", text }]);

  it("has params for every code with a Korean template, and uses them", () => {
    const covered = new Set(diagnostics.map((d) => d.code));
    // the model above exercises every template (so none is dead or untested)
    expect(KOREAN_CODES.filter((c) => !covered.has(c))).toEqual([]);
    for (const d of diagnostics.filter((x) => KOREAN_CODES.includes(x.code))) {
      expect(d.params, d.code).toBeDefined();
      const ko = localizeDiagnostic(d, "ko");
      expect(ko.message, d.code).not.toBe(d.message);
      expect(ko.message, d.code).toMatch(/[가-힣]/);
      // the values named stay in the message, untranslated
      for (const v of Object.values(d.params!)) if (typeof v === "string" && v.length < 20 && !v.includes(",")) expect(`${ko.message} ${ko.hint}`, d.code).toContain(v);
      expect({ ...ko, message: d.message, hint: d.hint }).toEqual(d); // only the words change
    }
  });

  it("keeps English for English, for codes without a template and without params", () => {
    for (const d of diagnostics) expect(localizeDiagnostic(d, "en")).toBe(d);
    const plain = { severity: "error" as const, code: "step-cycle", message: "m" };
    expect(localizeDiagnostic(plain, "ko")).toBe(plain);
    expect(localizeDiagnostic({ severity: "error", code: "unknown-key", message: "m", params: {} }, "ko").message).toBe("m");
  });

  it("reads the locale from names such as ko_KR.UTF-8", () => {
    expect(diagnosticLocale("ko_KR.UTF-8")).toBe("ko");
    expect(diagnosticLocale("ko")).toBe("ko");
    expect(diagnosticLocale("C.UTF-8")).toBe("en");
    expect(diagnosticLocale("kok_IN")).toBe("en");
    expect(diagnosticLocale(undefined)).toBe("en");
  });
});
