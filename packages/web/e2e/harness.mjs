/**
 * What the browser journeys (scripts/e2e.mjs) and the browser benchmark (bench/web.bench.mjs)
 * share: build the web app when stale, start the real server on a temporary
 * data directory, launch Debian's Chromium through playwright-core.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const webDir = join(root, "packages/web");
let log = (...m) => console.error(...m);
export function setLog(fn) {
  log = fn;
}

function newest(dir, skip = /node_modules|dist/) {
  let t = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

export function buildWebIfNeeded() {
  const index = join(webDir, "dist/index.html");
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(join(webDir, "src")), newest(join(root, "packages/engine/src")), statSync(join(webDir, "index.html")).mtimeMs, statSync(join(webDir, "vite.config.ts")).mtimeMs);
  if (built >= sources) return;
  log("e2e: building the web app (vite build)…");
  const r = spawnSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: webDir, stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}

export function buildServerIfNeeded() {
  const entry = join(root, "packages/server/dist/index.js");
  const src = join(root, "packages/server/src");
  if (!existsSync(src) && !existsSync(entry)) throw new Error("packages/server is missing");
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (existsSync(src) && newest(src) > built) {
    log("e2e: building the server (tsc -b packages/server)…");
    const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/server"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0 && !existsSync(entry)) throw new Error("the server does not build");
  }
  return entry;
}

export async function startBackend(dataDir, { verbose = false } = {}) {
  const entry = buildServerIfNeeded();
  const mod = await import(pathToFileURL(entry).href);
  if (typeof mod.startServer !== "function") throw new Error("packages/server/dist/index.js does not export startServer");
  const started = await mod.startServer({ port: 0, host: "127.0.0.1", dataDir, demo: false, logger: verbose, webDir: join(webDir, "dist") });
  // accept the shapes a server might answer with: { url, close }, { app }, a Fastify instance
  const app = started?.app ?? started?.server ?? started;
  let url = started?.url;
  if (!url) {
    const address = app?.server?.address?.() ?? app?.address?.();
    const port = typeof address === "object" && address ? address.port : started?.port;
    url = `http://127.0.0.1:${port}`;
  }
  url = String(url).replace("localhost", "127.0.0.1").replace(/\/$/, "");
  const close = async () => {
    if (typeof started?.close === "function") await started.close();
    else if (typeof app?.close === "function") await app.close();
  };
  return { url, close };
}

export async function launch() {
  const { chromium } = await import("playwright-core");
  const executablePath = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
  if (!executablePath) throw new Error("no Chromium found: apt-get install -y chromium (or set CHROMIUM=…)");
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

