import { describe, expect, it } from "vitest";
import { IMPACT_CATEGORIES, KNOWN_KINDS, PLAN_KINDS } from "@continuum/engine";
import { messages } from "../src/app/messages";
import { detectLang, formatDurationIn, formatMoneyShortIn, formatPercent, makeI18n, translate } from "../src/app/i18n";

describe("dictionary", () => {
  const en = messages.en;
  const ko = messages.ko;
  it("has every English key in Korean, and nothing else", () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });
  it("keeps the same placeholders in both languages", () => {
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)[},]/g)].map((m) => m[1]))].sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) expect(names(ko[key]), key).toEqual(names(en[key]));
  });
  it("has no empty or untranslated Korean text where words are expected", () => {
    const hangul = /[\uac00-\ud7a3]/;
    const sameOnPurpose = new Set(["common.rto", "common.rpo", "common.mtpd", "common.mbco"]);
    for (const key of Object.keys(ko) as Array<keyof typeof ko>) {
      expect(ko[key].trim(), key).not.toBe("");
      if (!sameOnPurpose.has(key) && /[a-z]{4,}/i.test(en[key])) expect(hangul.test(ko[key]) || ko[key] !== en[key], key).toBe(true);
    }
  });
  it("names every kind, impact category and plan kind the engine knows, in both languages", () => {
    const keys = [...KNOWN_KINDS.map((k) => `kind.${k}`), ...IMPACT_CATEGORIES.map((c) => `category.${c}`), ...PLAN_KINDS.map((p) => `planKind.${p}`)];
    for (const key of keys) {
      expect(messages.en, key).toHaveProperty([key]);
      expect((messages.ko as Record<string, string>)[key], key).toMatch(/[\uac00-\ud7a3]/);
    }
  });
  it("says 1 file, 2 files in English", () => {
    expect(translate("en", "import.submit", { n: 1 })).toBe("Import (1\u00a0file)");
    expect(translate("en", "import.submit", { n: 2 })).toBe("Import (2\u00a0files)");
    expect(translate("en", "risk.oncePer", { n: 1 })).toBe("once in\u00a01\u00a0year");
    expect(translate("ko", "import.submit", { n: 1 })).not.toContain("plural");
  });
  it("fills placeholders", () => {
    expect(translate("en", "common.tierN", { n: 1 })).toBe("Tier\u00a01");
    expect(translate("ko", "common.tierN", { n: 1 })).toBe("1등급");
  });
});

describe("language choice", () => {
  it("prefers a stored choice, then the browser's first language we speak", () => {
    expect(detectLang(["ko-KR", "en-US"], null)).toBe("ko");
    expect(detectLang(["fr-FR", "ko"], null)).toBe("ko");
    expect(detectLang(["en-GB", "ko-KR"], null)).toBe("en");
    expect(detectLang(["de-DE"], null)).toBe("en");
    expect(detectLang(["ko-KR"], "en")).toBe("en");
  });
});

describe("formats", () => {
  it("durations in both languages", () => {
    expect(formatDurationIn("en", 610)).toBe("10h\u00a010m");
    expect(formatDurationIn("ko", 610)).toBe("10시간\u00a010분");
    expect(formatDurationIn("ko", 1440 * 3 + 90)).toBe("3일\u00a01시간\u00a030분");
    expect(formatDurationIn("en", Infinity)).toBe("∞");
    expect(formatDurationIn("en", undefined)).toBe("—");
  });
  it("money in 만/억/조 for Korean", () => {
    expect(formatMoneyShortIn("ko", 3_900_000_000)).toBe("39억\u00a0원");
    expect(formatMoneyShortIn("ko", 12_000)).toBe("1.2만\u00a0원");
    expect(formatMoneyShortIn("en", 3_900_000_000)).toBe("₩3.9B");
    // whole hundreds keep their zeros
    expect(formatMoneyShortIn("en", 100_000_000_000)).toBe("₩100B");
    expect(formatMoneyShortIn("ko", 100_000_000_000)).toBe("1000억\u00a0원");
    expect(formatMoneyShortIn("en", 10_000_000_000)).toBe("₩10B");
    expect(formatMoneyShortIn("en", 1_500_000)).toBe("₩1.5M");
  });
  it("never leaves a breakable space inside a figure (a number stays with its unit)", () => {
    for (const lang of ["en", "ko"] as const) {
      const i = makeI18n(lang);
      const figures = [i.duration(1440 * 3 + 90), i.duration(61), i.moneyShort(3_900_000_000), i.moneyShort(12_000, "USD"), i.money(1_234_567), i.money(1_234_567, "EUR"), i.number(1_234_567.5)];
      for (const f of figures) expect(f, f).not.toMatch(/[ \u202f]/);
    }
  });
  it("percent: three significant digits, tiny ones in exponent form", () => {
    expect(formatPercent(0.123456)).toBe("12.3%");
    expect(formatPercent(0.5)).toBe("50%");
    expect(formatPercent(0.000123)).toBe("0.0123%");
    expect(formatPercent(1e-7)).toBe("1.0e-5%");
    expect(formatPercent(0)).toBe("0%");
  });
});
