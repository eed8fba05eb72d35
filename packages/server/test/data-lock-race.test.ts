/**
 * The data-directory lock's stale-lock takeover is atomic: several processes that find a dead
 * owner's lock at the same instant end with exactly one owner, round after round. The contenders
 * are real child processes (the built lock module), started once and kept alive, so that the
 * winner of each round is a live owner the others must respect.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const LOCK_MODULE = join(ROOT, "packages/server/dist/storage/data-lock.js");
const CONTENDERS = 6;
const ROUNDS = 25;

const CHILD = `
import { acquireDataLock } from ${JSON.stringify(pathToFileURL(LOCK_MODULE).href)};
import { createInterface } from "node:readline";
let lock;
createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, dir, at] = line.split(" ");
  if (cmd === "go") {
    // every contender starts at the same instant: wait, then spin the last milliseconds
    setTimeout(() => {
      while (Date.now() < Number(at)) {}
      try {
        lock = acquireDataLock(dir);
        process.stdout.write("owner\\n");
      } catch (e) {
        process.stdout.write((e.name === "DataDirectoryLockedError" ? "locked" : "error " + e.message.replace(/\\n/g, " ")) + "\\n");
      }
    }, Math.max(0, Number(at) - Date.now() - 5));
  } else if (cmd === "release") {
    lock?.release();
    lock = undefined;
    process.stdout.write("released\\n");
  }
});
process.stdout.write("ready\\n");
`;

class Contender {
  readonly child: ChildProcessWithoutNullStreams;
  private lines: string[] = [];
  private waiting?: (line: string) => void;
  constructor() {
    this.child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], { stdio: ["pipe", "pipe", "pipe"] });
    let buffer = "";
    this.child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      let i;
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (this.waiting) {
          const w = this.waiting;
          this.waiting = undefined;
          w(line);
        } else this.lines.push(line);
      }
    });
  }
  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`contender ${this.child.pid} did not answer`)), 20_000);
      this.waiting = (l) => (clearTimeout(timer), resolve(l));
    });
  }
  send(line: string) {
    this.child.stdin.write(line + "\n");
  }
}

describe("the data directory lock under a takeover race", () => {
  let contenders: Contender[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    const build = spawnSync("npx", ["tsc", "-b", "packages/server"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    contenders = Array.from({ length: CONTENDERS }, () => new Contender());
    for (const c of contenders) expect(await c.next()).toBe("ready");
  }, 180_000);

  afterAll(() => {
    for (const c of contenders) c.child.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it(`gives a dead owner's lock to exactly one of ${CONTENDERS} processes, ${ROUNDS} rounds in a row`, async () => {
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout.trim());
    const owners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dir = mkdtempSync(join(tmpdir(), "continuum-lock-race-"));
      dirs.push(dir);
      writeFileSync(join(dir, "continuum.lock"), JSON.stringify({ pid: deadPid, hostname: hostname(), startedAt: `2020-01-01T00:00:${String(round).padStart(2, "0")}.000Z` }));
      const at = Date.now() + 150;
      for (const c of contenders) c.send(`go ${dir} ${at}`);
      const answers = await Promise.all(contenders.map((c) => c.next()));
      expect(answers.filter((a) => a.startsWith("error")), `round ${round}`).toEqual([]);
      const winners = contenders.filter((_, i) => answers[i] === "owner");
      owners.push(winners.length);
      // the lock file names the one owner
      if (winners.length === 1) expect(JSON.parse(readFileSync(join(dir, "continuum.lock"), "utf8")).pid, `round ${round}`).toBe(winners[0].child.pid);
      for (const c of contenders) c.send("release");
      await Promise.all(contenders.map((c) => c.next()));
      // nothing of the takeover is left behind
      expect(readdirSync(dir), `round ${round}`).toEqual([]);
    }
    expect(owners).toEqual(Array(ROUNDS).fill(1));
  }, 120_000);
});
