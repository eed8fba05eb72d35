/**
 * `continuum simulate` against python-igraph on the same graph, side by side in one run (issue 8):
 *   - ours: the whole `continuum simulate MODEL --fail site-42 --for 8h --horizon 7d --json`
 *     process on the 1M layered model (read the JSON, validate, compile, simulate with full
 *     semantics: redundancy groups, restarts, plans; the contract JSON to /dev/null);
 *   - igraph: the whole `python3 bench/igraph_reach.py EDGES` process: load the same graph from a
 *     binary edge file (written once from the model, cached in bench/data), build the Graph and
 *     find what can reach site-42 (reverse reachability, which ignores redundancy: an upper bound
 *     of what goes down).
 * Alternating runs, median of each; the ratio is igraph / ours (above 1: ours is faster).
 * python-igraph comes from Debian (`apt-get install python3-igraph`; PyPI is not reachable here):
 * without it the rows say so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLayered } from "./generate-layered.mjs";

export const name = "igraph";
export const title = "continuum simulate vs python-igraph (load + reverse reachability), whole processes, same graph";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const CLI = join(root, "packages/cli/dist/main.js");
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SITE = "site-42";
const RUNS = 3;

/** Writes the model's dependency graph as int32: n, the lost vertex, then (from, to) pairs. */
function writeEdges(modelPath, out) {
  const model = JSON.parse(readFileSync(modelPath, "utf8"));
  const index = new Map(model.components.map((c, i) => [c.id, i]));
  const pairs = [];
  model.components.forEach((c, i) => {
    if (c.site) pairs.push(i, index.get(c.site));
    for (const d of c.dependsOn ?? []) {
      if (typeof d === "string") pairs.push(i, index.get(d));
      else for (const m of d.members) pairs.push(i, index.get(m));
    }
  });
  const data = new Int32Array(2 + pairs.length);
  data[0] = model.components.length;
  data[1] = index.get(SITE);
  data.set(pairs, 2);
  writeFileSync(out, Buffer.from(data.buffer));
  return pairs.length / 2;
}

const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/**
 * Runs a whole process: its wall clock, and (with GNU time) its CPU seconds and peak RSS. On a
 * shared machine the CPU time is the fairer comparison: waiting for a core is not the program's.
 */
export function wall(command, args) {
  const usage = join(tmpdir(), `continuum-bench-time-${process.pid}.txt`);
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ["-f", "%U %S %M", "-o", usage, command, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 900_000, maxBuffer: 1 << 30 })
    : spawnSync(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 900_000, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${r.stderr?.slice(0, 500)}`);
  let cpuMs = NaN;
  let peakMiB = NaN;
  if (TIME) {
    const [user, sys, kb] = readFileSync(usage, "utf8").trim().split("\n").pop().split(" ").map(Number);
    cpuMs = (user + sys) * 1000;
    peakMiB = kb / 1024;
    rmSync(usage, { force: true });
  }
  return { ms, cpuMs, peakMiB, stdout: r.stdout };
}

export async function run(ctx) {
  const quick = ctx.args.includes("--quick");
  const big = ensureLayered({ components: quick ? 100_000 : 1_000_000 }, { log: ctx.log });
  const size = big.meta.components.toLocaleString("en-US");
  const probe = spawnSync(PYTHON, ["-c", "import igraph; print(igraph.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return [{ figure: `python-igraph load + reverse reachability on the ${size}-component graph`, value: "n/a", unit: "", target: "", meets: null, note: "python-igraph is not installed (Debian: apt-get install python3-igraph; PyPI is not reachable here)" }];
  }
  if (!existsSync(CLI)) throw new Error("packages/cli/dist/main.js is missing: npm run build");
  const edges = big.path.replace(/\.json$/, ".edges.bin");
  let edgeCount;
  if (!existsSync(edges) || !existsSync(edges + ".count")) {
    ctx.log(`writing the graph for igraph: ${edges}`);
    edgeCount = writeEdges(big.path, edges);
    writeFileSync(edges + ".count", String(edgeCount));
  } else edgeCount = Number(readFileSync(edges + ".count", "utf8"));

  const ours = [];
  const theirs = [];
  const oursCpu = [];
  const theirsCpu = [];
  let oursPeak = 0;
  let theirsPeak = 0;
  let reach;
  let down;
  for (let k = 0; k < RUNS; k++) {
    const t = wall(PYTHON, [join(here, "igraph_reach.py"), edges]);
    reach = JSON.parse(t.stdout.trim().split("\n").pop());
    theirs.push(t.ms);
    theirsCpu.push(t.cpuMs);
    theirsPeak = Math.max(theirsPeak, t.peakMiB);
    const o = wall(process.execPath, [CLI, "simulate", big.path, "--fail", SITE, "--for", "8h", "--horizon", "7d", "--json"]);
    down = Object.keys(JSON.parse(o.stdout).components).length;
    ours.push(o.ms);
    oursCpu.push(o.cpuMs);
    oursPeak = Math.max(oursPeak, o.peakMiB);
    ctx.log(`run ${k + 1}/${RUNS}: igraph ${t.ms.toFixed(0)} ms (cpu ${t.cpuMs.toFixed(0)} ms), continuum simulate ${o.ms.toFixed(0)} ms (cpu ${o.cpuMs.toFixed(0)} ms)`);
  }
  const o = ctx.median(ours);
  const t = ctx.median(theirs);
  return [
    { figure: `\`continuum simulate MODEL --fail ${SITE}\` on the ${size}-component model, whole process`, value: Math.round(o), unit: "ms", target: "< igraph", meets: o < t, note: `median of ${RUNS}, alternating with igraph; full semantics (groups, restarts, plans) and the contract JSON; ${down.toLocaleString("en-US")} components in the result` },
    { figure: "python-igraph, whole process: load the binary edge file + Graph + reverse reachability", value: Math.round(t), unit: "ms", target: "", meets: null, note: `median of ${RUNS}; python-igraph ${reach.igraph} (Debian); ${reach.vertices.toLocaleString("en-US")} vertices, ${reach.edges.toLocaleString("en-US")} edges; read ${reach.readMs.toFixed(0)} ms + Graph ${reach.graphMs.toFixed(0)} ms + subcomponent ${reach.reachMs.toFixed(0)} ms inside; ${reach.reached.toLocaleString("en-US")} vertices reach ${SITE} (no redundancy)` },
    { figure: "ratio igraph / continuum (above 1: continuum is faster)", value: Number((t / o).toFixed(2)), unit: "×", target: "> 1", meets: t / o > 1, note: `wall clock; ${edgeCount.toLocaleString("en-US")} edges written for igraph` },
    { figure: "  CPU time (user + sys): continuum simulate", value: Math.round(ctx.median(oursCpu)), unit: "ms", target: "", meets: null, note: `median of ${RUNS} (GNU time); peak RSS ${Math.round(oursPeak)} MiB` },
    { figure: "  CPU time (user + sys): python-igraph", value: Math.round(ctx.median(theirsCpu)), unit: "ms", target: "", meets: null, note: `median of ${RUNS} (GNU time); peak RSS ${Math.round(theirsPeak)} MiB` },
    { figure: "  ratio of CPU times igraph / continuum", value: Number((ctx.median(theirsCpu) / ctx.median(oursCpu)).toFixed(2)), unit: "×", target: "", meets: null, note: "the fairer figure when the machine is shared" },
  ];
}
