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
 *   CHROMIUM=/path/to/chrome             another browser binary
 *
 * Journeys share one server, in file order (setup first); a journey exports `name` and
 * `run(t)` where t gives { page, context, baseURL, shared, screenshot(name), step(text), newContext() }.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
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
const verbose = flag("--verbose");

const log = (...m) => console.log(...m);
const { buildWebIfNeeded, startBackend, launch, setLog } = await import(pathToFileURL(join(webDir, "e2e/harness.mjs")).href);
setLog(log);

async function main() {
  const files = readdirSync(e2eDir).filter((f) => f.endsWith(".e2e.mjs")).sort().filter((f) => !only || f.includes(only));
  buildWebIfNeeded();
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-e2e-"));
  let backend;
  let browser;
  let passed = 0;
  let failed = 0;
  try {
    backend = await startBackend(dataDir, { verbose });
    log(`e2e: server at ${backend.url}, data in ${dataDir}`);
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
