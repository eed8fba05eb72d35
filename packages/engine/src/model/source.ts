/**
 * Turns file text into plain data plus a way to find the line of any value in it.
 * JSON finds lines by walking the JSON text itself, only for the messages it shows: a big JSON
 * model is never re-read as YAML. (The model reader reads clean JSON through json-tape.ts, with
 * the scanner below; this module's JSON.parse is for the text that refuses, whose errors it words.)
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Node, type Document } from "yaml";
import { jsonErrorOffset } from "./json-error-offset.js";
import type { Diagnostic } from "./diagnostics.js";
import { DOCUMENT_LIMITS, guardJsonText, guardValue } from "./document-guard.js";

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
  /** the parser that read the text: JSON text that is not JSON may still be YAML (flow style) */
  format: "json" | "yaml";
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
      const guarded = guardJsonText(file.text, file.path);
      if (guarded.length) {
        for (const d of guarded) diagnostics.push(d);
        return undefined;
      }
      return { path: file.path, format: "json", documents: [data], locate: jsonLocator(file.text) };
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
  const guarded: Diagnostic[] = [];
  view.data.forEach((doc, i) => {
    for (const d of guardValue(doc, file.text.length, file.path, (path, key) => view.locate(i, path, key))) guarded.push(d);
  });
  if (guarded.length) {
    for (const d of guarded) diagnostics.push(d);
    return undefined;
  }
  return { path: file.path, format: "yaml", documents: view.data, locate: view.locate };
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
      // yaml catches its own stack overflow on thousands of nested levels: say what it means
      const message = /Maximum call stack/.test(err.message) ? `nested far deeper than ${DOCUMENT_LIMITS.depth} levels` : err.message;
      errors.push({ message, line: pos.line, column: pos.col });
    }
    if (!doc.errors.length) {
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        // yaml refuses an alias bomb (ReferenceError) before it expands: a finding, not a crash
        const pos = lineCounter.linePos(doc.range[0]);
        errors.push({ message: `too many aliases (*name): ${(e as Error).message}; write the repeated parts out or use fewer aliases of large anchors`, line: pos.line, column: pos.col });
        continue;
      }
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
  const offset = m ? Number(m[1]) : jsonErrorOffset(file.text);
  if (offset >= 0) {
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

// ---- JSON without JSON.parse -----------------------------------------------------------------

/** Thrown by the scanner where the text is not JSON (or breaks a guard rule); the caller falls back to JSON.parse, which says why. */
export const BAIL: { readonly bail: true } = Object.freeze({ bail: true as const });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A strict JSON tokenizer over the text, for the JSON tape (json-tape.ts), which makes values
 * itself: strings are found without being made (scan()), numbers and literals read in place.
 * What is not JSON (a raw control character in a string included) throws BAIL.
 */
export class JsonScanner {
  pos = 0;
  // what scan() found: the characters are text[s0, s1), their hash, and whether they need care
  s0 = 0;
  s1 = 0;
  hash = 0;
  /** the string has an escape: `decoded` holds it (a raw control character is not JSON: BAIL) */
  special = false;
  decoded = "";

  constructor(readonly text: string) {}

  /** Skips whitespace and returns the character code there (NaN at the end). */
  peek(): number {
    const text = this.text;
    let pos = this.pos;
    let ch = text.charCodeAt(pos);
    while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) ch = text.charCodeAt(++pos);
    this.pos = pos;
    return ch;
  }

  /**
   * At a quote: reads a string without making it. Sets s0/s1 (its characters as written), hash
   * (hashOf its characters) and special; with an escape, `decoded` and `hash` are the decoded
   * string's. Moves past it.
   */
  scan(): void {
    const text = this.text;
    const start = this.pos + 1;
    let h = FNV_OFFSET;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c < 0x20 || c === BACKSLASH || c !== c) {
        // a raw control character, or the end of the text: not JSON
        if (c !== BACKSLASH) throw BAIL;
        this.pos = start - 1;
        this.decoded = this.escaped(start - 1);
        this.hash = hashOf(this.decoded);
        this.s0 = start;
        this.s1 = this.pos - 1;
        this.special = true;
        return;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
    }
    this.s0 = start;
    this.s1 = i;
    this.hash = h;
    this.special = false;
    this.pos = i + 1;
  }

  private escaped(start: number): string {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === QUOTE) break;
      if (ch === BACKSLASH) i++;
      else if (ch !== ch) throw BAIL;
      i++;
    }
    this.pos = i + 1;
    let decoded: string;
    try {
      decoded = JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      throw BAIL;
    }
    if (decoded.indexOf("\0") >= 0) throw BAIL; // \u0000: the document guard reports it
    return decoded;
  }

  /** A number, by the JSON grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  num(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    let ch = text.charCodeAt(i);
    const negative = ch === 0x2d;
    if (negative) ch = text.charCodeAt(++i);
    let value = 0;
    if (ch === 0x30) ch = text.charCodeAt(++i);
    else if (ch >= 0x31 && ch <= 0x39) {
      do {
        value = value * 10 + (ch - 0x30);
        ch = text.charCodeAt(++i);
      } while (ch >= 0x30 && ch <= 0x39);
    } else throw BAIL;
    let simple = i - start < 16;
    if (ch === 0x2e) {
      simple = false;
      ch = text.charCodeAt(++i);
      if (!(ch >= 0x30 && ch <= 0x39)) throw BAIL;
      do ch = text.charCodeAt(++i);
      while (ch >= 0x30 && ch <= 0x39);
    }
    if (ch === 0x65 || ch === 0x45) {
      simple = false;
      ch = text.charCodeAt(++i);
      if (ch === 0x2b || ch === 0x2d) ch = text.charCodeAt(++i);
      if (!(ch >= 0x30 && ch <= 0x39)) throw BAIL;
      do ch = text.charCodeAt(++i);
      while (ch >= 0x30 && ch <= 0x39);
    }
    this.pos = i;
    if (simple) return negative ? -value : value;
    const n = Number(text.slice(start, i));
    if (!Number.isFinite(n)) throw BAIL; // 1e999: the document guard reports it
    return n;
  }

  /** At `t`, `f` or `n`: true, false or null. */
  literal(): boolean | null {
    const text = this.text;
    const pos = this.pos;
    if (text.startsWith("true", pos)) {
      this.pos = pos + 4;
      return true;
    }
    if (text.startsWith("false", pos)) {
      this.pos = pos + 5;
      return false;
    }
    if (text.startsWith("null", pos)) {
      this.pos = pos + 4;
      return null;
    }
    throw BAIL;
  }

  /** Expects `code` after whitespace and moves past it. */
  expect(code: number): void {
    if (this.peek() !== code) throw BAIL;
    this.pos++;
  }

  /** At the end of the text, after whitespace? */
  atEnd(): boolean {
    return Number.isNaN(this.peek());
  }
}

/**
 * text[s0, s1) (a JSON string's characters without escapes, between its quotes) as a string that
 * does not keep the text alive. V8 makes a piece of 13 characters or more a view into the whole
 * string: one such id kept in a model would keep all of a 200 MB file in memory after loading.
 */
export function own(text: string, s0: number, s1: number, slice?: string): string {
  if (s1 - s0 < 13) return slice ?? text.slice(s0, s1);
  return JSON.parse(text.slice(s0 - 1, s1 + 1)) as string;
}

type Transferring = (value: unknown, options: { transfer: ArrayBuffer[] }) => unknown;
const transfer = (globalThis as { structuredClone?: Transferring }).structuredClone;

/**
 * Lets the memory of a typed array the caller is done with go now rather than at the next full
 * garbage collection: handed over to a throwaway clone, it goes with the next minor collection.
 * (Lists of a million-component model are tens of megabytes each.) Where structuredClone is
 * missing this does nothing; the array must not be used afterwards either way.
 */
export function release(array: ArrayBufferView): void {
  const buffer = array.buffer as ArrayBuffer;
  if (!transfer || buffer.byteLength < 1 << 20) return;
  try {
    transfer(buffer, { transfer: [buffer] });
  } catch {
    // not transferable here: the collector will have it
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units: what JsonScanner.scan() computes for a string. */
export function hashOf(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * Strings held once: an open-addressing table of symbols that can be looked up by a stretch of
 * the text (no string made for a string seen before) or by a string. Each slot keeps the hash and
 * where the string was first seen in the text, so a lookup compares characters in the text (one
 * memory access) rather than going through the string itself (several).
 */
export class Interner {
  readonly strings: string[] = [];
  private hashes = new Int32Array(1024);
  /** where each symbol's string was first seen: text offset, or -1 */
  private firstAt = new Int32Array(1024);
  /** 4 per slot: hash, symbol + 1 (0: empty), text offset where the string was last seen or -1, (text << 16) | length */
  private table = new Int32Array(4 * 2048);
  private mask = 2047;
  /** texts seen, numbered from 1 (a slot's offset is in the text of its number) */
  private text?: string;
  private textNo = 0;
  /** per symbol: the tag its slot gets (see table) */
  private tags = new Int32Array(1024);

  get size(): number {
    return this.strings.length;
  }

  /** The number of `text`, or -1 once numbers run out (then strings are compared). */
  private textNumber(text: string): number {
    if (text !== this.text) {
      this.text = text;
      this.textNo = this.textNo >= 0 && this.textNo < 0x7ffe ? this.textNo + 1 : -1;
    }
    return this.textNo;
  }

  /** Lets the table's memory go (the strings stay); the interner must not be used afterwards. */
  dispose() {
    release(this.table);
    release(this.hashes);
    release(this.firstAt);
    release(this.tags);
  }

  /** Room for `more` symbols without growing. */
  reserve(more: number) {
    const want = this.strings.length + more;
    if (want > this.hashes.length) {
      for (const k of ["hashes", "firstAt", "tags"] as const) {
        const grown = new Int32Array(want);
        grown.set(this[k].subarray(0, this.strings.length));
        this[k] = grown;
      }
    }
    let capacity = this.mask + 1;
    while (want * 2 > capacity) capacity *= 2;
    if (capacity > this.mask + 1) this.rehash(capacity);
  }

  /** The symbol of text[s0, s1) (whose hash is `hash`), or -1. */
  find(text: string, s0: number, s1: number, hash: number): number {
    const table = this.table;
    const mask = this.mask;
    const len = s1 - s0;
    const no = this.textNumber(text);
    const tag = no > 0 && len < 0xffff ? (no << 16) | len : -1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const e = table[at + 1];
      if (e === 0) return -1;
      if (table[at] !== hash) continue;
      if (tag !== -1 && table[at + 3] === tag) {
        // the same text: compare the characters where the string was first seen
        const p = table[at + 2];
        let k = 0;
        while (k < len && text.charCodeAt(p + k) === text.charCodeAt(s0 + k)) k++;
        if (k === len) {
          table[at + 2] = s0; // the latest place it was seen: the next look compares with text still in cache
          return e - 1;
        }
      } else {
        const s = this.strings[e - 1];
        if (s.length === len && text.startsWith(s, s0)) return e - 1;
      }
    }
  }

  /** The symbol of `s` (whose hash is `hash`), or -1. */
  findString(s: string, hash: number): number {
    const table = this.table;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const e = table[at + 1];
      if (e === 0) return -1;
      if (table[at] === hash && this.strings[e - 1] === s) return e - 1;
    }
  }

  /** Adds `s` (not held yet) and returns its symbol; `text` and `at`: where it was read, if it was. */
  add(s: string, hash: number, text?: string, at = -1): number {
    const sym = this.strings.length;
    if (sym === this.hashes.length) {
      const grown = new Int32Array(sym * 2);
      grown.set(this.hashes);
      this.hashes = grown;
      const grownAt = new Int32Array(sym * 2);
      grownAt.set(this.firstAt);
      this.firstAt = grownAt;
      const grownTags = new Int32Array(sym * 2);
      grownTags.set(this.tags);
      this.tags = grownTags;
    }
    this.strings.push(s);
    this.hashes[sym] = hash;
    const no = text !== undefined && at >= 0 ? this.textNumber(text) : -1;
    const tag = no > 0 && s.length < 0xffff ? (no << 16) | s.length : -1;
    this.firstAt[sym] = tag === -1 ? -1 : at;
    this.tags[sym] = tag;
    if ((sym + 1) * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    else this.place(sym);
    return sym;
  }

  private place(sym: number) {
    const table = this.table;
    const mask = this.mask;
    const hash = this.hashes[sym];
    let slot = hash & mask;
    while (table[(slot << 2) + 1] !== 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    table[at] = hash;
    table[at + 1] = sym + 1;
    table[at + 2] = this.firstAt[sym];
    table[at + 3] = this.tags[sym];
  }

  private rehash(capacity: number) {
    this.table = new Int32Array(4 * capacity);
    this.mask = capacity - 1;
    for (let sym = 0; sym < this.strings.length; sym++) this.place(sym);
  }
}

export function skipWs(text: string, pos: number): number {
  let ch = text.charCodeAt(pos);
  while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) ch = text.charCodeAt(++pos);
  return pos;
}

function skipString(text: string, pos: number): number {
  // at the opening quote; returns the position after the closing one
  for (let i = pos + 1; ; ) {
    const end = text.indexOf('"', i);
    if (end < 0) throw BAIL;
    let slashes = 0;
    for (let k = end - 1; k > pos && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return end + 1;
    i = end + 1;
  }
}

/** The position after the JSON value at `pos` (not checked: JSON.parse of the slice checks it). */
export function skipValue(text: string, pos: number): number {
  pos = skipWs(text, pos);
  const ch = text.charCodeAt(pos);
  if (ch === QUOTE) return skipString(text, pos);
  if (ch === 0x7b || ch === 0x5b) {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = skipString(text, i) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return i + 1;
      }
    }
    throw BAIL;
  }
  let i = pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    i++;
  }
  if (i === pos) throw BAIL;
  return i;
}

function readKey(text: string, pos: number): { key: string; end: number } {
  const end = skipString(text, pos);
  const raw = text.slice(pos + 1, end - 1);
  return { key: raw.indexOf("\\") < 0 ? raw : (JSON.parse(text.slice(pos, end)) as string), end };
}

/**
 * Finds lines in JSON text the way the YAML view finds them in YAML (the value's first character,
 * or its key's with `key`; a path that stops early points at the last value it reached), by
 * walking only the values on the path. Arrays walked once remember where their elements start;
 * `arrays` may bring such offsets known in advance (array start → element starts).
 */
export function jsonLocator(text: string, arrays: Map<number, Int32Array> = new Map()) {
  let lineStarts: Int32Array | undefined;
  const linePos = (offset: number): Position => {
    if (!lineStarts) {
      let count = 1;
      for (let p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) count++;
      lineStarts = new Int32Array(count);
      let k = 1;
      for (let p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) lineStarts[k++] = p + 1;
    }
    let low = 0;
    let high = lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (lineStarts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (low < lineStarts.length && lineStarts[low] === offset) return { line: low + 1, column: 1 };
    return { line: low, column: offset - lineStarts[low - 1] + 1 };
  };
  const elements = (start: number): Int32Array => {
    let known = arrays.get(start);
    if (known) return known;
    const list: number[] = [];
    let pos = skipWs(text, start + 1);
    if (text.charCodeAt(pos) !== 0x5d) {
      for (;;) {
        pos = skipWs(text, pos);
        list.push(pos);
        pos = skipWs(text, skipValue(text, pos));
        if (text.charCodeAt(pos) !== 0x2c) break;
        pos++;
      }
    }
    known = Int32Array.from(list);
    arrays.set(start, known);
    return known;
  };
  return (doc: number, path: ReadonlyArray<string | number>, key?: boolean): Position | undefined => {
    if (doc !== 0) return undefined;
    let pos = skipWs(text, 0);
    if (pos >= text.length) return undefined;
    let keyPos = -1;
    for (const step of path) {
      if (pos < 0) break;
      const ch = text.charCodeAt(pos);
      if (ch === 0x7b) {
        if (typeof step !== "string") break;
        let p = skipWs(text, pos + 1);
        let found = -1;
        while (text.charCodeAt(p) === QUOTE) {
          const { key: k, end } = readKey(text, p);
          const valueStart = skipWs(text, skipWs(text, end) + 1);
          if (k === step) {
            found = valueStart;
            keyPos = p;
            break;
          }
          p = skipWs(text, skipValue(text, valueStart));
          if (text.charCodeAt(p) !== 0x2c) break;
          p = skipWs(text, p + 1);
        }
        if (found < 0) break;
        pos = found;
      } else if (ch === 0x5b && typeof step === "number") {
        keyPos = -1;
        const list = elements(pos);
        pos = Number.isInteger(step) && step >= 0 && step < list.length ? list[step] : -1;
      } else break;
    }
    const target = key && keyPos >= 0 ? keyPos : pos;
    return target < 0 ? undefined : linePos(target);
  };
}
