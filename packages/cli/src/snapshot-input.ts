/**
 * Compiled model snapshots on disk (`continuum compile`): the content hash of the sources they were
 * compiled from, and the check that they still match before a command uses one.
 *
 * Staleness: a snapshot records its source files relative to its own folder, with their size,
 * modification time and one SHA-256 over every path and its bytes. When those files are beside it
 * and their content changed, the snapshot is refused (never silently used, never rewritten behind
 * the user's back: a command that reads a model does not write files). Size or mtime unchanged is
 * checked first, as git's index does; the hash is computed only when a time differs, so an
 * untouched model costs a few stat calls and an edited-then-reverted one is still accepted. A
 * snapshot whose sources are all absent (shipped alone) is used as it is.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { isSnapshot, readSnapshot, readSnapshotHeader, SnapshotError, SNAPSHOT_FORMAT, type LoadedModel, type SnapshotSources } from "@continuum/engine";
import { UsageError } from "./args.js";
import { version } from "./version.js";

export const SNAPSHOT_EXTENSION = ".cmodel";

export function isSnapshotPath(path: string): boolean {
  return path.toLowerCase().endsWith(SNAPSHOT_EXTENSION);
}

/** The sources of a snapshot to be written at `out`, from the model files as read (paths relative to the cwd). */
export function snapshotSources(files: ReadonlyArray<{ path: string }>, out: string): SnapshotSources {
  const hash = createHash("sha256");
  const list = files.map((f) => {
    const bytes = readFileSync(f.path);
    const stat = statSync(f.path);
    const path = relative(dirname(resolve(out)), resolve(f.path)).split("\\").join("/");
    hashFile(hash, path, bytes);
    return { path, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  return { sha256: hash.digest("hex"), files: list };
}

function hashFile(hash: ReturnType<typeof createHash>, path: string, bytes: Uint8Array) {
  hash.update(`${path}\0${bytes.length}\0`);
  hash.update(bytes);
}

/** Why the snapshot no longer matches its sources, or undefined when it does (or they are not there). */
export function staleness(snapshotPath: string, sources: SnapshotSources): string | undefined {
  const base = dirname(resolve(snapshotPath));
  const at = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const stats = sources.files.map((f) => {
    try {
      return statSync(at(f.path));
    } catch {
      return undefined;
    }
  });
  if (stats.every((s) => s === undefined)) return undefined; // shipped alone: nothing to compare with
  const missing = sources.files.find((_, k) => !stats[k]);
  if (missing) return `${missing.path} is gone since it was compiled`;
  const resized = sources.files.find((f, k) => stats[k]!.size !== f.size);
  if (resized) return `${resized.path} changed since it was compiled`;
  if (sources.files.every((f, k) => stats[k]!.mtimeMs === f.mtimeMs)) return undefined;
  const hash = createHash("sha256");
  for (const f of sources.files) hashFile(hash, f.path, readFileSync(at(f.path)));
  if (hash.digest("hex") === sources.sha256) return undefined;
  const touched = sources.files.filter((f, k) => stats[k]!.mtimeMs !== f.mtimeMs).map((f) => f.path);
  return `${touched.join(", ")} changed since it was compiled`;
}

/** A snapshot that cannot be used (stale, of another format, not a snapshot): like an invalid model, exit 1. */
export class SnapshotRefusal extends Error {}

/** A snapshot's loaded model, or a SnapshotRefusal saying why it cannot be used (a UsageError when unreadable). */
export function loadSnapshotFile(path: string, command: string): LoadedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${code ?? (e as Error).message}`, command);
  }
  const again = `run continuum compile MODEL -o ${path} again`;
  if (!isSnapshot(bytes)) throw new SnapshotRefusal(`${path} is not a compiled model (continuum compile writes those); ${again}`);
  try {
    const header = readSnapshotHeader(bytes);
    const why = staleness(path, header.sources);
    if (why) {
      const files = header.sources.files;
      const model = files.length === 1 ? relative(process.cwd(), join(dirname(resolve(path)), files[0].path)) || files[0].path : "MODEL";
      throw new SnapshotRefusal(`${path} is stale: ${why}; run continuum compile ${model} -o ${path} again`);
    }
    return readSnapshot(bytes);
  } catch (e) {
    if (e instanceof SnapshotError) {
      if (e.code === "format-version") throw new SnapshotRefusal(`${path} was compiled by another version of continuum (${e.message}; this is continuum ${version()}); ${again}`);
      throw new SnapshotRefusal(`${path}: ${e.message}; ${again}`);
    }
    throw e;
  }
}

export { SNAPSHOT_FORMAT };
