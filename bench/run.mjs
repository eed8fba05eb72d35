#!/usr/bin/env node
/**
 * The benchmark harness: `npm run bench` runs every bench module, prints one table and writes
 * docs/benchmarks.md. `npm run bench -- engine` runs only bench/engine.bench.mjs (several names
 * may be given; `--list` lists the modules; `--no-write` leaves docs/benchmarks.md alone).
 *
 * MODULE CONVENTION (for bench/engine.bench.mjs, and the bench/server.bench.mjs and
 * bench/risk.bench.mjs to come):
 *
 *   - a module is a file bench/<name>.bench.mjs; the harness finds it by that pattern;
 *   - it exports `name` (the <name> of its file), optionally `title` (one line for the report)
 *     and `async function run(ctx)`;
 *   - run() returns an array of rows `{ figure, value, unit, target, meets, note? }`:
 *       figure  what was measured, in words ("load the 1M model from JSON")
 *       value   a number (or a string when there is no number, e.g. "n/a")
 *       unit    "ms", "s", "MiB", "components", …
 *       target  the target in words ("≤ 3000 ms"), or "" when the row is only information
 *       meets   true / false against the target, or null when there is no target
 *       note    optional: how it was measured (median of 7, cold, …)
 *     Every figure is reported whether it meets its target or not; never drop a failing row.
 *   - ctx gives: root (repo), benchDir, dataDir (bench/data, gitignored: cache generated inputs
 *     there), log(message) (progress on stderr), machine {cpu, cores, memoryGiB, node, platform,
 *     load (the 1/5/15-minute load average when the run started: the machine may be shared)},
 *     child(script, args, options) → runs `node script args` in a fresh process and returns the
 *     JSON object it prints last on stdout (measure memory and cold starts there), median(list),
 *     and args (command line words that are not module names, e.g. --quick).
 *   - keep a module's whole run well under a minute or two; generate inputs on demand and
 *     cache them by their parameters.
 *
 * The report keeps one block per module between <!-- bench:NAME --> and <!-- /bench:NAME -->
 * markers (bench/report.mjs): a run replaces only the blocks of the modules it ran (and the
 * last-run line between <!-- bench-run --> markers), in place; every other line of
 * docs/benchmarks.md, such as readings written by hand, is kept.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { updateReport } from "./report.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const dataDir = join(benchDir, "data");
const reportPath = join(root, "docs", "benchmarks.md");

function machine() {
  let cpu = cpus()[0]?.model ?? "unknown CPU";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let load = "";
  try {
    load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    // not Linux
  }
  return { cpu, cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform} ${process.arch}`, load };
}

const median = (list) => {
  const s = [...list].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function child(script, args = [], options = {}) {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 2 ** 20,
    timeout: options.timeout ?? 300_000,
    env: { ...process.env, ...(options.env ?? {}) },
  });
  if (r.status !== 0) throw new Error(`${relative(root, script)} ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.error?.message ?? ""}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

function modules() {
  return readdirSync(benchDir)
    .filter((f) => f.endsWith(".bench.mjs"))
    .sort()
    .map((f) => ({ file: join(benchDir, f), name: f.slice(0, -".bench.mjs".length) }));
}

const fmtValue = (v) => (typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 })) : String(v));
const mark = (meets) => (meets === true ? "yes" : meets === false ? "NO" : "—");

function table(rows) {
  const cells = rows.map((r) => [r.figure, `${fmtValue(r.value)} ${r.unit ?? ""}`.trim(), r.target || "", mark(r.meets)]);
  const head = ["figure", "value", "target", "meets"];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 1 ? x.padStart(width[i]) : x.padEnd(width[i]))).join("  ");
  return [line(head), width.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

function markdownSection(mod, rows, m, when, seconds) {
  const esc = (s) => String(s).replace(/\|/g, "\\|");
  const lines = [
    `<!-- bench:${mod.name} -->`,
    `## ${mod.name}${mod.title ? `: ${mod.title}` : ""}`,
    "",
    `Run ${when} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform})${m.load ? `, load average ${m.load} at the start` : ""}; the module took ${seconds.toFixed(1)} s.`,
    "",
    "| Figure | Value | Target | Meets | How |",
    "|---|---:|---|:---:|---|",
    ...rows.map((r) => `| ${esc(r.figure)} | ${esc(`${fmtValue(r.value)} ${r.unit ?? ""}`.trim())} | ${esc(r.target || "")} | ${mark(r.meets)} | ${esc(r.note ?? "")} |`),
    `<!-- /bench:${mod.name} -->`,
  ];
  return lines.join("\n");
}

function writeReport(sections, when, m) {
  const old = existsSync(reportPath) ? readFileSync(reportPath, "utf8") : "";
  const body = updateReport(old, sections, `Last run: ${when} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}.`);
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, body);
}

async function main() {
  const argv = process.argv.slice(2);
  const all = modules();
  if (argv.includes("--list")) {
    for (const m of all) console.log(m.name);
    return 0;
  }
  const names = argv.filter((a) => !a.startsWith("-") && all.some((m) => m.name === a));
  const unknown = argv.filter((a) => !a.startsWith("-") && !all.some((m) => m.name === a));
  if (unknown.length) {
    console.error(`no bench module ${unknown.map((u) => `"${u}"`).join(", ")}; modules: ${all.map((m) => m.name).join(", ")}`);
    return 2;
  }
  const chosen = names.length ? all.filter((m) => names.includes(m.name)) : all;
  const m = machine();
  const when = new Date().toISOString().replace(/\.\d+Z$/, "Z").replace("T", " ");
  console.error(`bench: ${chosen.map((c) => c.name).join(", ")} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}`);
  const ctx = {
    root,
    benchDir,
    dataDir,
    machine: m,
    args: argv.filter((a) => a.startsWith("-")),
    log: (msg) => console.error(`  ${msg}`),
    median,
    child,
  };
  mkdirSync(dataDir, { recursive: true });
  const sections = [];
  let failed = 0;
  for (const mod of chosen) {
    const loaded = await import(pathToFileURL(mod.file).href);
    const info = { name: loaded.name ?? mod.name, title: loaded.title };
    console.error(`\n[${info.name}]${info.title ? ` ${info.title}` : ""}`);
    const t0 = performance.now();
    let rows;
    try {
      rows = await loaded.run(ctx);
    } catch (e) {
      failed++;
      rows = [{ figure: "module failed", value: String(e?.message ?? e).split("\n")[0], unit: "", target: "runs", meets: false }];
      console.error(e?.stack ?? e);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`\n${info.name}${info.title ? `: ${info.title}` : ""}\n${table(rows)}\n`);
    sections.push([info.name, markdownSection(info, rows, m, when, seconds)]);
  }
  if (!argv.includes("--no-write")) {
    writeReport(sections, when, m);
    console.error(`wrote ${relative(root, reportPath)}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
