/** The bench harness rewrites only its own blocks of docs/benchmarks.md (issue 8, item 3). */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module of the bench harness, without types
import { updateReport } from "../report.mjs";

const block = (name: string, body: string) => `<!-- bench:${name} -->\n## ${name}\n\n${body}\n<!-- /bench:${name} -->`;

describe("updateReport", () => {
  const old = [
    "# Benchmarks",
    "",
    "<!-- bench-run -->Last run: yesterday<!-- /bench-run -->",
    "",
    block("engine", "old engine figures"),
    "",
    "A reading written by hand about the engine, outside any block.",
    "",
    block("igraph", "old igraph figures ($1 costs)"),
    "",
    "## Issue 8 (by hand)",
    "kept as written",
    "",
  ].join("\n");

  it("replaces the blocks of the modules run, in place, and keeps every other line", () => {
    const next: string = updateReport(old, [["engine", block("engine", "new engine figures, $& and $1 as written")]], "Last run: today");
    expect(next).toContain("new engine figures, $& and $1 as written");
    expect(next).not.toContain("old engine figures");
    expect(next).toContain("old igraph figures ($1 costs)");
    expect(next).toContain("A reading written by hand about the engine, outside any block.");
    expect(next).toContain("## Issue 8 (by hand)\nkept as written");
    expect(next).toContain("<!-- bench-run -->Last run: today<!-- /bench-run -->");
    expect(next.indexOf("new engine figures")).toBeLessThan(next.indexOf("A reading written by hand"));
    // nothing but the two blocks changed
    const strip = (s: string) => s.replace(/<!-- bench:engine -->[\s\S]*?<!-- \/bench:engine -->/, "E").replace(/<!-- bench-run -->.*<!-- \/bench-run -->/, "R");
    expect(strip(next)).toBe(strip(old));
  });

  it("adds a module that has no block yet at the end", () => {
    const next: string = updateReport(old, [["snapshot", block("snapshot", "snapshot figures")]], "Last run: today");
    expect(next.startsWith(old.replace("Last run: yesterday", "Last run: today").trimEnd())).toBe(true);
    expect(next.trimEnd().endsWith("<!-- /bench:snapshot -->")).toBe(true);
  });

  it("starts a new report with the header when there is none", () => {
    const next: string = updateReport("", [["engine", block("engine", "figures")]], "Last run: today");
    expect(next).toMatch(/^# Benchmarks/);
    expect(next).toContain("<!-- bench-run -->Last run: today<!-- /bench-run -->");
    expect(next).toContain("figures");
  });
});
