/**
 * A fresh clone runs `npx continuum` after one `npm install`: npm links a bin while it installs,
 * before the build, and skips a bin whose file is missing. So the bin must be a file git keeps.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cliDir = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the continuum bin", () => {
  const bin: string = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")).bin.continuum;

  it("is a file in git, not a build output", () => {
    const tracked = execFileSync("git", ["ls-files", "--error-unmatch", bin], { cwd: cliDir, encoding: "utf8" }).trim();
    expect(tracked).toBe(bin);
    expect(bin.startsWith("dist/")).toBe(false);
  });

  it("runs the CLI with its arguments and exit status", () => {
    const help = spawnSync("node", [join(cliDir, bin), "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^continuum \d+\.\d+\.\d+: /);
    const wrong = spawnSync("node", [join(cliDir, bin), "check"], { encoding: "utf8" });
    expect(wrong.status).toBe(2);
  });
});
