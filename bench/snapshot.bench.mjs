/**
 * The compiled snapshot (`continuum compile MODEL -o model.cmodel`) against the JSON text, on the
 * 1M layered model, side by side in one run:
 *   - `continuum compile` whole process (once: what the snapshot costs to make)
 *   - load from the snapshot (read the bytes + readSnapshot) ≤ 3 s, beside the load from JSON
 *     (read the text + loadModel), alternating fresh processes, median of 3 each
 *   - one site lost → simulation after each load, with the same contract JSON (checked)
 *   - peak memory of load from the snapshot + one simulation < 1 GiB
 *   - `continuum simulate MODEL --fail site-42 --for 8h --horizon 7d --json` whole process, from
 *     the snapshot and from the JSON (wall, CPU and peak RSS with GNU time), median of 3 each
 *   - the same from the snapshot after its source's time changed (the content hash is computed)
 *   - `continuum check model.cmodel` whole process
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, utimesSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { ensureLayered } from "./generate-layered.mjs";

export const name = "snapshot";
export const title = "the compiled snapshot (.cmodel) against the JSON text, 1M layered model";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const ENGINE = join(root, "packages/engine/dist/index.js");
const CLI = join(root, "packages/cli/dist/main.js");
const SITE = "site-42";
const OUTAGE_MINUTES = 8 * 60;
const HORIZON_MINUTES = 7 * 1440;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** A whole process: wall clock, and with GNU time its CPU time and peak RSS. */
function whole(args) {
  const usage = join(tmpdir(), `continuum-bench-snapshot-${process.pid}.txt`);
  const t0 = performance.now();
  const command = [process.execPath, CLI, ...args];
  const r = TIME
    ? spawnSync(TIME, ["-f", "%U %S %M", "-o", usage, ...command], { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: 900_000, maxBuffer: 1 << 30 })
    : spawnSync(command[0], command.slice(1), { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: 900_000, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`continuum ${args.join(" ")} failed (${r.status}): ${String(r.stderr).slice(0, 500)}`);
  let cpuMs = NaN;
  let peakMiB = NaN;
  if (TIME) {
    const [user, sys, kb] = readFileSync(usage, "utf8").trim().split("\n").pop().split(" ").map(Number);
    cpuMs = (user + sys) * 1000;
    peakMiB = kb / 1024;
    rmSync(usage, { force: true });
  }
  return { ms, cpuMs, peakMiB, sha: createHash("sha256").update(r.stdout).digest("hex") };
}

export async function run(ctx) {
  // `--runs=N`: fresh processes per figure (default 3; fewer when the shared machine is busy)
  const RUNS = Number(ctx.args.find((a) => a.startsWith("--runs="))?.slice(7)) || 3;
  if (!existsSync(CLI)) return [{ figure: "snapshot bench", value: "n/a", unit: "", target: "", meets: null, note: "packages/cli/dist/main.js not built (npm run build)" }];
  const quick = ctx.args.includes("--quick");
  const big = ensureLayered({ components: quick ? 100_000 : 1_000_000 }, { log: ctx.log });
  const size = big.meta.components.toLocaleString("en-US");
  const snapshot = big.path.replace(/\.json$/, ".cmodel");

  ctx.log(`continuum compile ${big.path}`);
  const compiled = whole(["compile", big.path, "-o", snapshot]);
  const bytes = statSync(snapshot).size;

  const fromSnapshot = [];
  const fromJson = [];
  for (let k = 0; k < RUNS; k++) {
    const s = ctx.child(join(here, "snapshot.bench.mjs"), ["--child", "load", "snapshot", snapshot]);
    const j = ctx.child(join(here, "snapshot.bench.mjs"), ["--child", "load", "json", big.path]);
    ctx.log(`load ${k + 1}/${RUNS}: snapshot ${(s.readMs + s.loadMs).toFixed(0)} ms (CPU ${s.cpuMs.toFixed(0)} ms), JSON ${(j.readMs + j.loadMs).toFixed(0)} ms (CPU ${j.cpuMs.toFixed(0)} ms)`);
    if (s.simulationSha !== j.simulationSha) throw new Error("the snapshot's simulation differs from the JSON's");
    fromSnapshot.push(s);
    fromJson.push(j);
  }
  const med = (list, f) => ctx.median(list.map(f));
  const snapLoad = med(fromSnapshot, (r) => r.readMs + r.loadMs);
  const jsonLoad = med(fromJson, (r) => r.readMs + r.loadMs);
  const peak = ctx.child(join(here, "snapshot.bench.mjs"), ["--child", "peak", "snapshot", snapshot]);

  ctx.log("continuum simulate, whole process, from the snapshot and from JSON");
  const cliArgs = (model) => ["simulate", model, "--fail", SITE, "--for", `${OUTAGE_MINUTES / 60}h`, "--horizon", `${HORIZON_MINUTES / 1440}d`, "--json"];
  const cliSnap = [];
  const cliJson = [];
  for (let k = 0; k < RUNS; k++) {
    cliSnap.push(whole(cliArgs(snapshot)));
    cliJson.push(whole(cliArgs(big.path)));
  }
  if (cliSnap.some((r) => r.sha !== cliJson[0].sha)) throw new Error("continuum simulate prints another result from the snapshot");
  const check = whole(["check", snapshot]);
  // same bytes, another time: the reader hashes the 205 MB source to tell
  const t = statSync(big.path);
  utimesSync(big.path, t.atime, new Date(t.mtimeMs + 1000));
  const hashed = whole(cliArgs(snapshot));
  utimesSync(big.path, t.atime, t.mtime);

  const wall = (list) => ctx.median(list.map((r) => r.ms));
  const cpu = (list) => ctx.median(list.map((r) => r.cpuMs));
  const peakOf = (list) => Math.max(...list.map((r) => r.peakMiB));
  return [
    { figure: `\`continuum compile\` the ${size}-component JSON model, whole process`, value: Math.round(compiled.ms), unit: "ms", target: "", meets: null, note: `once; CPU ${Math.round(compiled.cpuMs)} ms, peak RSS ${Math.round(compiled.peakMiB)} MiB; snapshot ${(bytes / 2 ** 20).toFixed(0)} MiB (JSON ${(big.meta.bytes / 2 ** 20).toFixed(0)} MiB)` },
    { figure: `load the ${size}-component model from the snapshot (read + readSnapshot)`, value: Math.round(snapLoad), unit: "ms", target: "≤ 3000 ms", meets: snapLoad <= 3000, note: `median of ${RUNS} fresh processes; CPU ${Math.round(med(fromSnapshot, (r) => r.cpuMs))} ms; read ${Math.round(med(fromSnapshot, (r) => r.readMs))} ms` },
    { figure: `load the ${size}-component model from JSON (read + loadModel), same run`, value: Math.round(jsonLoad), unit: "ms", target: "≤ 3000 ms", meets: jsonLoad <= 3000, note: `median of ${RUNS} fresh processes, alternating with the above; CPU ${Math.round(med(fromJson, (r) => r.cpuMs))} ms; read ${Math.round(med(fromJson, (r) => r.readMs))} ms` },
    { figure: "  ratio JSON / snapshot", value: +(jsonLoad / snapLoad).toFixed(1), unit: "×", target: "", meets: null },
    { figure: `  ${SITE} lost → first simulation after the snapshot load`, value: Math.round(med(fromSnapshot, (r) => r.coldMs)), unit: "ms", target: "", meets: null, note: `after the JSON load: ${Math.round(med(fromJson, (r) => r.coldMs))} ms; the contract JSON of both is the same (checked)` },
    { figure: "peak memory (RSS): load from the snapshot + one simulation", value: Math.round(peak.peakRssMiB), unit: "MiB", target: "< 1024 MiB", meets: peak.peakRssMiB < 1024, note: `VmHWM of a fresh process; from JSON (the timing processes): ${Math.round(Math.max(...fromJson.map((r) => r.peakRssMiB)))} MiB` },
    { figure: `\`continuum simulate model.cmodel --fail ${SITE} --json\`, whole process`, value: Math.round(wall(cliSnap)), unit: "ms", target: "", meets: null, note: `median of ${RUNS}; CPU ${Math.round(cpu(cliSnap))} ms; peak RSS ${Math.round(peakOf(cliSnap))} MiB; source unchanged (stat only)` },
    { figure: `\`continuum simulate model.json --fail ${SITE} --json\`, whole process, same run`, value: Math.round(wall(cliJson)), unit: "ms", target: "", meets: null, note: `median of ${RUNS}, alternating; CPU ${Math.round(cpu(cliJson))} ms; peak RSS ${Math.round(peakOf(cliJson))} MiB; same output (checked)` },
    { figure: "  from the snapshot after the source's time changed (content hash computed)", value: Math.round(hashed.ms), unit: "ms", target: "", meets: null, note: `once; CPU ${Math.round(hashed.cpuMs)} ms` },
    { figure: "`continuum check model.cmodel`, whole process", value: Math.round(check.ms), unit: "ms", target: "", meets: null, note: `once; CPU ${Math.round(check.cpuMs)} ms; peak RSS ${Math.round(check.peakMiB)} MiB` },
  ];
}

// ---- child processes ------------------------------------------------------------------------

const peakRssMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN) / 1024;

async function childLoad(kind, path, simulate = true) {
  const engine = await import(pathToFileURL(ENGINE).href);
  const t0 = performance.now();
  const input = kind === "snapshot" ? readFileSync(path) : readFileSync(path, "utf8");
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const loaded = kind === "snapshot" ? engine.readSnapshot(input) : engine.loadModel([{ path, text: input }], { warnings: false }).loaded;
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();
  const out = { readMs: t1 - t0, loadMs: t2 - t1, cpuMs: (cpu.user + cpu.system) / 1000 };
  if (!simulate) return out;
  const scenario = { scenario: `lose-${SITE}`, horizon: HORIZON_MINUTES, events: [{ at: 0, fail: SITE, for: OUTAGE_MINUTES }] };
  const a = performance.now();
  const json = JSON.stringify(engine.simulate(loaded, scenario));
  return { ...out, coldMs: performance.now() - a, simulationSha: createHash("sha256").update(json).digest("hex"), peakRssMiB: peakRssMiB() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv[2] === "--child") {
  const [task, kind, path] = process.argv.slice(3);
  const out = task === "load" ? await childLoad(kind, path) : task === "peak" ? await childLoad(kind, path) : undefined;
  if (!out) throw new Error(`unknown child task ${task}`);
  console.log(JSON.stringify(out));
}
