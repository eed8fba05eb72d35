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
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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

function wall(command, args) {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 600_000, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${r.stderr?.slice(0, 500)}`);
  return { ms, stdout: r.stdout };
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
  let reach;
  let down;
  for (let k = 0; k < RUNS; k++) {
    const t = wall(PYTHON, [join(here, "igraph_reach.py"), edges]);
    reach = JSON.parse(t.stdout.trim().split("\n").pop());
    theirs.push(t.ms);
    const o = wall(process.execPath, [CLI, "simulate", big.path, "--fail", SITE, "--for", "8h", "--horizon", "7d", "--json"]);
    down = Object.keys(JSON.parse(o.stdout).components).length;
    ours.push(o.ms);
    ctx.log(`run ${k + 1}/${RUNS}: igraph ${t.ms.toFixed(0)} ms, continuum simulate ${o.ms.toFixed(0)} ms`);
  }
  const o = ctx.median(ours);
  const t = ctx.median(theirs);
  return [
    { figure: `\`continuum simulate MODEL --fail ${SITE}\` on the ${size}-component model, whole process`, value: Math.round(o), unit: "ms", target: "< igraph", meets: o < t, note: `median of ${RUNS}, alternating with igraph; full semantics (groups, restarts, plans) and the contract JSON; ${down.toLocaleString("en-US")} components in the result` },
    { figure: "python-igraph, whole process: load the binary edge file + Graph + reverse reachability", value: Math.round(t), unit: "ms", target: "", meets: null, note: `median of ${RUNS}; python-igraph ${reach.igraph} (Debian); ${reach.vertices.toLocaleString("en-US")} vertices, ${reach.edges.toLocaleString("en-US")} edges; read ${reach.readMs.toFixed(0)} ms + Graph ${reach.graphMs.toFixed(0)} ms + subcomponent ${reach.reachMs.toFixed(0)} ms inside; ${reach.reached.toLocaleString("en-US")} vertices reach ${SITE} (no redundancy)` },
    { figure: "ratio igraph / continuum (above 1: continuum is faster)", value: Number((t / o).toFixed(2)), unit: "×", target: "> 1", meets: t / o > 1, note: `${edgeCount.toLocaleString("en-US")} edges written for igraph` },
  ];
}
