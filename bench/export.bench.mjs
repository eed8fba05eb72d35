/**
 * Exports of an earlier revision (issue 7, item 11): a 100,000-component model
 * (bench/generate-layered.mjs) is imported, one component is added (revision 2), and revision 1
 * is exported as YAML several times while another client asks GET /health every 20 ms. Before,
 * every such export wrote the YAML again on the event loop (3.9 s each, /health waiting as long);
 * now the text is written in a worker and kept per revision. Figures: the first export, the
 * later ones, and the slowest /health answer during each.
 *
 * `npm run bench -- export` (`--quick`: 20,000 components).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const name = "export";
export const title = "the server: export of an earlier revision of a large model, and /health meanwhile (localhost)";

function startServerProcess(root, dataDir) {
  return new Promise((resolve, reject) => {
    const args = [join(root, "packages/server/dist/main.js"), "--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--no-demo", "--log-level", "warn", "--web", join(dataDir, "no-web"), "--max-import-mb", "512"];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`the server did not start in 120 s: ${out}`)), 120_000).unref();
  });
}

async function call(url, method, body, headers = {}) {
  const r = await fetch(url, { method, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 300)}`);
  return { text, headers: r.headers };
}

/** Runs `work` while /health is asked every 20 ms; returns its time and the slowest /health answer. */
async function whileProbing(url, work) {
  let slowest = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await fetch(`${url}/api/v1/health`).then((r) => r.text());
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  probing = false;
  await probe;
  return { ms, slowest };
}

export async function run(ctx) {
  const components = ctx.args?.includes("--quick") ? 20_000 : 100_000;
  const { ensureLayered } = await import(pathToFileURL(join(ctx.root, "bench/generate-layered.mjs")).href);
  const { path: modelPath } = ensureLayered({ components, sites: 100, seed: 1 }, { log: ctx.log });
  const modelText = readFileSync(modelPath, "utf8");
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-bench-"));
  const { child, url } = await startServerProcess(ctx.root, dataDir);
  const rows = [];
  try {
    const setup = await call(`${url}/api/v1/setup`, "POST", { email: "bench@example.com", name: "Bench", password: "a long bench password", organization: { name: "Bench", slug: "bench" } });
    const session = { cookie: setup.headers.get("set-cookie").split(";")[0], "x-csrf-token": JSON.parse(setup.text).csrfToken };
    const org = `${url}/api/v1/orgs/bench`;
    ctx.log(`export: importing the ${components}-component model`);
    await call(`${org}/model/import`, "POST", { files: [{ path: "model.json", text: modelText }], comment: "bench" }, session);
    await call(`${org}/components`, "POST", { component: { id: "bench-added", kind: "tool" } }, session);
    const exportOld = () => call(`${org}/model/export?format=yaml&revision=1`, "GET", undefined, { cookie: session.cookie });
    ctx.log("export: first export of revision 1");
    const first = await whileProbing(url, exportOld);
    const later = [];
    for (let i = 0; i < 5; i++) later.push(await whileProbing(url, exportOld));
    const median = ctx.median(later.map((l) => l.ms));
    const slowestLater = Math.max(...later.map((l) => l.slowest));
    rows.push({ figure: `first export of revision 1 (YAML, ${components} components)`, value: Math.round(first.ms), unit: "ms", target: "", meets: null, note: "read from the database, written in a worker" });
    rows.push({ figure: "slowest /health during the first export", value: Math.round(first.slowest), unit: "ms", target: "< 200", meets: first.slowest < 200, note: "asked every 20 ms" });
    rows.push({ figure: "later exports of revision 1", value: Math.round(median), unit: "ms", target: "< 500", meets: median < 500, note: "median of 5; kept per revision" });
    rows.push({ figure: "slowest /health during the later exports", value: Math.round(slowestLater), unit: "ms", target: "< 200", meets: slowestLater < 200, note: "asked every 20 ms" });
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
