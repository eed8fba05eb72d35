/**
 * What any document must be before a reader looks at its meaning, the same in every section and
 * every format: not nested deeper than a person writes, no bigger once YAML aliases are expanded
 * than a bound, every number finite, no NUL character in a string or key, no key twice in one
 * mapping. Values that break these either cannot be stored (PostgreSQL refuses NUL; JSON has no
 * Infinity or NaN, so they would come back as null) or cost far more than they look (an alias
 * bomb, 5,000 nested brackets that overflow a recursive reader). Each finding names the file,
 * line and field.
 *
 * Both checks are iterative (no recursion), so they cannot themselves overflow the stack.
 */
import { fieldPath, type Diagnostic } from "./diagnostics.js";

export const DOCUMENT_LIMITS = {
  /** mappings and lists inside each other, counting the document itself */
  depth: 64,
  /**
   * the size of a document once its YAML aliases are expanded (as JSON would write it) may be at
   * most this many times its text, plus `expansionAllowance`
   */
  expansionFactor: 2,
  expansionAllowance: 4 * 1024 * 1024,
  /** findings reported one by one; past this, one more line says how many more */
  findings: 100,
};

export type Locator = (path: ReadonlyArray<string | number>, key?: boolean) => { line: number; column: number } | undefined;

interface Finding {
  code: string;
  message: string;
  hint: string;
  path: Array<string | number>;
  key?: boolean;
  offset?: number;
}

const HINTS = {
  depth: `mappings and lists may be nested at most ${DOCUMENT_LIMITS.depth} levels deep`,
  nul: "remove the NUL character (\\0, \\u0000): it cannot be stored",
  number: "write a finite number: .inf, .nan and numbers beyond ±1.8e308 cannot be stored",
  duplicate: "each key may appear once in a mapping: remove or rename one of them",
  expansion: "write the repeated parts out, or use fewer aliases (*name) of large anchors",
};

class Findings {
  readonly list: Finding[] = [];
  more = 0;
  add(f: Finding) {
    if (this.list.length < DOCUMENT_LIMITS.findings) this.list.push(f);
    else this.more++;
  }
  diagnostics(file: string | undefined, where: (f: Finding) => { line?: number; column?: number }): Diagnostic[] {
    const out: Diagnostic[] = this.list.map((f) => ({
      severity: "error",
      code: f.code,
      message: f.message,
      hint: f.hint,
      file,
      ...where(f),
      field: f.path.length ? fieldPath(f.path) : undefined,
    }));
    if (this.more) out.push({ severity: "error", code: "more-errors", message: `… and ${this.more} more like these (${this.list.length} shown)`, file });
    return out;
  }
}

/** A readable name of a key for messages (cut, control characters shown). */
function shown(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 60)}… (${s.length} characters)` : s;
  return JSON.stringify(cut);
}

// ---- values (what the YAML reader made) -----------------------------------------------------

interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | undefined;
  step: string | number | undefined;
}

function pathOf(v: Visit | undefined, extra?: string | number): Array<string | number> {
  const path: Array<string | number> = [];
  if (extra !== undefined) path.push(extra);
  for (let at = v; at && at.step !== undefined; at = at.parent) path.push(at.step);
  return path.reverse();
}

/**
 * Checks one document's values. `textLength` is the length of the text it was read from: the
 * expanded size is bounded relative to it, so a large file written out in full is fine while a
 * small one that multiplies through aliases is not. Values shared through aliases are visited
 * once per use, which is exactly the expanded size; the walk stops at the bound.
 */
export function guardValue(document: unknown, textLength: number, file: string | undefined, locate: Locator): Diagnostic[] {
  const findings = new Findings();
  const limit = DOCUMENT_LIMITS.expansionFactor * textLength + DOCUMENT_LIMITS.expansionAllowance;
  let size = 0;
  let deepest: Visit | undefined;
  const stack: Visit[] = [{ value: document, depth: 0, parent: undefined, step: undefined }];
  while (stack.length) {
    const v = stack.pop()!;
    const value = v.value;
    if (typeof value === "string") {
      size += value.length + 2;
      if (value.indexOf("\0") >= 0) findings.add({ code: "nul-character", message: "the text holds a NUL character", hint: HINTS.nul, path: pathOf(v) });
    } else if (typeof value === "number") {
      size += 8;
      if (!Number.isFinite(value)) findings.add({ code: "not-finite", message: `${value} is not a finite number`, hint: HINTS.number, path: pathOf(v) });
    } else if (typeof value === "object" && value !== null) {
      if (v.depth >= DOCUMENT_LIMITS.depth) {
        deepest = v;
        break;
      }
      size += 2;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: v.depth + 1, parent: v, step: i });
        size += value.length;
      } else if (value instanceof Date) {
        size += 24;
      } else {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          size += key.length + 4;
          if (key.indexOf("\0") >= 0) findings.add({ code: "nul-character", message: `the key ${shown(key)} holds a NUL character`, hint: HINTS.nul, path: pathOf(v, key), key: true });
          stack.push({ value: (value as Record<string, unknown>)[key], depth: v.depth + 1, parent: v, step: key });
        }
      }
    } else size += 5;
    if (size > limit) {
      const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
      findings.add({
        code: "too-large-expanded",
        message: `with its aliases expanded the document is larger than ${mb(limit)} (its text is ${mb(textLength)}; at most ${DOCUMENT_LIMITS.expansionFactor}× the text plus ${mb(DOCUMENT_LIMITS.expansionAllowance)})`,
        hint: HINTS.expansion,
        path: pathOf(v),
      });
      break;
    }
  }
  if (deepest) {
    findings.add({ code: "too-deep", message: `nested deeper than ${DOCUMENT_LIMITS.depth} levels`, hint: HINTS.depth, path: pathOf(deepest) });
  }
  return findings.diagnostics(file, (f) => locate(f.path, f.key) ?? {});
}

// ---- JSON text ------------------------------------------------------------------------------

interface Level {
  array: boolean;
  /** keys seen in this object (small objects: a list; grows into a set) */
  keys?: string[] | Set<string>;
  /** the current key or index */
  step: string | number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Checks JSON text without building its values: depth, NUL characters (raw or `\u0000`), numbers
 * that are not finite once read (`1e999`), and keys given twice in one object (JSON.parse would
 * keep the last one silently). Text that is not JSON ends the check quietly where it goes wrong:
 * the JSON parser reports that with its own message.
 */
export function guardJsonText(text: string, file?: string): Diagnostic[] {
  const findings = new Findings();
  const stack: Level[] = [];
  const path = () => stack.map((l) => l.step);
  let pos = 0;
  let expectKey = false;
  const n = text.length;
  scan: while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      pos++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      // the closing quote: the first one not escaped
      let end = pos;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) break scan;
        let slashes = 0;
        for (let k = end - 1; k > pos && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
        if (slashes % 2 === 0) break;
      }
      const start = pos;
      pos = end + 1;
      const isKey = expectKey && top !== undefined && !top.array;
      let s = text.slice(start + 1, end);
      // values are decoded only when they may hold an escaped NUL (a long text is not parsed twice)
      if (s.indexOf("\\") >= 0 && (isKey || s.indexOf("\\u0000") >= 0)) {
        try {
          s = JSON.parse(text.slice(start, end + 1)) as string;
        } catch {
          break scan;
        }
      }
      if (isKey) {
        const keyPath = () => [...stack.slice(0, -1).map((l) => l.step), s];
        if (s.indexOf("\0") >= 0) findings.add({ code: "nul-character", message: `the key ${shown(s)} holds a NUL character`, hint: HINTS.nul, path: keyPath(), key: true, offset: start });
        if (seen(top, s)) {
          findings.add({ code: "duplicate-key", message: `the key ${shown(s)} appears twice in this object`, hint: HINTS.duplicate, path: keyPath(), key: true, offset: start });
        }
        top.step = s;
        expectKey = false;
      } else if (s.indexOf("\0") >= 0) {
        findings.add({ code: "nul-character", message: "the text holds a NUL character", hint: HINTS.nul, path: path(), offset: start });
      }
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= DOCUMENT_LIMITS.depth) {
        findings.add({ code: "too-deep", message: `nested deeper than ${DOCUMENT_LIMITS.depth} levels`, hint: HINTS.depth, path: path(), offset: pos });
        break;
      }
      stack.push({ array: c === 0x5b, step: c === 0x5b ? 0 : "" });
      expectKey = c === 0x7b;
      pos++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
      pos++;
      continue;
    }
    if (c === 0x2c) {
      if (!top) break;
      if (top.array) (top.step as number)++;
      else expectKey = true;
      pos++;
      continue;
    }
    if (c === 0x3a) {
      pos++;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = pos;
      let k = pos + 1;
      for (; k < n; k++) {
        const d = text.charCodeAt(k);
        if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d)) break;
      }
      pos = k;
      const token = text.slice(start, k);
      const value = Number(token);
      if (value !== value) break; // not a number at all: the parser says so
      if (!Number.isFinite(value)) {
        findings.add({ code: "not-finite", message: `${token.length > 40 ? `${token.slice(0, 40)}…` : token} is beyond the largest number that can be stored`, hint: HINTS.number, path: path(), offset: start });
      }
      continue;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      while (pos < n && text.charCodeAt(pos) >= 0x61 && text.charCodeAt(pos) <= 0x7a) pos++;
      continue;
    }
    if (c === 0) {
      findings.add({ code: "nul-character", message: "the text holds a NUL character", hint: HINTS.nul, path: path(), offset: pos });
    }
    break; // not JSON: the parser says so
  }
  if (!findings.list.length) return [];
  const lines = lineFinder(text);
  return findings.diagnostics(file, (f) => (f.offset === undefined ? {} : lines(f.offset)));
}

function seen(level: Level, key: string): boolean {
  const keys = level.keys;
  if (keys === undefined) {
    level.keys = [key];
    return false;
  }
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    keys.push(key);
    if (keys.length > 16) level.keys = new Set(keys);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

/** Line and column (from 1) of offsets in `text`, asked in increasing order. */
function lineFinder(text: string) {
  let at = 0;
  let line = 1;
  let lineStart = 0;
  return (offset: number) => {
    if (offset < at) {
      at = 0;
      line = 1;
      lineStart = 0;
    }
    for (let p = text.indexOf("\n", at); p >= 0 && p < offset; p = text.indexOf("\n", p + 1)) {
      line++;
      lineStart = p + 1;
    }
    at = offset;
    return { line, column: offset - lineStart + 1 };
  };
}
