#!/usr/bin/env node
/**
 * `npm start`: runs Continuum on a fresh clone. Installs the dependencies when node_modules is
 * missing, builds what is not built (the TypeScript packages incrementally; the web app when its
 * build is missing or older than its sources), then starts the server in this process
 * (packages/server/dist/main.js) with the arguments given: `npm start -- --help` lists the settings.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureInstalled, root, webBuildIsStale } from "./setup.mjs";

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

// 1. dependencies
ensureInstalled();

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

// 3. the web app, when its build is missing or older than its sources
if (!helpOnly && webBuildIsStale()) {
  const index = join(root, "packages/web/dist/index.html");
  if (!run(npm, ["run", "build", "-w", "@continuum/web"], "building the web app")) {
    say(existsSync(index) ? "the web app build failed; serving its previous build" : "the web app build failed; the server starts without it (the API works)");
  }
}

// 4. the server, in this process
await import(pathToFileURL(serverMain).href);
