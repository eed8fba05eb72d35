#!/usr/bin/env node
// The `continuum` command as npm links it. Why a committed shim instead of pointing `bin` at
// dist/main.js: npm links a workspace's bins while it installs, before the root `prepare` script
// has built dist/, and it skips a bin whose file does not exist yet — so a fresh clone needed a
// second `npm install` before `npx continuum` worked. This file always exists; it builds the CLI
// on first use if dist/ is missing (e.g. after `npm install --ignore-scripts`), then runs it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/main.js", import.meta.url);

if (!existsSync(fileURLToPath(built))) {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const tsc = fileURLToPath(new URL("../../../node_modules/typescript/bin/tsc", import.meta.url));
  if (!existsSync(tsc)) {
    process.stderr.write("continuum: the command line is not built (packages/cli/dist is missing) and TypeScript is not installed; run `npm install` at the repository root\n");
    process.exit(70);
  }
  process.stderr.write("continuum: building the command line once (tsc -b packages/cli)…\n");
  const result = spawnSync(process.execPath, [tsc, "-b", "packages/cli"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    process.stderr.write("continuum: the build failed (errors above)\n");
    process.exit(70);
  }
}

const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
