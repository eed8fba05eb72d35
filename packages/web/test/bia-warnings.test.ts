/**
 * The BIA's warnings never cut a list silently: a service with many single points of failure
 * carries every one of them to the page, which shows them with "and N more" (ui/MoreList).
 */
import { describe, expect, it } from "vitest";
import type { Component } from "@continuum/engine";
import { makeI18n } from "../src/app/i18n";
import { serviceWarnings } from "../src/features/bia/BiaPage";
import type { Analysis } from "../src/model/protocol";

describe("BIA warnings", () => {
  const service = { id: "shop", kind: "business-service", tier: 1, rto: 60, mtpd: 240 } as unknown as Component;
  const spof = Array.from({ length: 9 }, (_, i) => `part-${i + 1}`);
  const analysis = { spof: { shop: spof }, rtoInversions: [] } as unknown as Analysis;

  for (const lang of ["en", "ko"] as const) {
    it(`keeps every single point of failure (${lang}), named by the page, not cut into the text`, () => {
      const i18n = makeI18n(lang);
      const warnings = serviceWarnings(service, [], analysis, i18n.t, i18n.duration, lang, (id) => id.toUpperCase());
      const w = warnings.find((x) => x.kind === "spof")!;
      expect(w.components).toEqual(spof);
      expect(w.text).toContain("9");
      expect(w.text).not.toMatch(/PART-|part-|\{list\}/);
    });
  }
});
