/**
 * PGlite is a database inside this process: two processes on one data directory would corrupt it.
 * A lock file (`continuum.lock`, holding the owner's pid, host and start time) keeps a second
 * process out with a message naming the first; a lock left by a process that no longer runs
 * (a crash, a kill -9) is taken over — atomically: of several processes taking over one dead
 * owner's lock at the same moment, exactly one becomes the owner (see claimTakeover).
 */
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

export const LOCK_FILE = "continuum.lock";

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  command?: string;
}

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Continuum server (pid ${owner.pid} on ${owner.hostname}, started at ${owner.startedAt}).\n` +
        `Stop that process first, or give this one another directory with CONTINUUM_DATA (or use DATABASE_URL for a shared PostgreSQL server).`,
    );
    this.name = "DataDirectoryLockedError";
  }
}

export interface DataLock {
  readonly path: string;
  release(): void;
  /** set when this process took over a stale lock */
  readonly tookOverFrom?: LockOwner;
}

export function acquireDataLock(dataDir: string): DataLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(" ").slice(0, 300) };
  const myText = JSON.stringify(me, null, 2) + "\n";
  // The lock appears complete or not at all: written under a name of our own, then linked (a link
  // fails when the name exists) or renamed into place. A half-written lock is never seen, so it
  // is never mistaken for a crashed one.
  const mine = `${path}.${process.pid}-${randomBytes(4).toString("hex")}`;
  writeFileSync(mine, myText, { flag: "wx" });
  let tookOverFrom: LockOwner | undefined;
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        linkSync(mine, path);
        return heldLock(path, me, undefined);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const text = readText(path);
      if (text === null) continue; // released meanwhile: try again
      const owner = parseOwner(text);
      if (owner && isAlive(owner)) throw new DataDirectoryLockedError(dir, owner);
      // Stale (or unreadable: written by hand, or damaged). Only the holder of the takeover claim
      // for exactly this lock text may replace it; the others wait and look again.
      const claim = claimTakeover(path, text, mine);
      if (claim === null) {
        pause(5 + Math.random() * 10);
        continue;
      }
      try {
        if (readText(path) === text) {
          renameSync(mine, path); // atomic replace: the stale lock becomes ours
          tookOverFrom = owner ?? undefined;
          return heldLock(path, me, tookOverFrom);
        }
      } finally {
        rmSync(claim, { force: true });
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  const owner = parseOwner(readText(path) ?? "");
  if (owner) throw new DataDirectoryLockedError(dir, owner);
  throw new Error(`could not create the lock file ${path}`);
}

function heldLock(path: string, me: LockOwner, tookOverFrom: LockOwner | undefined): DataLock {
  let released = false;
  return {
    path,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      try {
        const owner = parseOwner(readText(path) ?? "");
        if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt) unlinkSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}

/**
 * The right to replace one particular stale lock: a claim file named after the lock's text,
 * created by linking our own lock file (so it names us, complete, the moment it exists). Of any
 * number of processes, one creates it. If its creator died mid-takeover, the claim is stale too,
 * and the next claim in the chain (named after the dead claimant) is contended the same way.
 * Returns the claim's path when this process holds it, null when a live process does.
 */
function claimTakeover(lockPath: string, lockText: string, mine: string): string | null {
  let claim = `${lockPath}.takeover-${createHash("sha256").update(lockText).digest("hex").slice(0, 16)}`;
  for (let depth = 0; depth < 20; depth++) {
    try {
      linkSync(mine, claim);
      return claim;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const claimant = parseOwner(readText(claim) ?? "");
    if (!claimant || isAlive(claimant)) return null;
    claim = `${claim}-${claimant.pid}`;
  }
  return null;
}

/** Waits synchronously (the lock is taken before the server starts anything else). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const data = JSON.parse(text) as LockOwner;
    if (typeof data?.pid !== "number") return null;
    return data;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock still runs (on another host we cannot tell: assume yes). */
function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return true; // this process opened it already (a second startServer)
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // the pid exists; after a reboot it may belong to another program
  try {
    const cmdline = readFileSync(`/proc/${owner.pid}/cmdline`, "utf8");
    if (cmdline && !/node|continuum|bun|deno/i.test(cmdline)) return false;
  } catch {
    /* no /proc: trust the pid */
  }
  return true;
}
