/**
 * PGlite is a database inside this process: two processes on one data directory would corrupt it.
 * A lock file (`continuum.lock`, holding the owner's pid, host and start time) keeps a second
 * process out with a message naming the first; a lock left by a process that no longer runs
 * (a crash, a kill -9) is taken over.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
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
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, JSON.stringify(me, null, 2) + "\n");
      closeSync(fd);
      let released = false;
      return {
        path,
        tookOverFrom,
        release() {
          if (released) return;
          released = true;
          try {
            const owner = readOwner(path);
            if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt) unlinkSync(path);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = readOwner(path);
    if (owner && isAlive(owner)) throw new DataDirectoryLockedError(dir, owner);
    // stale (or unreadable: a crash while writing it). Move it aside atomically so that of two
    // processes taking it over at once, only one succeeds in creating the new lock.
    tookOverFrom = owner ?? undefined;
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      unlinkSync(aside);
    } catch {
      /* another process moved it first: try again */
    }
  }
  const owner = readOwner(path);
  if (owner) throw new DataDirectoryLockedError(dir, owner);
  throw new Error(`could not create the lock file ${path}`);
}

function readOwner(path: string): LockOwner | null {
  if (!existsSync(path)) return null;
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    if (typeof data.pid !== "number") return null;
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
