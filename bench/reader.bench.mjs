/**
 * Issue 8, one reader: the 1M layered JSON model through the one model reader (JSON read by
 * packages/engine/src/model/json-tape.ts), as `continuum simulate` loads it and as `continuum
 * check` reads a model with warnings (which stays on the tape: there is no other reader).
 *   - load: a fresh process reads the file and calls loadModel(…, {warnings: false}); its read
 *     path is reported (it must be `json-tape`);
 *   - `continuum check` on the model with an unknown key on every 100th component and a misspelt
 *     kind on every 1000th (reader warnings) plus the structural ones, whole process (GNU time);
 *   - `continuum check` on the model as generated, whole process.
 * `--runs=N` sets how many fresh load processes (default 3; the median is reported).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureLayered } from "./generate-layered.mjs";
import { wall } from "./igraph.bench.mjs";

export const name = "reader";
export const title = "issue 8, one reader: the 1M JSON model through json-tape, as simulate loads it and as check reads it with warnings";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ENGINE = join(root, "packages/engine/dist/index.js");
const CLI = join(root, "packages/cli/dist/main.js");

/** The model with reader warnings: an unknown key on every 100th component, a misspelt kind on every 1000th. */
function ensureWarned(path) {
  const out = path.replace(/\.json$/, ".warned.json");
  if (existsSync(out)) return out;
  let k = 0;
  let j = 0;
  const text = readFileSync(path, "latin1")
    .replace(/\{"id":/g, (m) => (++k % 100 === 0 ? '{"colour":"blue","id":' : m))
    .replace(/"kind":"[a-z-]+"/g, (m) => (++j % 1000 === 0 ? '"kind":"databse"' : m));
  writeFileSync(out, text, "latin1");
  return out;
}

const peakRssMiB = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function childLoad(path) {
  const engine = await import(pathToFileURL(ENGINE).href);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const text = readFileSync(path).toString("latin1"); // as the CLI reads ASCII text (the bytes are not kept)
  const t1 = performance.now();
  const { loaded, paths } = engine.loadModel([{ path, text }], { warnings: false });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (!loaded) throw new Error("model invalid");
  return { readMs: t1 - t0, loadMs: t2 - t1, ms: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, paths, peakRssMiB: peakRssMiB() };
}

export async function run(ctx) {
  const quick = ctx.args.includes("--quick");
  const runs = Number(ctx.args.find((a) => a.startsWith("--runs="))?.slice(7)) || 3;
  const big = ensureLayered({ components: quick ? 100_000 : 1_000_000 }, { log: ctx.log });
  const size = big.meta.components.toLocaleString("en-US");
  const loads = [];
  for (let k = 0; k < runs; k++) {
    const r = ctx.child(join(here, "reader.bench.mjs"), ["--child", "load", big.path]);
    ctx.log(`load ${k + 1}/${runs}: read ${r.readMs.toFixed(0)} ms + loadModel ${r.loadMs.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)} ms), path ${r.paths.join(", ")}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    loads.push(r);
  }
  const med = (f) => ctx.median(loads.map(f));
  const loadMs = med((r) => r.ms);
  const rows = [
    { figure: `load the ${size}-component JSON model (read + loadModel, as \`simulate\`)`, value: Math.round(loadMs), unit: "ms", target: "≤ 3000 ms", meets: loadMs <= 3000, note: `median of ${runs} fresh processes; read ${Math.round(med((r) => r.readMs))} ms + loadModel ${Math.round(med((r) => r.loadMs))} ms; CPU ${Math.round(med((r) => r.cpuMs))} ms; read path ${loads[0].paths.join(", ")}; peak RSS ${Math.round(Math.max(...loads.map((r) => r.peakRssMiB)))} MiB` },
  ];
  const warned = ensureWarned(big.path);
  for (const [figure, path, note] of [
    [`\`continuum check\` on the ${size}-component model with warnings, whole process`, warned, "an unknown key on every 100th component, a misspelt kind on every 1000th, plus the structural warnings; read path json-tape (the reader has no other)"],
    [`\`continuum check\` on the ${size}-component model as generated, whole process`, big.path, "structural warnings only"],
  ]) {
    ctx.log(figure);
    const r = wall(process.execPath, [CLI, "check", path]);
    rows.push({ figure, value: Math.round(r.ms), unit: "ms", target: "", meets: null, note: `once; CPU ${Math.round(r.cpuMs)} ms; peak RSS ${Math.round(r.peakMiB)} MiB; ${note}` });
  }
  return rows;
}

if (process.argv[2] === "--child") {
  const [task, path] = process.argv.slice(3);
  if (task === "load") console.log(JSON.stringify(await childLoad(path)));
}
