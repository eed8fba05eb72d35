/**
 * Turns file text into plain data plus a way to find the line of any value in it.
 * JSON takes a fast path (JSON.parse) and is only re-read as YAML when a message needs a line.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Node, type Document } from "yaml";
import type { Diagnostic } from "./diagnostics.js";

export interface SourceFile {
  path: string;
  text: string;
}

export interface Position {
  line: number;
  column: number;
}

export interface ParsedSource {
  path: string;
  /** one entry per YAML document (a JSON file has one) */
  documents: unknown[];
  /** Line of the value at `path` in document `doc`; with `key`, the line of the key instead. */
  locate(doc: number, path: ReadonlyArray<string | number>, key?: boolean): Position | undefined;
}

export function isJsonText(path: string, text: string): boolean {
  if (path.toLowerCase().endsWith(".json")) return true;
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

export function parseSource(file: SourceFile, diagnostics: Diagnostic[]): ParsedSource | undefined {
  if (isJsonText(file.path, file.text)) {
    try {
      const data = JSON.parse(file.text);
      let yamlView: YamlView | undefined;
      return {
        path: file.path,
        documents: [data],
        locate(doc, path, key) {
          yamlView ??= readYaml(file.text);
          return yamlView.locate(doc, path, key);
        },
      };
    } catch (e) {
      if (file.path.toLowerCase().endsWith(".json")) {
        diagnostics.push(jsonError(file, e as Error));
        return undefined;
      }
      // text that merely starts like JSON may still be YAML flow style: fall through
    }
  }
  const view = readYaml(file.text);
  if (view.errors.length) {
    for (const err of view.errors) {
      diagnostics.push({
        severity: "error",
        code: "syntax",
        message: `YAML syntax: ${err.message.split("\n")[0]}`,
        hint: "fix the YAML syntax (indentation, a missing colon or quote)",
        file: file.path,
        line: err.line,
        column: err.column,
      });
    }
    return undefined;
  }
  return { path: file.path, documents: view.data, locate: view.locate };
}

interface YamlView {
  data: unknown[];
  errors: Array<{ message: string; line?: number; column?: number }>;
  locate(doc: number, path: ReadonlyArray<string | number>, key?: boolean): Position | undefined;
}

function readYaml(text: string): YamlView {
  const lineCounter = new LineCounter();
  const docs: Document.Parsed[] = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
  const errors: YamlView["errors"] = [];
  const data: unknown[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const err of doc.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      errors.push({ message: err.message, line: pos.line, column: pos.col });
    }
    if (!doc.errors.length) {
      const value = doc.toJS({ maxAliasCount: 1000 });
      if (value !== null && value !== undefined) data.push(value);
    }
  }
  const nonEmpty = (Array.isArray(docs) ? docs : [docs]).filter((d) => d.contents !== null);
  return {
    data,
    errors,
    locate(docIndex, path, key) {
      const doc = nonEmpty[docIndex];
      if (!doc) return undefined;
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const step of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && typeof step === "number") {
          keyNode = undefined;
          node = node.items[step];
        } else break;
      }
      const target = (key && keyNode ? keyNode : node) as Node | undefined;
      const offset = target?.range?.[0];
      if (offset === undefined) return undefined;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

function jsonError(file: SourceFile, e: Error): Diagnostic {
  const m = /position (\d+)/.exec(e.message);
  let line: number | undefined;
  let column: number | undefined;
  if (m) {
    const offset = Number(m[1]);
    const before = file.text.slice(0, offset);
    line = before.split("\n").length;
    column = offset - before.lastIndexOf("\n");
  }
  return {
    severity: "error",
    code: "syntax",
    message: `JSON syntax: ${e.message.replace(/^JSON\.parse: /, "")}`,
    hint: "fix the JSON syntax (a missing comma, quote or bracket)",
    file: file.path,
    line,
    column,
  };
}
