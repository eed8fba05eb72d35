import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { escapeText, foldLine } from "./exercise-calendar.js";
import { addCycle, exerciseCoverage, parseCycle } from "./exercise-coverage.js";

const MODEL = `
continuum: 1
components:
  - { id: dc1, kind: site }
  - { id: dc2, kind: site }
  - { id: shop, tier: 1, site: dc1 }
  - { id: blog, tier: 1, site: dc2 }
plans:
  - { id: shop-dr, covers: [shop], steps: [{ id: a, duration: 1h }] }
  - { id: blog-dr, covers: [blog], steps: [{ id: a, duration: 1h }] }
exercises:
  - { id: twice-a-year, type: live-failover, scenario: { lose: dc1 }, plans: [shop-dr], date: 2025-11-15, cycle: 6mo }
  - { id: undated, type: tabletop, scenario: site-loss:dc2, plans: [blog-dr], cycle: 2y }
  - { id: long-ago, type: walkthrough, plans: [blog-dr], date: 2020-01-01 }
`;

describe("the exercise programme's coverage", () => {
  const { compiled } = loadModelOrThrow(MODEL, { warnings: false });

  it("counts a dated exercise by its repeats inside the cycle, and lists what none covers", () => {
    const r = exerciseCoverage(compiled, { from: "2026-01-01" });
    expect(r.to).toBe("2027-01-01");
    expect(r.exercises.map((e) => [e.id, e.dates, e.counts])).toEqual([
      ["twice-a-year", ["2026-05-15", "2026-11-15"], true],
      ["undated", [], false], // every 2 years is less than once per 12 months
      ["long-ago", [], false],
    ]);
    expect(r.coverage.sites).toEqual({ dc1: ["twice-a-year"], dc2: [] });
    expect(r.gaps).toEqual({ services: ["blog"], plans: ["blog-dr"], sites: ["dc2"] });
  });

  it("counts an undated exercise that repeats at least once per cycle", () => {
    const r = exerciseCoverage(compiled, { from: "2026-01-01", cycle: "3y" });
    expect(r.gaps).toEqual({ services: [], plans: [], sites: [] });
  });

  it("reads cycles and adds them to dates, months clamped to the month's end", () => {
    expect(parseCycle("12mo")).toEqual({ count: 12, unit: "mo" });
    expect(parseCycle("0mo")).toBeUndefined();
    expect(parseCycle("yearly")).toBeUndefined();
    expect(addCycle("2026-01-31", { count: 1, unit: "mo" })).toBe("2026-02-28");
    expect(addCycle("2026-12-30", { count: 1, unit: "w" })).toBe("2027-01-06");
  });
});

describe("iCalendar text (RFC 5545)", () => {
  it("escapes text and folds long lines at 75 octets without splitting a character", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const line = "DESCRIPTION:" + "판교".repeat(40);
    const folded = foldLine(line).split("\r\n");
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(line);
  });
});
