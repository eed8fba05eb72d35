/** `continuum compile` and the commands that read its snapshots (runs the built CLI: npm run build first). */
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cli = join(root, "packages", "cli", "dist", "main.js");
const example = join(root, "examples", "pangyo-2022", "model.yaml");

function continuum(cwd: string, ...args: string[]) {
  return continuumIn("en", cwd, ...args);
}

function continuumIn(lang: string, cwd: string, ...args: string[]) {
  const r = spawnSync("node", [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", CONTINUUM_LANG: lang } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "continuum-compile-"));
  copyFileSync(example, join(dir, "model.yaml"));
  return dir;
}

describe("continuum compile", () => {
  it("writes a snapshot that simulate, spof and check read with the same results as the model itself", () => {
    const dir = workspace();
    const c = continuum(dir, "compile", "model.yaml", "-o", "model.cmodel");
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/model\.cmodel: 53 components/);
    for (const args of [["simulate", "--fail", "pangyo-idc", "--for", "17.5h", "--json"], ["spof", "--json"]]) {
      const fromText = continuum(dir, args[0], "model.yaml", ...args.slice(1));
      const fromSnapshot = continuum(dir, args[0], "model.cmodel", ...args.slice(1));
      expect(fromSnapshot.code, fromSnapshot.stderr).toBe(0);
      expect(fromSnapshot.stdout).toBe(fromText.stdout);
      expect(fromSnapshot.stdout.length).toBeGreaterThan(100);
    }
    const check = continuum(dir, "check", "model.cmodel");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/valid, 53 components, 2 plans; 7 warnings/);
    expect(check.stderr).toMatch(/model\.yaml:\d+:\d+: warning \[cycle\]/); // the warnings keep their places
  });

  it("refuses a snapshot whose source changed, accepts one whose source was only touched, and one shipped alone", () => {
    const dir = workspace();
    expect(continuum(dir, "compile", "model.yaml", "-o", "model.cmodel").code).toBe(0);
    utimesSync(join(dir, "model.yaml"), new Date(), new Date(Date.now() + 5000)); // same bytes, new time: the hash decides
    expect(continuum(dir, "check", "model.cmodel").code).toBe(0);
    mkdirSync(join(dir, "alone"));
    copyFileSync(join(dir, "model.cmodel"), join(dir, "alone", "model.cmodel"));
    const text = readFileSync(join(dir, "model.yaml"), "utf8");
    writeFileSync(join(dir, "model.yaml"), text.replace("rto: 4h", "rto: 5h")); // same size, other content
    const stale = continuum(dir, "simulate", "model.cmodel", "--fail", "pangyo-idc", "--json");
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toMatch(/model\.cmodel is stale: model\.yaml changed since it was compiled; run continuum compile model\.yaml -o model\.cmodel again/);
    expect(continuumIn("ko_KR.UTF-8", dir, "check", "model.cmodel").stderr).toMatch(/model\.cmodel 은\(는\) 오래된 스냅숏입니다: 컴파일한 뒤 model\.yaml 이\(가\) 바뀌었습니다\. continuum compile model\.yaml -o model\.cmodel 를 다시 실행하세요/);
    appendFileSync(join(dir, "model.yaml"), "\n# more\n");
    expect(continuum(dir, "spof", "model.cmodel").stderr).toMatch(/is stale/);
    expect(continuum(dir, "check", join("alone", "model.cmodel")).code).toBe(0); // no sources beside it: used as it is
    expect(continuum(dir, "compile", "model.yaml", "-o", "model.cmodel").code).toBe(0);
    expect(continuum(dir, "check", "model.cmodel").code).toBe(0);
  });

  it("refuses a snapshot of another format version, and a file that is no snapshot, with the way out", () => {
    const dir = workspace();
    expect(continuum(dir, "compile", "model.yaml", "-o", "model.cmodel").code).toBe(0);
    const bytes = readFileSync(join(dir, "model.cmodel"));
    bytes.writeUInt32LE(99, 8);
    writeFileSync(join(dir, "future.cmodel"), bytes);
    const future = continuum(dir, "simulate", "future.cmodel", "--fail", "pangyo-idc");
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/future\.cmodel was compiled by another version of continuum \(snapshot format 99, but this engine reads format 1/);
    writeFileSync(join(dir, "text.cmodel"), "continuum: 1\n");
    expect(continuum(dir, "check", "text.cmodel").stderr).toMatch(/text\.cmodel is not a compiled model/);
    expect(continuum(dir, "risk", "model.cmodel").stderr).toMatch(/model\.cmodel is a compiled model; risk reads the model's own YAML or JSON files/);
  });

  it("writes nothing for an invalid model", () => {
    const dir = workspace();
    writeFileSync(join(dir, "bad.yaml"), "continuum: 1\ncomponents:\n  - id: a\n    dependsOn: [b]\n");
    const r = continuum(dir, "compile", "bad.yaml", "-o", "bad.cmodel");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid model .*nothing written/);
    expect(() => readFileSync(join(dir, "bad.cmodel"))).toThrow();
  });
});
