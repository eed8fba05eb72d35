/** Reads a model from a file or a folder of YAML/JSON files (the engine itself does no I/O). */
import { isAscii } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { SourceFile } from "@continuum/engine";
import { UsageError } from "./args.js";
import { isSnapshotPath } from "./snapshot-input.js";

const MODEL_FILE = /\.(ya?ml|json)$/i;

/** The files of a model: the file itself, or every .yaml/.yml/.json under a folder, in path order. */
export function readModelFiles(path: string, command?: string): SourceFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`no such file or folder: ${path}`, command);
  }
  if (stat.isFile() && isSnapshotPath(path)) throw new UsageError(`${path} is a compiled model; ${command ?? "this command"} reads the model's own YAML or JSON files`, command);
  if (stat.isFile()) return [{ path, text: readText(path, command) }];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MODEL_FILE.test(entry.name)) files.push(full);
    }
  };
  walk(path);
  if (!files.length) throw new UsageError(`${path} holds no .yaml, .yml or .json files`, command);
  return files.map((f) => ({ path: relative(process.cwd(), f) || f, text: readText(f, command) }));
}

export function readText(path: string, command?: string): string {
  try {
    const bytes = readFileSync(path);
    // ASCII text (most models, and every generated one) is the same in latin1, which Node turns
    // into a string without decoding: several times faster than utf8 on a 200 MB model
    return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file: ${path}` : code === "EISDIR" ? `${path} is a folder, expected a file` : `cannot read ${path}: ${code ?? (e as Error).message}`, command);
  }
}
