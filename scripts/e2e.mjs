#!/usr/bin/env node
/**
 * Browser journeys, end to end: builds the web app if it is missing or stale, starts the real
 * server (packages/server/dist, PGlite in a temporary directory, no demo data), and runs every
 * packages/web/e2e/*.e2e.mjs journey in order, each in a fresh browser context of Debian's
 * Chromium (playwright-core). Prints `e2e: N passed, N failed` last; exits 1 on a failure.
 *
 *   node scripts/e2e.mjs                 all journeys
 *   node scripts/e2e.mjs --screenshots   also writes docs/screenshots/*.png
 *   node scripts/e2e.mjs --only whatif   journeys whose file name contains "whatif"
 *   node scripts/e2e.mjs --mock          against packages/web/dev/mock-api.mjs (no server needed)
 *   CHROMIUM=/path/to/chrome             another browser binary
 *
 * Journeys share one server, in file order (setup first); a journey exports `name` and
 * `run(t)` where t gives { page, context, baseURL, shared, screenshot(name), step(text), newContext() }.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const webDir = join(root, "packages/web");
const e2eDir = join(webDir, "e2e");
const shotDir = join(root, "docs/screenshots");
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const option = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const screenshots = flag("--screenshots");
const only = option("--only");
const useMock = flag("--mock");
const verbose = flag("--verbose");

const log = (...m) => console.log(...m);

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

function buildWebIfNeeded() {
  const index = join(webDir, "dist/index.html");
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(join(webDir, "src")), newest(join(root, "packages/engine/src")), statSync(join(webDir, "index.html")).mtimeMs, statSync(join(webDir, "vite.config.ts")).mtimeMs);
  if (built >= sources) return;
  log("e2e: building the web app (vite build)…");
  const r = spawnSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: webDir, stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}

function buildServerIfNeeded() {
  const entry = join(root, "packages/server/dist/index.js");
  const src = join(root, "packages/server/src");
  if (!existsSync(src) && !existsSync(entry)) throw new Error("packages/server is not there yet: run with --mock, or wait for the server");
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  if (existsSync(src) && newest(src) > built) {
    log("e2e: building the server (tsc -b packages/server)…");
    const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/server"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0 && !existsSync(entry)) throw new Error("the server does not build");
  }
  return entry;
}

async function startBackend(dataDir) {
  if (useMock) {
    const { startMockServer } = await import(pathToFileURL(join(webDir, "dev/mock-api.mjs")).href);
    const s = await startMockServer({ port: 0, webDir: join(webDir, "dist") });
    return { url: s.url, close: s.close };
  }
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

async function launch() {
  const { chromium } = await import("playwright-core");
  const executablePath = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
  if (!executablePath) throw new Error("no Chromium found: apt-get install -y chromium (or set CHROMIUM=…)");
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

async function main() {
  const files = readdirSync(e2eDir).filter((f) => f.endsWith(".e2e.mjs")).sort().filter((f) => !only || f.includes(only));
  buildWebIfNeeded();
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-e2e-"));
  let backend;
  let browser;
  let passed = 0;
  let failed = 0;
  try {
    backend = await startBackend(dataDir);
    log(`e2e: ${useMock ? "mock API" : "server"} at ${backend.url}, data in ${dataDir}`);
    browser = await launch();
    if (screenshots) mkdirSync(shotDir, { recursive: true });
    const shared = {};
    for (const file of files) {
      const journey = await import(pathToFileURL(join(e2eDir, file)).href);
      const name = journey.name ?? file;
      const contexts = [];
      const pageErrors = [];
      const newContext = async (options = {}) => {
        const context = await browser.newContext({ baseURL: backend.url, viewport: { width: 1440, height: 900 }, locale: "en-US", ...options });
        context.setDefaultTimeout(15_000);
        contexts.push(context);
        context.on("page", (p) => p.on("pageerror", (e) => pageErrors.push(e.message)));
        return context;
      };
      const context = await newContext();
      const page = await context.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      if (verbose) page.on("console", (m) => log(`    [console.${m.type()}] ${m.text()}`));
      const steps = [];
      const t0 = performance.now();
      try {
        await journey.run({
          page,
          context,
          baseURL: backend.url,
          shared,
          root,
          newContext,
          step: (text) => {
            steps.push(text);
            if (verbose) log(`    · ${text}`);
          },
          screenshot: async (shot, target = page, options = {}) => {
            if (!screenshots) return;
            await target.evaluate?.(() => window.scrollTo(0, 0));
            await target.waitForTimeout(200);
            await target.screenshot({ path: join(shotDir, `${shot}.png`), ...options });
          },
        });
        if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join(" | ")}`);
        passed++;
        log(`  ✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        log(`  ✗ ${name}: ${e?.message?.split("\n").slice(0, 6).join("\n      ") ?? e}`);
        if (steps.length) log(`      last step: ${steps[steps.length - 1]}`);
        try {
          mkdirSync(join(root, "packages/web/e2e/failures"), { recursive: true });
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(root, "packages/web/e2e/failures", `${file.replace(/\.e2e\.mjs$/, "")}.png`), fullPage: true });
          log(`      screenshot: ${relative(root, join(root, "packages/web/e2e/failures", `${file.replace(/\.e2e\.mjs$/, "")}.png`))}`);
        } catch {
          /* the page may be gone */
        }
      } finally {
        for (const c of contexts) await c.close().catch(() => {});
      }
    }
  } catch (e) {
    failed++;
    log(`  ✗ setup: ${e?.stack ?? e}`);
  } finally {
    await browser?.close().catch(() => {});
    await backend?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
  log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
