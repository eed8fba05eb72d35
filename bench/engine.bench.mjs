/**
 * Engine figures on the generated layered models (bench/generate-layered.mjs):
 *   - load the 1M-component model from JSON: read + parse + validate + compile, as
 *     `continuum simulate` does it (loadModel without the structural warnings) ≤ 3 s
 *   - one site lost → full simulation (run + the contract JSON), after loading ≤ 150 ms
 *     (median of several runs; the first, cold run is reported too)
 *   - peak memory (RSS, VmHWM) of a process that loads the model and simulates < 1 GiB
 *   - single points of failure for every tiered service of the 10k model ≤ 1 s
 *   - the whole `continuum simulate MODEL SCENARIO --json` command on the 1M model (information)
 *
 * Every measurement runs in a fresh child process (this file, run with --child …), so one
 * figure's garbage and JIT state never flatter or burden another, and VmHWM is that process's.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { ensureLayered } from "./generate-layered.mjs";

export const name = "engine";
export const title = "load, simulate and spof on a layered model";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ENGINE = join(root, "packages/engine/dist/index.js");
const CLI = join(root, "packages/cli/dist/main.js");

/** The site whose loss is simulated: an ordinary one (every site cascades alike in this model). */
export const SITE = "site-42";
const OUTAGE_MINUTES = 8 * 60;
const HORIZON_MINUTES = 7 * 1440;
const SIM_RUNS = 7;
const LOAD_CHILDREN = 3;

export async function run(ctx) {
  const quick = ctx.args.includes("--quick");
  const big = ensureLayered({ components: quick ? 100_000 : 1_000_000 }, { log: ctx.log });
  const small = ensureLayered({ components: 10_000 }, { log: ctx.log });
  const size = big.meta.components.toLocaleString("en-US");
  ctx.log(`model: ${big.path} (${(big.meta.bytes / 1e6).toFixed(0)} MB, ${big.meta.dependencies.toLocaleString("en-US")} dependencies)${big.cached ? " (cached)" : ""}`);

  const loads = [];
  for (let k = 0; k < LOAD_CHILDREN; k++) {
    const r = ctx.child(join(here, "engine.bench.mjs"), ["--child", "load-simulate", big.path, SITE]);
    ctx.log(`load ${k + 1}/${LOAD_CHILDREN}: read ${r.readMs.toFixed(0)} ms + loadModel ${r.loadModelMs.toFixed(0)} ms; simulate cold ${r.coldMs.toFixed(0)} ms, warm median ${ctx.median(r.warmMs).toFixed(0)} ms; peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    loads.push(r);
  }
  const loadMs = ctx.median(loads.map((r) => r.readMs + r.loadModelMs));
  const readMs = ctx.median(loads.map((r) => r.readMs));
  const parseMs = ctx.median(loads.map((r) => r.loadModelMs));
  const warm = ctx.median(loads.flatMap((r) => r.warmMs));
  const warmRun = ctx.median(loads.flatMap((r) => r.warmRunMs));
  const warmJson = ctx.median(loads.flatMap((r) => r.warmJsonMs));
  const cold = ctx.median(loads.map((r) => r.coldMs));
  const timingPeak = Math.max(...loads.map((r) => r.peakRssMiB));
  const first = loads[0];

  ctx.log("peak memory: load + one simulation in a fresh process");
  const peakRun = ctx.child(join(here, "engine.bench.mjs"), ["--child", "peak", big.path, SITE]);
  const peak = peakRun.peakRssMiB;

  ctx.log("load with warnings (as continuum check)");
  const warned = ctx.child(join(here, "engine.bench.mjs"), ["--child", "load-warnings", big.path]);

  ctx.log("spof on the 10k model");
  const spof = ctx.child(join(here, "engine.bench.mjs"), ["--child", "spof", small.path]);

  const rows = [
    { figure: `load the ${size}-component model from JSON (read + parse + validate + compile)`, value: Math.round(loadMs), unit: "ms", target: "≤ 3000 ms", meets: loadMs <= 3000, note: `median of ${LOAD_CHILDREN} fresh processes; ${(big.meta.bytes / 1e6).toFixed(0)} MB, ${big.meta.dependencies.toLocaleString("en-US")} dependencies; loadModel(files, {warnings: false}) as \`continuum simulate\` calls it` },
    { figure: "  of which reading the file (readFileSync utf8)", value: Math.round(readMs), unit: "ms", target: "", meets: null },
    { figure: "  CPU time of loadModel (user + sys)", value: Math.round(ctx.median(loads.map((r) => r.loadCpuMs))), unit: "ms", target: "", meets: null, note: `the fairer figure on a shared machine; read path: ${first.paths.join(", ")}` },
    { figure: `load the ${size}-component model with warnings, as \`continuum check\` (reader + structural warnings)`, value: Math.round(warned.ms), unit: "ms", target: "", meets: null, note: `an unknown key on every 100th component, a misspelt kind on every 1000th; read path: ${warned.paths.join(", ")}; CPU ${Math.round(warned.cpuMs)} ms; ${warned.warnings.toLocaleString("en-US")} diagnostics (${Object.entries(warned.codes).map(([c, n]) => `${c} ${n}`).join(", ")}); peak RSS ${Math.round(warned.peakRssMiB)} MiB` },
    { figure: "  of which loadModel (parse + validate + compile)", value: Math.round(parseMs), unit: "ms", target: "", meets: null },
    { figure: `${SITE} lost for ${OUTAGE_MINUTES / 60}h → full simulation (run + contract JSON), after loading`, value: Math.round(warm), unit: "ms", target: "≤ 150 ms", meets: warm <= 150, note: `median of ${SIM_RUNS} runs in each of ${LOAD_CHILDREN} processes; each run is simulate() (one Simulator kept per model, as the CLI and server use it); horizon 7d` },
    { figure: "  of which Simulator.run", value: Math.round(warmRun), unit: "ms", target: "", meets: null },
    { figure: "  of which simulationJSON (outages, loss, contract object)", value: Math.round(warmJson), unit: "ms", target: "", meets: null },
    { figure: "  first (cold) simulation right after loading", value: Math.round(cold), unit: "ms", target: "", meets: null, note: `median over the ${LOAD_CHILDREN} processes` },
    { figure: "  components that went down", value: first.down, unit: "components", target: "", meets: null, note: `${first.outages} outages, ${first.instants} instants, ${first.deadlocked} deadlocked` },
    { figure: "peak memory (RSS) for load + simulate", value: Math.round(peak), unit: "MiB", target: "< 1024 MiB", meets: peak < 1024, note: `VmHWM of a fresh process that reads the file, loads the model and simulates the site loss once (as \`continuum simulate\` does), including the contract JSON; heap ${peakRun.heapMiB.toFixed(0)} MiB + typed arrays ${peakRun.arrayBuffersMiB.toFixed(0)} MiB at the end` },
    { figure: `  peak RSS of the timing processes (load + ${1 + SIM_RUNS} simulations)`, value: Math.round(timingPeak), unit: "MiB", target: "", meets: null, note: "the worst of the processes" },
    { figure: `spof for every tiered service of the ${small.meta.components.toLocaleString("en-US")}-component model`, value: Math.round(spof.firstMs), unit: "ms", target: "≤ 1000 ms", meets: spof.firstMs <= 1000, note: `first call in a fresh process (after loading); ${spof.services} services × ${spof.candidates} candidates; ${spof.pairs} (service, X) pairs found` },
    { figure: "  spof again (warm, median of 3)", value: Math.round(spof.warmMs), unit: "ms", target: "", meets: null },
  ];

  if (existsSync(CLI) && !quick) {
    ctx.log("continuum simulate on the 1M model");
    const scenario = join(ctx.dataDir, `lose-${SITE}.yaml`);
    writeFileSync(scenario, `scenario: lose-${SITE}\nhorizon: ${HORIZON_MINUTES / 1440}d\nevents:\n  - {at: 0, fail: ${SITE}, for: ${OUTAGE_MINUTES / 60}h}\n`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, "simulate", big.path, scenario, "--json"], { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 300_000 });
    const ms = performance.now() - t0;
    rows.push({ figure: "`continuum simulate MODEL SCENARIO --json` on the 1M model, whole command", value: r.status === 0 ? Math.round(ms) : `failed (${r.status})`, unit: r.status === 0 ? "ms" : "", target: "", meets: null, note: "wall clock from spawning node to exit, output to /dev/null (information: nice to have)" });
  } else {
    rows.push({ figure: "`continuum simulate` on the 1M model, whole command", value: "n/a", unit: "", target: "", meets: null, note: quick ? "skipped with --quick" : "packages/cli/dist/main.js not built (npm run build)" });
  }
  return rows;
}

// ---- child processes ------------------------------------------------------------------------

const peakRssMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN) / 1024;

async function childLoadSimulate(path, site) {
  const engine = await import(pathToFileURL(ENGINE).href);
  const t0 = performance.now();
  const text = readFileSync(path, "utf8");
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const { loaded, diagnostics, paths } = engine.loadModel([{ path, text }], { warnings: false });
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();
  if (!loaded) throw new Error(`model invalid: ${diagnostics.slice(0, 3).map(engine.formatDiagnostic).join("\n")}`);
  const scenario = { scenario: `lose-${site}`, horizon: HORIZON_MINUTES, events: [{ at: 0, fail: site, for: OUTAGE_MINUTES }] };
  // what the command line and the server do: simulate(), which keeps one Simulator per model
  const once = () => {
    const a = performance.now();
    const json = engine.simulate(loaded, scenario);
    return { json, total: performance.now() - a };
  };
  const cold = once();
  const warmMs = [];
  for (let k = 0; k < SIM_RUNS; k++) warmMs.push(once().total);
  // the same work in its two steps, so the parts can be told apart
  const kept = new engine.Simulator(loaded.compiled);
  const losses = new engine.LossTable(loaded.compiled);
  const warmRunMs = [];
  const warmJsonMs = [];
  let instants = 0;
  let outages = 0;
  for (let k = 0; k < SIM_RUNS; k++) {
    const a = performance.now();
    const run = kept.run(engine.scenarioInput(loaded.compiled, scenario));
    const b = performance.now();
    const json = engine.simulationJSON(loaded.compiled, scenario.scenario, run, losses);
    warmRunMs.push(b - a);
    warmJsonMs.push(performance.now() - b);
    instants = run.instants;
    outages = run.outageCount;
    if (k === 0 && JSON.stringify(json) !== JSON.stringify(cold.json)) throw new Error("bench steps disagree with simulate()");
  }
  return {
    readMs: t1 - t0,
    loadModelMs: t2 - t1,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    paths,
    coldMs: cold.total,
    warmMs,
    warmRunMs,
    warmJsonMs,
    down: Object.keys(cold.json.components).length,
    deadlocked: cold.json.deadlocked.length,
    instants,
    outages,
    peakRssMiB: peakRssMiB(),
  };
}

/**
 * `continuum check` on a model with warnings: the 1M model with an unknown key on every 100th
 * component and a misspelt kind on every 1000th (reader warnings), loaded with the structural
 * warnings too (unused components, unreachable RTOs), as `check` does.
 */
async function childLoadWarnings(path) {
  const engine = await import(pathToFileURL(ENGINE).href);
  let k = 0;
  let j = 0;
  const text = readFileSync(path, "utf8")
    .replace(/\{"id":/g, (m) => (++k % 100 === 0 ? '{"colour":"blue","id":' : m))
    .replace(/"kind":"[a-z-]+"/g, (m) => (++j % 1000 === 0 ? '"kind":"databse"' : m));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { loaded, diagnostics, paths } = engine.loadModel([{ path, text }], { warnings: true });
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  if (!loaded) throw new Error("model invalid");
  const codes = {};
  for (const d of diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, paths, codes, warnings: diagnostics.length, peakRssMiB: peakRssMiB() };
}

async function childPeak(path, site) {
  const engine = await import(pathToFileURL(ENGINE).href);
  // as the command line does it: the file's text is the loader's business and goes with it
  const load = () => engine.loadModel([{ path, text: readFileSync(path, "utf8") }], { warnings: false }).loaded;
  const loaded = load();
  const scenario = { scenario: `lose-${site}`, horizon: HORIZON_MINUTES, events: [{ at: 0, fail: site, for: OUTAGE_MINUTES }] };
  const json = engine.simulate(loaded, scenario);
  const mu = process.memoryUsage();
  return { peakRssMiB: peakRssMiB(), down: Object.keys(json.components).length, heapMiB: mu.heapUsed / 2 ** 20, arrayBuffersMiB: mu.arrayBuffers / 2 ** 20 };
}

async function childSpof(path) {
  const engine = await import(pathToFileURL(ENGINE).href);
  const text = readFileSync(path, "utf8");
  const { loaded } = engine.loadModel([{ path, text }], { warnings: false });
  const t0 = performance.now();
  const result = engine.singlePointsOfFailure(loaded.compiled);
  const firstMs = performance.now() - t0;
  const again = [];
  for (let k = 0; k < 3; k++) {
    const a = performance.now();
    engine.singlePointsOfFailure(loaded.compiled);
    again.push(performance.now() - a);
  }
  again.sort((a, b) => a - b);
  let pairs = 0;
  for (const xs of result.values()) pairs += xs.length;
  return { firstMs, warmMs: again[1], services: result.size, candidates: loaded.compiled.n, pairs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv[2] === "--child") {
  const [task, ...args] = process.argv.slice(3);
  const out = task === "load-simulate" ? await childLoadSimulate(args[0], args[1]) : task === "peak" ? await childPeak(args[0], args[1]) : task === "spof" ? await childSpof(args[0]) : task === "load-warnings" ? await childLoadWarnings(args[0]) : undefined;
  if (!out) throw new Error(`unknown child task ${task}`);
  console.log(JSON.stringify(out));
}
