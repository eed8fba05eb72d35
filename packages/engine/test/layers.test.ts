/**
 * The engine's folders depend in one direction (docs/architecture.md, "Engine layers"):
 *
 *   base (duration, money) → model → format → compile → simulation → analysis | risk → facade (load, index)
 *
 * A file may import its own folder or a folder of a lower layer; never a higher one, never a
 * sibling of the same layer (analysis and risk do not know each other). The check reads the
 * relative imports of packages/engine/src (tests beside the code excluded: they are not shipped)
 * and fails on a cycle between folders or on an import against the direction.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LAYERS: ReadonlyArray<readonly string[]> = [["base"], ["model"], ["format"], ["compile"], ["simulation"], ["analysis", "risk"], ["facade"]];
/** Files at the root of src belong to a layer by name. */
const ROOT_FILES: Record<string, string> = { "duration.ts": "base", "money.ts": "base", "load.ts": "facade", "index.ts": "facade" };
/**
 * Imports known to go against the direction, each with the reason and the end of its life (none
 * today). An entry that no longer matches an import fails this test, so none outlives its reason.
 */
const PENDING = new Set<string>();

export interface Edge {
  from: string;
  to: string;
}

/** Relative imports (static, re-exports, type-only, dynamic) of each file, as src-relative paths. */
export function importGraph(files: ReadonlyMap<string, string>): Edge[] {
  const edges: Edge[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  for (const [from, text] of files) {
    for (const m of text.matchAll(pattern)) {
      const spec = (m[1] ?? m[2]).replace(/\.js$/, ".ts");
      edges.push({ from, to: posix.normalize(posix.join(posix.dirname(from), spec)) });
    }
  }
  return edges;
}

export function folderOf(path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? (ROOT_FILES[path] ?? `(undeclared root file ${path})`) : path.slice(0, slash);
}

function rankOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Every problem with the graph, as sentences naming the files; empty when the layers hold. */
export function layerViolations(edges: readonly Edge[], pending: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const folders = new Map<string, Map<string, Edge>>(); // folder -> folder it imports -> one example
  const used = new Set<string>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    for (const f of [a, b]) if (rankOf(f) < 0) problems.push(`${f === a ? e.from : e.to}: folder "${f}" is in no layer (declare it in LAYERS)`);
    if (a === b) continue;
    const key = `${e.from} -> ${e.to}`;
    if (pending.has(key)) {
      used.add(key);
      continue;
    }
    if (!folders.has(a)) folders.set(a, new Map());
    if (!folders.get(a)!.has(b)) folders.get(a)!.set(b, e);
    const ra = rankOf(a);
    const rb = rankOf(b);
    if (ra >= 0 && rb >= 0 && rb >= ra) problems.push(`${key}: ${a} may not import ${b} (${rb === ra ? "same layer" : "a higher layer"})`);
  }
  for (const key of pending) if (!used.has(key)) problems.push(`pending exception "${key}" matches no import any more: remove it`);
  // cycles between folders (Tarjan), named by one example import per step
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    for (const w of folders.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      members.push(w);
    } while (w !== v);
    if (members.length > 1) {
      const inside = new Set(members);
      const examples = members.flatMap((m) => [...(folders.get(m) ?? [])].filter(([to]) => inside.has(to)).map(([, e]) => `${e.from} -> ${e.to}`));
      problems.push(`cycle between folders ${members.sort().join(", ")}: ${examples.join("; ")}`);
    }
  };
  for (const f of [...folders.keys()].sort()) if (!index.has(f)) visit(f);
  return problems;
}

function sources(dir: string, root = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of sources(path, root)) out.set(k, v);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.set(relative(root, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return out;
}

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

describe("engine layers", () => {
  it("hold in packages/engine/src", () => {
    const files = sources(SRC);
    const edges = importGraph(files);
    expect(edges.length).toBeGreaterThan(50); // the graph was read, not empty
    expect(layerViolations(edges, PENDING)).toEqual([]);
  });

  it("fail on an import against the direction, naming the file", () => {
    const files = new Map([
      ["model/types.ts", 'import type { CompiledModel } from "../compile/compiled-model.js";'],
      ["compile/compiled-model.ts", 'import type { Model } from "../model/types.js";'],
    ]);
    const problems = layerViolations(importGraph(files));
    expect(problems).toContain("model/types.ts -> compile/compiled-model.ts: model may not import compile (a higher layer)");
    expect(problems).toContainEqual(expect.stringMatching(/^cycle between folders compile, model: /));
  });

  it("fail on siblings of one layer and on folders no layer declares", () => {
    const files = new Map([
      ["risk/register.ts", 'export { spof } from "../analysis/spof.js";'],
      ["reports/pdf.ts", 'const m = await import("../model/types.js");'],
    ]);
    expect(layerViolations(importGraph(files))).toEqual([
      "risk/register.ts -> analysis/spof.ts: risk may not import analysis (same layer)",
      'reports/pdf.ts: folder "reports" is in no layer (declare it in LAYERS)',
    ]);
  });

  it("fail when a pending exception is gone", () => {
    expect(layerViolations([], new Set(["model/a.ts -> simulation/b.ts"]))).toEqual(['pending exception "model/a.ts -> simulation/b.ts" matches no import any more: remove it']);
  });
});
