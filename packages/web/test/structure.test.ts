/**
 * The web's layout by feature (src/features/<name>/, shared UI in src/ui/, the shell in src/app/):
 * a page is imported only by the app's router, never by another feature or by shared code, so a
 * feature can change its page without breaking another one.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { messages } from "../src/app/messages";

const src = join(dirname(fileURLToPath(import.meta.url)), "../src");
const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const sources = walk(src).filter((f) => /\.tsx?$/.test(f));

/** Every relative module a file imports (static, dynamic, worker URL), as paths under src without extension. */
export function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from\s*|import\s*\(\s*|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => relative(src, resolve(dirname(file), s)).replace(/\.(tsx?|css)$/, ""));
}

const isPage = (path: string) => /^features\/[^/]+\/[^/]+Page$/.test(path);
const featureOf = (path: string) => (path.startsWith("features/") ? path.split("/")[1] : undefined);

/** Imports of a page from anywhere but the router, and imports of another feature's page. */
export function pageImportViolations(files: Array<{ path: string; imports: string[] }>): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.path === "app/App") continue; // the router: the one place that knows every page
    for (const target of f.imports) {
      if (isPage(target) && featureOf(target) !== featureOf(f.path)) out.push(`${f.path} imports ${target}`);
      else if (isPage(target) && !featureOf(f.path)) out.push(`${f.path} imports ${target}`);
    }
  }
  return out;
}

describe("the web is organised by feature", () => {
  const files = sources.map((f) => ({ path: relative(src, f).replace(/\.tsx?$/, ""), imports: importsOf(f, readFileSync(f, "utf8")) }));

  it("has pages only under src/features/<name>/", () => {
    const pages = files.filter((f) => isPage(f.path)).map((f) => f.path);
    expect(pages.length).toBeGreaterThan(10);
    expect(files.filter((f) => /Page$/.test(f.path) && !isPage(f.path)).map((f) => f.path)).toEqual([]);
  });

  it("never imports a page from another feature or from shared code", () => {
    expect(pageImportViolations(files)).toEqual([]);
  });

  it("catches a feature importing another feature's page (the check itself can fail)", () => {
    const bad = [{ path: "features/component/ComponentPage", imports: ["features/catalog/CatalogPage", "ui/ui"] }, { path: "ui/N1Table", imports: ["features/what-if/WhatIfPage"] }];
    expect(pageImportViolations(bad)).toEqual(["features/component/ComponentPage imports features/catalog/CatalogPage", "ui/N1Table imports features/what-if/WhatIfPage"]);
  });

  it("defines every message key once, in one feature's or the app's file", () => {
    const dictionaries = sources.filter((f) => /messages\.en\.ts$/.test(f));
    expect(dictionaries.length).toBeGreaterThan(5);
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const f of dictionaries) {
      for (const m of readFileSync(f, "utf8").matchAll(/^\s*"([^"]+)":/gm)) {
        if (seen.has(m[1])) twice.push(`${m[1]} in ${relative(src, f)} and ${seen.get(m[1])}`);
        seen.set(m[1], relative(src, f));
      }
    }
    expect(twice).toEqual([]);
    expect(seen.size).toBeGreaterThan(500);
    for (const key of seen.keys()) expect(messages.en, key).toHaveProperty([key]);
  });
});
