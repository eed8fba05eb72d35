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

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

/** TypeScript project builds are incremental; the web bundle is rebuilt only when its sources changed. */
export function ensureBuilt() {
  if (run("npm", ["run", "--silent", "build"]) !== 0) fail("the TypeScript build failed (errors above)");
  const web = join(root, "packages", "web");
  if (existsSync(join(web, "vite.config.ts")) || existsSync(join(web, "vite.config.js"))) {
    const built = newest(join(web, "dist"));
    const sources = Math.max(newest(join(web, "src")), newest(join(root, "packages", "engine", "src")));
    if (!built || sources > built) {
      console.log("Building the web app…");
      if (run("npm", ["run", "--silent", "build", "-w", "@continuum/web"]) !== 0) fail("the web app build failed (errors above)");
    }
  }
}
