// `npm test`: every test there is, from a fresh clone. Installs and builds what is missing, then
// runs unit, property and API tests (vitest), the contract's public conformance cases against the
// built CLI, and the browser journeys (real Chromium), and closes with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ensureInstalled, root } from "./setup.mjs";

const only = process.argv.slice(2); // e.g. `npm test -- unit conformance`
const want = (stage) => !only.length || only.includes(stage);
const totals = { passed: 0, failed: 0 };
const failures = [];

function stage(name, fn) {
  if (!want(name)) return;
  console.log(`\n=== ${name} ===`);
  const { passed, failed, ok } = fn();
  totals.passed += passed;
  totals.failed += failed;
  if (!ok) failures.push(name);
}

ensureInstalled();
ensureBuilt();

stage("unit", () => {
  const dir = mkdtempSync(join(tmpdir(), "continuum-vitest-"));
  const report = join(dir, "report.json");
  const r = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { cwd: root, stdio: "inherit" });
  let passed = 0;
  let failed = r.status === 0 ? 0 : 1;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (json.numFailedTestSuites ?? 0);
  }
  rmSync(dir, { recursive: true, force: true });
  return { passed, failed: r.status === 0 ? failed : Math.max(failed, 1), ok: r.status === 0 };
});

stage("conformance", () => {
  const spec = join(root, "..", "shared", "spec");
  if (!existsSync(join(spec, "conformance.mjs"))) {
    console.log("skipped: ../shared/spec is not beside this checkout");
    return { passed: 0, failed: 0, ok: true };
  }
  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const cases of [join(spec, "cases"), join(spec, "cases", "plans"), join(spec, "capacity-cases")]) {
    if (!existsSync(cases)) {
      console.log(`skipped: ${cases} is absent`);
      continue;
    }
    const r = spawnSync("node", [join(spec, "conformance.mjs"), cases, "--", "node", join(root, "packages/cli/dist/main.js")], { cwd: root, encoding: "utf8" });
    process.stdout.write(r.stdout.replace(/^conformance: .*$/m, (line) => line.replace("conformance:", `conformance (${cases.split(/[\\/]/).pop()}):`)));
    process.stderr.write(r.stderr);
    const m = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    passed += m ? Number(m[1]) : 0;
    failed += m ? Number(m[2]) : 1;
    if (r.status !== 0) ok = false;
  }
  return { passed, failed, ok };
});

stage("e2e", () => {
  const runner = join(root, "scripts", "e2e.mjs");
  if (!existsSync(runner)) return { passed: 0, failed: 0, ok: true };
  const r = spawnSync("node", [runner], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(r.stdout);
  const m = /(\d+) passed, (\d+) failed/.exec(r.stdout);
  return { passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : r.status === 0 ? 0 : 1, ok: r.status === 0 };
});

console.log(`\n${failures.length ? `FAILED stages: ${failures.join(", ")}` : "all stages green"}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length ? 1 : 0);
