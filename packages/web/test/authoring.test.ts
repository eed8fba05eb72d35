import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadModel } from "@continuum/engine";
import { matchOptions } from "../src/ui/ComponentPicker";
import { groupDigits, plainDigits } from "../src/ui/MoneyInput";
import { inLanguage } from "../src/app/diagnostic-words";

const options = [
  { id: "pangyo-idc", name: "SK C&C 판교 데이터센터", kind: "site" },
  { id: "core-db", name: "Core database", kind: "database" },
  { id: "kakaotalk", name: "카카오톡", kind: "business-service" },
];

describe("the component picker", () => {
  it("finds a component by part of its name (Korean or English, any case) or of its id", () => {
    expect(matchOptions(options, "판교", []).map((o) => o.id)).toEqual(["pangyo-idc"]);
    expect(matchOptions(options, "DATA", []).map((o) => o.id)).toEqual(["core-db"]);
    expect(matchOptions(options, "IDC", []).map((o) => o.id)).toEqual(["pangyo-idc"]);
    expect(matchOptions(options, "톡", []).map((o) => o.id)).toEqual(["kakaotalk"]);
    expect(matchOptions(options, "zzz", [])).toEqual([]);
  });
  it("never offers what is already chosen", () => {
    expect(matchOptions(options, "", ["core-db"]).map((o) => o.id)).toEqual(["pangyo-idc", "kakaotalk"]);
  });
});

describe("the money input", () => {
  it("shows thousands separators and hands back the plain number", () => {
    expect(groupDigits("1500000", "en-US")).toBe("1,500,000");
    expect(groupDigits("1500000.25", "ko-KR")).toBe("1,500,000.25");
    expect(groupDigits("12a", "en-US")).toBe("12a"); // not a number: left for the validator to name
    expect(plainDigits("1,500,000")).toBe("1500000");
  });
  it("round-trips every amount", () => {
    fc.assert(fc.property(fc.nat(), fc.constantFrom("en-US", "ko-KR"), (n, locale) => plainDigits(groupDigits(String(n), locale)) === String(n)));
  });
});

describe("diagnostics in Korean", () => {
  const invalid = `continuum: 1
components:
  - id: Bad Id
  - id: app
    kind: aplication
    rto: soon
    dependsOn: [nowhere]
    impact:
      - from: 0h
        perHour: lots
  - id: x
    dependsOn: [y]
  - id: y
    dependsOn: [x]
risks:
  - id: fire
    frequency: -1
`;
  const { diagnostics } = loadModel([{ path: "model.yaml", text: invalid }]);

  it("words every diagnostic of an invalid model in Korean, never in English", () => {
    expect(diagnostics.length).toBeGreaterThan(4);
    for (const d of diagnostics) {
      const ko = inLanguage(d, "ko");
      expect(ko.message, `${d.code}: ${d.message}`).toMatch(/[가-힣]/);
      // field names and ids may stay as written; English sentences may not
      expect(ko.message.replace(/"[^"]*"|\([^)]*\)|[a-zA-Z0-9_.[\]-]+:/g, ""), d.code).not.toMatch(/\b(?:must|is not|got|expected|unknown)\b/i);
      if (ko.hint) expect(ko.hint).toMatch(/[가-힣]/);
    }
  });
  it("leaves English as the engine wrote it", () => {
    for (const d of diagnostics) expect(inLanguage(d, "en")).toBe(d);
  });
  it("words an API problem field without a code in Korean too", () => {
    expect(inLanguage({ field: "risk.frequency", message: "must be a number" }, "ko").message).toBe("frequency: 입력한 값을 고쳐야 합니다");
  });
});
