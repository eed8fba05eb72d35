/**
 * Server figures (issue 3, section 7): the list and read endpoints on a 10,000-component model
 * (bench/generate-layered.mjs, 100 sites) at 50 concurrent connections, with autocannon against
 * the real server on localhost (packages/server/dist/main.js in its own process, PGlite in a
 * temporary directory, an API token). Targets: ≥ 5,000 requests/s and p99 < 50 ms for each.
 *
 * The mix of requests: list pages (limit 50) with and without filters (kind, site, tier, text
 * search) and following cursors, and reads of 500 different components. The server answers the
 * current revision from memory and caches serialized answers per revision; the first request for
 * a page after an import is measured separately (cold).
 *
 * `npm run bench -- server` (`--quick` for shorter runs).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const name = "server";
export const title = "the server: list and read endpoints on a 10,000-component model, 50 connections (autocannon, localhost)";

const COMPONENTS = 10_000;
const SITES = 100;
const CONNECTIONS = 50;

/** Starts the built server in its own process; resolves with its URL once it listens. */
export function startServerProcess(root, dataDir) {
  return new Promise((resolve, reject) => {
    // BENCH_SERVER_NODE_ARGS: flags for the server's node (e.g. --cpu-prof), to see where its time goes
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(root, "packages/server/dist/main.js"), "--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--no-demo", "--log-level", "warn", "--web", join(dataDir, "no-web")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const onData = (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`the server did not start in 120 s: ${out}`)), 120_000).unref();
  });
}

export async function json(url, method, body, headers = {}) {
  const r = await fetch(url, { method, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 300)}`);
  return { body: text ? JSON.parse(text) : null, headers: r.headers };
}

function cannon(autocannon, url, token, paths, seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: paths.map((path) => ({ method: "GET", path })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

export async function run(ctx) {
  const quick = ctx.args?.includes("--quick");
  const seconds = quick ? 4 : 10;
  const { ensureLayered } = await import(pathToFileURL(join(ctx.root, "bench/generate-layered.mjs")).href);
  const autocannon = (await import("autocannon")).default;
  const { path: modelPath } = ensureLayered({ components: COMPONENTS, sites: SITES, seed: 1 }, { log: ctx.log });
  const modelText = readFileSync(modelPath, "utf8");
  const model = JSON.parse(modelText);

  const dataDir = mkdtempSync(join(tmpdir(), "continuum-bench-"));
  ctx.log("server: starting the server (PGlite in a temporary directory)");
  const { child, url } = await startServerProcess(ctx.root, dataDir);
  const rows = [];
  try {
    const setup = await json(`${url}/api/v1/setup`, "POST", { email: "bench@example.com", name: "Bench", password: "a long bench password", organization: { name: "Bench", slug: "bench" } });
    const session = { cookie: setup.headers.get("set-cookie").split(";")[0], "x-csrf-token": setup.body.csrfToken };
    const org = `${url}/api/v1/orgs/bench`;
    ctx.log(`server: importing the ${COMPONENTS}-component model`);
    const t0 = performance.now();
    await json(`${org}/model/import`, "POST", { files: [{ path: "model.json", text: modelText }], comment: "bench" }, session);
    const importMs = performance.now() - t0;
    const token = (await json(`${org}/tokens`, "POST", { name: "bench", scopes: ["model:read"] }, session)).body.token;
    const auth = { authorization: `Bearer ${token}` };

    // the request mix: list pages (filters, cursors) and component reads
    const kinds = [...new Set(model.components.map((c) => c.kind).filter(Boolean))];
    const sites = [...new Set(model.components.map((c) => c.site).filter(Boolean))].slice(0, 20);
    const listPaths = ["/api/v1/orgs/bench/components?limit=50"];
    for (const k of kinds) listPaths.push(`/api/v1/orgs/bench/components?limit=50&kind=${encodeURIComponent(k)}`);
    for (const s of sites) listPaths.push(`/api/v1/orgs/bench/components?limit=50&site=${encodeURIComponent(s)}`);
    for (const t of [1, 2, 3]) listPaths.push(`/api/v1/orgs/bench/components?limit=50&tier=${t}`);
    for (const q of ["app", "db-1", "svc"]) listPaths.push(`/api/v1/orgs/bench/components?limit=50&q=${q}`);
    let cursor = null;
    for (let i = 0; i < 20; i++) {
      const page = (await json(`${url}/api/v1/orgs/bench/components?limit=50${cursor ? `&cursor=${cursor}` : ""}`, "GET", undefined, auth)).body;
      cursor = page.nextCursor;
      if (!cursor) break;
      listPaths.push(`/api/v1/orgs/bench/components?limit=50&cursor=${cursor}`);
    }
    const step = Math.floor(model.components.length / 500);
    const readPaths = model.components.filter((_, i) => i % step === 0).slice(0, 500).map((c) => `/api/v1/orgs/bench/components/${encodeURIComponent(c.id)}`);

    // cold: the first answer for a page after the import
    const tCold = performance.now();
    await json(`${url}${listPaths[1]}`, "GET", undefined, auth);
    const coldMs = performance.now() - tCold;

    ctx.log("server: warming up");
    await cannon(autocannon, url, token, [...listPaths, ...readPaths], 2);

    for (const [what, paths] of [
      [`list (GET /components, limit 50: ${listPaths.length} pages with filters and cursors)`, listPaths],
      [`read (GET /components/:id, ${readPaths.length} components)`, readPaths],
    ]) {
      ctx.log(`server: ${what}, ${CONNECTIONS} connections, ${seconds} s`);
      const r = await cannon(autocannon, url, token, paths, seconds);
      const ok = r.non2xx === 0 && r.errors === 0;
      const rps = Math.round(r.requests.average);
      rows.push({ figure: `${what}: requests/s`, value: rps, unit: "req/s", target: "≥ 5000", meets: rps >= 5000 && ok, note: `${CONNECTIONS} connections, ${seconds} s, ${r.non2xx} non-2xx, ${r.errors} errors` });
      rows.push({ figure: `${what}: p99 latency`, value: r.latency.p99, unit: "ms", target: "< 50", meets: r.latency.p99 < 50 && ok, note: `median ${r.latency.p50} ms, max ${r.latency.max} ms` });
    }
    rows.push({ figure: `import of the ${COMPONENTS}-component model (JSON, validated, stored relationally)`, value: Math.round(importMs), unit: "ms", target: "", meets: null });
    rows.push({ figure: "first list page after the import (cold cache)", value: Math.round(coldMs * 10) / 10, unit: "ms", target: "", meets: null });
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
