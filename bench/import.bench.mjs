/**
 * Import figures (issue 7, item 5): one tenant imports a 100,000-component model (bench/
 * generate-layered.mjs, JSON) while another tenant polls a cheap route (GET /components?limit=1
 * with an API token, one request at a time, every 20 ms) and /api/v1/health. The real server runs
 * in its own process (packages/server/dist/main.js, PGlite in a temporary directory).
 *
 * Recorded: the import's time, the other tenant's p50/p99/max latency during it (target p99 <
 * 200 ms), /health's max, and the server's peak RSS (VmHWM from /proc).
 *
 * `npm run bench -- import` (`--quick` for a 20,000-component model).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const name = "import";
export const title = "the server: one tenant imports a 100,000-component model while another polls a cheap route (PGlite, localhost)";

function startServerProcess(root, dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, "packages/server/dist/main.js"), "--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--no-demo", "--log-level", "warn", "--web", join(dataDir, "no-web"), "--max-import-mb", "512"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    const onData = (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off("data", onData);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
  });
}

async function json(url, method, body, headers = {}) {
  const r = await fetch(url, { method, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text && (r.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text };
}

function peakRssMiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] : NaN);

export async function run(ctx) {
  const quick = ctx.args?.includes("--quick");
  const COMPONENTS = quick ? 20_000 : 100_000;
  const { ensureLayered } = await import(pathToFileURL(join(ctx.root, "bench/generate-layered.mjs")).href);
  const { path: modelPath } = ensureLayered({ components: COMPONENTS, sites: 100, seed: 1 }, { log: ctx.log });
  let modelText = readFileSync(modelPath, "utf8");

  const dataDir = mkdtempSync(join(tmpdir(), "continuum-bench-import-"));
  ctx.log("import: starting the server (PGlite in a temporary directory)");
  const { child, url } = await startServerProcess(ctx.root, dataDir);
  const rows = [];
  try {
    const setup = await json(`${url}/api/v1/setup`, "POST", { email: "bench@example.com", name: "Bench", password: "a long bench password", organization: { name: "Bench", slug: "bench" } });
    const session = { cookie: setup.headers.get("set-cookie").split(";")[0], "x-csrf-token": setup.body.csrfToken };
    const other = await json(`${url}/api/v1/orgs`, "POST", { name: "Other", slug: "other" }, session);
    if (other.status !== 201) throw new Error(`create org: ${other.status} ${JSON.stringify(other.body)}`);
    const small = readFileSync(join(ctx.root, "examples/pangyo-2022/model.yaml"), "utf8");
    await json(`${url}/api/v1/orgs/other/model/import`, "POST", { files: [{ path: "model.yaml", text: small }] }, session);
    const token = (await json(`${url}/api/v1/orgs/other/tokens`, "POST", { name: "poller", scopes: ["model:read"] }, session)).body.token;
    const auth = { authorization: `Bearer ${token}` };
    const baseline = peakRssMiB(child.pid);

    // the other tenant polls, one request at a time
    const latencies = [];
    const health = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        const r = await fetch(`${url}/api/v1/orgs/other/components?limit=1`, { headers: auth });
        await r.arrayBuffer();
        latencies.push(performance.now() - t);
        const h = performance.now();
        await (await fetch(`${url}/api/v1/health`)).arrayBuffer();
        health.push(performance.now() - h);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    ctx.log(`import: importing the ${COMPONENTS}-component model while the other tenant polls`);
    const body = JSON.stringify({ files: [{ path: "model.json", text: modelText }], comment: "bench" });
    modelText = "";
    const t0 = performance.now();
    const answer = await fetch(`${url}/api/v1/orgs/bench/model/import`, { method: "POST", headers: { "content-type": "application/json", ...session }, body });
    const answerText = await answer.text();
    const importMs = performance.now() - t0;
    polling = false;
    await poll;
    if (answer.status !== 201) throw new Error(`import: ${answer.status} ${answerText.slice(0, 500)}`);
    const peak = peakRssMiB(child.pid);

    // and the first read of the new revision by its own tenant
    const tRead = performance.now();
    const first = await json(`${url}/api/v1/orgs/bench/components?limit=50`, "GET", undefined, session);
    const firstReadMs = performance.now() - tRead;
    if (first.status !== 200 || first.body.total !== COMPONENTS) throw new Error(`read back: ${first.status} total ${first.body.total}`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = percentile(sorted, 0.99);
    const label = `${COMPONENTS.toLocaleString("en")}-component`;
    rows.push({ figure: `import of the ${label} model (JSON, ${(body.length / 2 ** 20).toFixed(0)} MiB body)`, value: Math.round(importMs), unit: "ms", target: "", meets: null, note: "POST /model/import, from sending to the 201" });
    rows.push({ figure: "other tenant during the import: p50 latency", value: Math.round(percentile(sorted, 0.5) * 10) / 10, unit: "ms", target: "", meets: null, note: `${latencies.length} requests, GET /components?limit=1 with a token` });
    rows.push({ figure: "other tenant during the import: p99 latency", value: Math.round(p99 * 10) / 10, unit: "ms", target: "< 200", meets: p99 < 200, note: `max ${Math.round(sorted[sorted.length - 1] ?? NaN)} ms` });
    rows.push({ figure: "/api/v1/health during the import: max latency", value: Math.round(Math.max(...health)), unit: "ms", target: "", meets: null, note: `${health.length} requests` });
    rows.push({ figure: "server peak RSS (VmHWM)", value: peak ?? "n/a", unit: "MiB", target: "", meets: null, note: `${baseline ?? "?"} MiB before the import` });
    rows.push({ figure: "first list page of the imported model", value: Math.round(firstReadMs), unit: "ms", target: "", meets: null });
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
