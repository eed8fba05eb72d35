/**
 * A full disk, recognised wherever it shows: Node's ENOSPC, PostgreSQL's disk_full (SQLSTATE
 * 53100) and its "could not extend file … No space left on device" (PGlite reports what the
 * embedded PostgreSQL says). Writes then answer 507 while reads keep working, and a server that
 * cannot start because its disk is full says so instead of a generic database error.
 */
import { statfsSync } from "node:fs";
import { Problem } from "../core/problem.js";

const MESSAGE = /no space left on device|disk full|could not extend file|ENOSPC/i;

export function isDiskFull(e: unknown): boolean {
  for (let cause = e, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === "ENOSPC" || code === "53100") return true;
    if (typeof message === "string" && MESSAGE.test(message)) return true;
  }
  return false;
}

export const diskFull = () =>
  new Problem(507, "disk-full", "The server's disk is full", "the server's disk is full; reads still work, but nothing can be saved until space is freed (this change was not saved)");

/** Free bytes on the file system holding `path`, or undefined where that cannot be asked. */
export function freeBytes(path: string): number | undefined {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** Below this, a database that fails to open is taken to have failed for want of space. */
const NEARLY_FULL_BYTES = 16 * 1024 * 1024;

export class DiskFullError extends Error {
  constructor(
    readonly dataDir: string,
    readonly free: number | undefined,
  ) {
    super(
      `The disk holding the data directory ${dataDir} is full${free === undefined ? "" : ` (${(free / 1024 / 1024).toFixed(1)} MB free)`}: the database cannot start.\n` +
        `Free some space on it, or give Continuum another directory with CONTINUUM_DATA.`,
    );
    this.name = "DiskFullError";
  }
}

/** Rewrites a startup failure as DiskFullError when the disk is (nearly) full. */
export function explainStartupFailure(e: unknown, dataDir: string): unknown {
  if ((e as Error)?.name === "DataDirectoryLockedError") return e;
  const free = freeBytes(dataDir);
  if (isDiskFull(e) || (free !== undefined && free < NEARLY_FULL_BYTES)) return new DiskFullError(dataDir, free);
  return e;
}
