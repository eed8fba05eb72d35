/**
 * Incident figures (issue 11, section 7):
 *
 *  1. intake under load: 1,000 alerts per second for 60 s into POST /api/v1/intake/alertmanager
 *     (50 requests/s, each an Alertmanager group of 20 alerts, every alert a new fingerprint on a
 *     component of the 10,000-component model), from a bounded loop to 127.0.0.1 against the real
 *     server process (PGlite). Re-projection jobs run meanwhile, as in production. Afterwards the
 *     signals stored are counted: every alert answered 202 must be there (none lost). Target: p99
 *     under 200 ms.
 *  2. the projection after a new signal on the 10,000-component model: `businessClock()` with the
 *     open signals of a lost site plus one new alert, median of 20 runs in one process (target
 *     < 100 ms), and the grouping of those signals by root; and GET /business-clock over HTTP
 *     (database read + projection + JSON).
 *
 * `npm run bench -- incidents` (`--quick`: 10 s of load instead of 60).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const name = "incidents";
export const title = "alert intake under load and the business clock on a 10,000-component model";

const COMPONENTS = 10_000;
const SITES = 100;
const ALERTS_PER_SECOND = 1000;
const PER_REQUEST = 20;
const MAX_IN_FLIGHT = 500;

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function run(ctx) {
  const quick = ctx.args?.includes("--quick");
  const seconds = quick ? 10 : 60;
  const { ensureLayered } = await import(pathToFileURL(join(ctx.root, "bench/generate-layered.mjs")).href);
  const { startServerProcess, json } = await import(pathToFileURL(join(ctx.root, "bench/server.bench.mjs")).href);
  const engine = await import(pathToFileURL(join(ctx.root, "packages/engine/dist/index.js")).href);
  const { path: modelPath } = ensureLayered({ components: COMPONENTS, sites: SITES, seed: 1 }, { log: ctx.log });
  const modelText = readFileSync(modelPath, "utf8");
  const model = JSON.parse(modelText);
  const rows = [];

  // ---- 2a. the projection, in process -----------------------------------------------------
  const loaded = engine.loadModelOrThrow([{ path: "model.json", text: modelText }], { warnings: false });
  const site = model.components.find((c) => c.kind === "site")?.id;
  const inSite = model.components.filter((c) => c.site === site).map((c) => c.id);
  const now = Date.now();
  const open = inSite.slice(0, 200).map((component, i) => ({ component, since: now - (30 - (i % 30)) * 60_000 }));
  const others = model.components.filter((c) => c.site && c.site !== site);
  const times = [];
  let clock;
  for (let i = 0; i < 21; i++) {
    const fresh = { component: others[(i * 97) % others.length].id, since: now };
    const t = performance.now();
    clock = engine.businessClock(loaded.compiled, [...open, fresh], { now });
    if (i > 0) times.push(performance.now() - t); // the first run also builds the simulator
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  rows.push({
    figure: `business clock after a new signal (${open.length + 1} open signals, 10k model)`,
    value: Math.round(median * 10) / 10,
    unit: "ms",
    target: "< 100",
    meets: median < 100,
    note: `median of 20 (max ${Math.round(times.at(-1))} ms); ${clock.services.length} services affected, ${clock.downNow.length} components down, ${clock.plans.length} plans`,
  });
  const gt = [];
  let groups;
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    groups = engine.groupSignalComponents(loaded.compiled, open.map((s) => s.component));
    gt.push(performance.now() - t);
  }
  gt.sort((a, b) => a - b);
  rows.push({ figure: `grouping ${open.length} signals by root failure`, value: Math.round(gt[5] * 10) / 10, unit: "ms", target: "", meets: null, note: `${groups.groups.length} group(s), root ${groups.groups[0]?.root}` });

  // ---- 1. intake under load -------------------------------------------------------------
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-bench-"));
  ctx.log(`incidents: starting the server (${process.env.DATABASE_URL ? "PostgreSQL of DATABASE_URL: give it a fresh database" : "PGlite in a temporary directory"})`);
  const { child, url } = await startServerProcess(ctx.root, dataDir);
  try {
    const setup = await json(`${url}/api/v1/setup`, "POST", { email: "bench@example.com", name: "Bench", password: "a long bench password", organization: { name: "Bench", slug: "bench" } });
    const session = { cookie: setup.headers.get("set-cookie").split(";")[0], "x-csrf-token": setup.body.csrfToken };
    ctx.log(`incidents: importing the ${COMPONENTS}-component model`);
    await json(`${url}/api/v1/orgs/bench/model/import`, "POST", { files: [{ path: "model.json", text: modelText }], comment: "bench" }, session);
    const key = (await json(`${url}/api/v1/orgs/bench/intake-keys`, "POST", { name: "bench" }, session)).body.key;
    const targets = others.slice(0, 500).map((c) => c.id);

    const latencies = [];
    let accepted = 0;
    let failed = 0;
    let inFlight = 0;
    let skipped = 0;
    let seq = 0;
    const interval = 1000 / (ALERTS_PER_SECOND / PER_REQUEST);
    const requests = Math.round((seconds * ALERTS_PER_SECOND) / PER_REQUEST);
    ctx.log(`incidents: ${ALERTS_PER_SECOND} alerts/s for ${seconds} s (${requests} requests of ${PER_REQUEST})`);
    const started = performance.now();
    const pending = [];
    for (let r = 0; r < requests; r++) {
      const due = started + r * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      const startsAt = new Date().toISOString();
      const alerts = [];
      for (let a = 0; a < PER_REQUEST; a++) {
        const n = seq++;
        alerts.push({ status: "firing", labels: { alertname: "HostDown", component: targets[n % targets.length], n: String(n) }, annotations: {}, startsAt, endsAt: "0001-01-01T00:00:00Z", fingerprint: `bench-${n}` });
      }
      const body = JSON.stringify({ version: "4", status: "firing", receiver: "continuum", groupLabels: {}, commonLabels: {}, alerts });
      inFlight++;
      const t = performance.now();
      pending.push(
        fetch(`${url}/api/v1/intake/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body })
          .then(async (res) => {
            await res.arrayBuffer();
            latencies.push(performance.now() - t);
            if (res.status === 202) accepted += PER_REQUEST;
            else failed += PER_REQUEST;
          })
          .catch(() => (failed += PER_REQUEST))
          .finally(() => inFlight--),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const stored = (await json(`${url}/api/v1/orgs/bench/signals?open=true&limit=1`, "GET", undefined, session)).body.total;
    const p99 = percentile(latencies, 99);
    const sent = seq;
    rows.push({
      figure: `intake: ${ALERTS_PER_SECOND} alerts/s for ${seconds} s (Alertmanager groups of ${PER_REQUEST}) — p99 latency`,
      value: Math.round(p99),
      unit: "ms",
      target: "< 200",
      meets: p99 < 200 && failed === 0 && skipped === 0,
      note: `median ${Math.round(percentile(latencies, 50))} ms, max ${Math.round(latencies.at(-1))} ms; ${latencies.length} requests in ${elapsed.toFixed(1)} s`,
    });
    rows.push({
      figure: "intake: alerts answered 202 and stored (none lost)",
      value: `${stored} of ${accepted}`,
      unit: "alerts",
      target: "all",
      meets: stored === accepted && failed === 0,
      note: `${sent} sent, ${failed} refused or failed, ${skipped * PER_REQUEST} not sent (over ${MAX_IN_FLIGHT} requests in flight)`,
    });
    rows.push({ figure: "intake: alerts per second achieved", value: Math.round(accepted / elapsed), unit: "alerts/s", target: `≥ ${ALERTS_PER_SECOND}`, meets: accepted / elapsed >= ALERTS_PER_SECOND * 0.98 });

    // ---- 2b. the projection over HTTP, with the alerts just received open --------------------
    const ht = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await json(`${url}/api/v1/orgs/bench/business-clock`, "GET", undefined, session);
      ht.push(performance.now() - t);
    }
    ht.sort((a, b) => a - b);
    rows.push({ figure: `GET /business-clock with ${stored} open signals (database read, projection, JSON)`, value: Math.round(ht[2]), unit: "ms", target: "", meets: null, note: "median of 5" });
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
