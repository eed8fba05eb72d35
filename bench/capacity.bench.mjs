/**
 * Capacity (continuity-model.md, "Capacity"): the 1M-component site loss of the engine bench
 * (site-42 lost for 8 h, horizon 7 days) with 1,000 recovery plans competing for 50 teams,
 * against the same run where the teams have no capacity (the same plans, nothing counted).
 * Target: with capacities ≤ 2× the time without.
 *
 * The plans (4 steps each, priorities 1–5, activations staggered over an hour) are a second
 * model file beside the generated layered model; five teams sit in the lost site, and one step
 * of each plan needs an application of that site, so steps are interrupted, queue, and wait for
 * people and for machines at once. Each variant is measured in its own fresh process (the
 * 1M model takes about 1 GiB), median of 7 warm simulate() calls (run + contract JSON).
 */
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureLayered } from "./generate-layered.mjs";

export const name = "capacity";
export const title = "1,000 plans competing for 50 teams on the 1M-component site loss";

const here = dirname(fileURLToPath(import.meta.url));
const ENGINE = join(dirname(here), "packages/engine/dist/index.js");
const SITE = "site-42";
const PLANS = 1000;
const TEAMS = 50;
const RUNS = 7;

export async function run(ctx) {
  const quick = ctx.args.includes("--quick");
  const big = ensureLayered({ components: quick ? 100_000 : 1_000_000 }, { log: ctx.log });
  const size = big.meta.components.toLocaleString("en-US");
  const results = {};
  for (const variant of ["without", "with"]) {
    ctx.log(`${variant} capacities: loading ${size} components + ${PLANS} plans in a fresh process`);
    results[variant] = ctx.child(join(here, "capacity.bench.mjs"), ["--child", variant, big.path], { timeout: 600_000 });
    ctx.log(`${variant}: median ${ctx.median(results[variant].warmMs).toFixed(0)} ms (cold ${results[variant].coldMs.toFixed(0)} ms), ${results[variant].instants} instants`);
  }
  const without = ctx.median(results.without.warmMs);
  const withCap = ctx.median(results.with.warmMs);
  const ratio = withCap / without;
  const w = results.with;
  return [
    { figure: `site lost → full simulation with ${PLANS.toLocaleString("en-US")} plans competing for ${TEAMS} teams, ${size} components`, value: Math.round(withCap), unit: "ms", target: "", meets: null, note: `median of ${RUNS} warm simulate() calls (run + contract JSON) in a fresh process; Simulator.run alone ${Math.round(ctx.median(w.warmRunMs))} ms` },
    { figure: "the same run, teams without capacity (nothing counted)", value: Math.round(without), unit: "ms", target: "", meets: null, note: `median of ${RUNS}; Simulator.run alone ${Math.round(ctx.median(results.without.warmRunMs))} ms` },
    { figure: "with capacities / without", value: +ratio.toFixed(2), unit: "×", target: "≤ 2×", meets: ratio <= 2, note: "" },
    { figure: "  what the capacities changed", value: w.waited, unit: "steps waited for units", target: "", meets: null, note: `${w.waits} waits, ${Math.round(w.waitHours)} team-hours of waiting; plans complete ${w.completed}/${PLANS} (without capacities ${results.without.completed}/${PLANS}); last completion ${w.lastCompletionH.toFixed(1)} h vs ${results.without.lastCompletionH.toFixed(1)} h; ${w.instants} instants vs ${results.without.instants}` },
    { figure: "  first (cold) run, with / without", value: `${Math.round(w.coldMs)} / ${Math.round(results.without.coldMs)}`, unit: "ms", target: "", meets: null, note: "right after loading" },
  ];
}

/** Teams and plans as a second model file; `counted` = whether the teams have a capacity. */
export function plansFile(appsInSite, counted) {
  const teams = [];
  for (let k = 0; k < TEAMS; k++) {
    const team = { id: `team-${k}`, kind: "team" };
    if (k < 5) team.site = SITE; // lost with the site: their steps wait for it
    if (counted) team.capacity = 1 + (k % 3);
    teams.push(team);
  }
  const need = (k, units) => (counted && units > 1 ? { id: `team-${k}`, units: Math.min(units, 1 + (k % 3)) } : `team-${k}`);
  const plans = [];
  for (let i = 0; i < PLANS; i++) {
    const a = i % TEAMS;
    const b = (i * 7 + 3) % TEAMS;
    const c = (i * 13 + 5) % TEAMS;
    plans.push({
      id: `plan-${String(i).padStart(4, "0")}`,
      priority: 1 + (i % 5),
      activation: { when: [SITE], after: (i % 12) * 5 },
      steps: [
        { id: "assess", duration: 30 + (i % 7) * 10, needs: [need(a, 1)] },
        { id: "restore", after: ["assess"], duration: 60 + (i % 5) * 15, needs: [need(b, 2), appsInSite[i % appsInSite.length]] },
        { id: "verify", after: ["assess"], duration: 45, needs: [need(c, 1)] },
        { id: "hand-back", after: ["restore", "verify"], duration: 20, needs: [need(a, 1)] },
      ],
    });
  }
  return JSON.stringify({ continuum: 1, components: teams, plans });
}

// ---- child process ---------------------------------------------------------------------------

async function child(variant, path) {
  const engine = await import(pathToFileURL(ENGINE).href);
  let text = readFileSync(path, "utf8");
  const apps = [];
  for (const m of text.matchAll(/"id":"(app-42-\d+)"/g)) if (apps.push(m[1]) >= 200) break;
  if (!apps.length) throw new Error(`no application of ${SITE} in ${path}`);
  const { loaded, diagnostics } = engine.loadModel([{ path, text }, { path: "plans.json", text: plansFile(apps, variant === "with") }], { warnings: false });
  text = "";
  if (!loaded) throw new Error(`model invalid: ${diagnostics.slice(0, 3).map(engine.formatDiagnostic).join("\n")}`);
  const scenario = { scenario: `lose-${SITE}`, horizon: 7 * 1440, events: [{ at: 0, fail: SITE, for: 8 * 60 }] };
  const t0 = performance.now();
  const first = engine.simulateWithWaits(loaded, scenario);
  const coldMs = performance.now() - t0;
  const warmMs = [];
  for (let k = 0; k < RUNS; k++) {
    const a = performance.now();
    engine.simulate(loaded, scenario);
    warmMs.push(performance.now() - a);
  }
  const sim = new engine.Simulator(loaded.compiled);
  const warmRunMs = [];
  let instants = 0;
  for (let k = 0; k < RUNS; k++) {
    const a = performance.now();
    instants = sim.run(engine.scenarioInput(loaded.compiled, scenario)).instants;
    warmRunMs.push(performance.now() - a);
  }
  const plans = Object.values(first.json.plans);
  let waits = 0;
  let waited = 0;
  let waitMinutes = 0;
  for (const steps of Object.values(first.capacityWaits)) {
    for (const list of Object.values(steps)) {
      waited++;
      waits += list.length;
      for (const w of list) waitMinutes += (w.to ?? scenario.horizon) - w.from;
    }
  }
  return {
    coldMs,
    warmMs,
    warmRunMs,
    instants,
    waited,
    waits,
    waitHours: waitMinutes / 60,
    completed: plans.filter((p) => p.completedAt !== null).length,
    lastCompletionH: Math.max(0, ...plans.map((p) => p.completedAt ?? 0)) / 60,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv[2] === "--child") {
  const out = await child(process.argv[3], process.argv[4]);
  console.log(JSON.stringify(out));
}
