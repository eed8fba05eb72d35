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

/** Which source file no longer matches and how, or undefined when they all do (or are not there). */
export function staleness(snapshotPath: string, sources: SnapshotSources): { file: string; gone: boolean } | undefined {
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
  if (missing) return { file: missing.path, gone: true };
  const resized = sources.files.find((f, k) => stats[k]!.size !== f.size);
  if (resized) return { file: resized.path, gone: false };
  if (sources.files.every((f, k) => stats[k]!.mtimeMs === f.mtimeMs)) return undefined;
  const hash = createHash("sha256");
  for (const f of sources.files) hashFile(hash, f.path, readFileSync(at(f.path)));
  if (hash.digest("hex") === sources.sha256) return undefined;
  const touched = sources.files.filter((f, k) => stats[k]!.mtimeMs !== f.mtimeMs).map((f) => f.path);
  return { file: touched.join(", "), gone: false };
}

/** A snapshot that cannot be used (stale, of another format, not a snapshot): like an invalid model, exit 1. */
export class SnapshotRefusal extends Error {
  /** the same in Korean (shown when CONTINUUM_LANG or LANG asks for it, as the diagnostics are) */
  constructor(message: string, readonly korean: string) {
    super(message);
  }
}

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
  const againKo = `continuum compile MODEL -o ${path} 를 다시 실행하세요`;
  if (!isSnapshot(bytes)) throw new SnapshotRefusal(`${path} is not a compiled model (continuum compile writes those); ${again}`, `${path}: 컴파일된 모델이 아닙니다(continuum compile 이 만드는 파일). ${againKo}`);
  try {
    const header = readSnapshotHeader(bytes);
    const why = staleness(path, header.sources);
    if (why) {
      const files = header.sources.files;
      const model = files.length === 1 ? relative(process.cwd(), join(dirname(resolve(path)), files[0].path)) || files[0].path : "MODEL";
      throw new SnapshotRefusal(
        `${path} is stale: ${why.file} ${why.gone ? "is gone" : "changed"} since it was compiled; run continuum compile ${model} -o ${path} again`,
        `${path} 은(는) 오래된 스냅숏입니다: 컴파일한 뒤 ${why.file} ${why.gone ? "이(가) 없어졌습니다" : "이(가) 바뀌었습니다"}. continuum compile ${model} -o ${path} 를 다시 실행하세요`,
      );
    }
    return readSnapshot(bytes);
  } catch (e) {
    if (e instanceof SnapshotError) {
      if (e.code === "format-version") throw new SnapshotRefusal(`${path} was compiled by another version of continuum (${e.message}; this is continuum ${version()}); ${again}`, `${path}: 다른 버전의 continuum 이 만든 스냅숏입니다(이 continuum ${version()} 은(는) 스냅숏 형식 ${SNAPSHOT_FORMAT} 만 읽습니다). ${againKo}`);
      throw new SnapshotRefusal(`${path}: ${e.message}; ${again}`, `${path}: 스냅숏이 손상되었습니다(${e.message}). ${againKo}`);
    }
    throw e;
  }
}

export { SNAPSHOT_FORMAT };
