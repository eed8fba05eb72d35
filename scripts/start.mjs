#!/usr/bin/env node
/**
 * `npm start`: runs Continuum on a fresh clone. Installs the dependencies when node_modules is
 * missing, builds what is not built (the TypeScript packages incrementally; the web app when its
 * build is missing or older than its sources), then starts the server in this process
 * (packages/server/dist/main.js) with the arguments given: `npm start -- --help` lists the settings.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const helpOnly = args.includes("--help") || args.includes("-h");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function say(message) {
  process.stderr.write(`continuum: ${message}\n`);
}

function run(command, commandArgs, what) {
  say(`${what} (${command} ${commandArgs.join(" ")})`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status === 0;
}

/** Newest modification time of the files under `paths` (skipping node_modules and dist). */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== "node_modules" && entry !== "dist" && !entry.startsWith(".")) visit(join(p, entry));
    } else max = Math.max(max, s.mtimeMs);
  };
  paths.forEach(visit);
  return max;
}

// 1. dependencies
if (!existsSync(join(root, "node_modules")) || !existsSync(join(root, "node_modules", "fastify"))) {
  if (!run(npm, ["install"], "installing the dependencies")) {
    say("npm install failed; see the messages above");
    process.exit(1);
  }
}

// 2. the TypeScript packages (tsc -b rebuilds only what changed, and nothing when all is built)
const serverMain = join(root, "packages/server/dist/main.js");
if (!(helpOnly && existsSync(serverMain))) {
  if (!run(npx, ["tsc", "-b", "packages/engine", "packages/cli", "packages/server"], "building what is not built")) {
    if (!existsSync(serverMain)) {
      say("the TypeScript build failed; see the messages above");
      process.exit(1);
    }
    say("the TypeScript build failed; starting the previous build of the server");
  }
}

// 3. the web app
if (!helpOnly) {
  const webDir = join(root, "packages/web");
  const webPackage = join(webDir, "package.json");
  const hasBuild = existsSync(webPackage) && Boolean(JSON.parse(readFileSync(webPackage, "utf8")).scripts?.build);
  if (hasBuild) {
    const index = join(webDir, "dist/index.html");
    const sources = [join(webDir, "src"), join(webDir, "index.html"), join(webDir, "vite.config.ts"), join(webDir, "public"), join(root, "packages/engine/src")];
    const stale = !existsSync(index) || newest(sources) > statSync(index).mtimeMs;
    if (stale && !run(npm, ["run", "build", "-w", "@continuum/web"], "building the web app")) {
      say(existsSync(index) ? "the web app build failed; serving its previous build" : "the web app build failed; the server starts without it (the API works)");
    }
  }
}

// 4. the server, in this process
await import(pathToFileURL(serverMain).href);
