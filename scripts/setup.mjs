// Setup shared by `npm start` and `npm test`: install what is missing, build what is stale.
// Plain Node (no dependencies), because it runs before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Stops with a plain message (a failed build already printed its errors above). */
export function fail(message) {
  console.error(`\ncontinuum: ${message}`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** `npm install` when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const modules = join(root, "node_modules");
  const lock = join(root, "package-lock.json");
  const marker = join(modules, ".package-lock.json");
  const stale = !existsSync(modules) || !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  console.log("Installing dependencies (npm install)…");
  const code = run("npm", ["install", "--no-audit", "--no-fund"]);
  if (code !== 0) fail("npm install failed (see above)");
}

/** Newest modification time of the files under `paths` (skipping node_modules, dist and dot files). */
export function newest(...paths) {
  let latest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (!s.isDirectory()) latest = Math.max(latest, s.mtimeMs);
    else for (const entry of readdirSync(p)) if (entry !== "node_modules" && entry !== "dist" && !entry.startsWith(".")) visit(join(p, entry));
  };
  paths.forEach(visit);
  return latest;
}

/** The web bundle is missing or older than its sources (or the engine and API shapes it bundles). */
export function webBuildIsStale() {
  const web = join(root, "packages", "web");
  const index = join(web, "dist", "index.html");
  if (!existsSync(index)) return true;
  return newest(join(web, "src"), join(web, "index.html"), join(web, "vite.config.ts"), join(web, "public"), join(root, "packages", "engine", "src"), join(root, "packages", "api", "src")) > statSync(index).mtimeMs;
}

/** TypeScript project builds are incremental; the web bundle is rebuilt only when its sources changed. */
export function ensureBuilt() {
  if (run("npm", ["run", "--silent", "build"]) !== 0) fail("the TypeScript build failed (errors above)");
  if (webBuildIsStale()) {
    console.log("Building the web app…");
    if (run("npm", ["run", "--silent", "build", "-w", "@continuum/web"]) !== 0) fail("the web app build failed (errors above)");
  }
}
