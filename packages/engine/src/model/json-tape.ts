/**
 * JSON text made into the plain values the model reader reads (the same values YAML gives), in
 * a way that a model of a million components can afford:
 *   - the big lists of the document (the model reader names them: `components`) are not made at
 *     once: the text is walked once to find where each entry starts, and an entry is made only
 *     when the reader asks for it, so a list's values never exist all together;
 *   - every string (keys, ids, references, kinds) is made once and shared: the reference to an id
 *     is the very string of that id, which costs no memory and makes later lookups cheap;
 *   - positions are not kept: a message's line comes from the byte offset of its value, found in
 *     the text only for the messages shown (jsonLocator, with the entries' offsets found here).
 * It knows the JSON grammar and the document guard's rules (depth, NUL, finite numbers, a key
 * once per object), nothing of the model: what a component may hold is the model reader's alone.
 * Where the text breaks a rule it throws BAIL, and the caller reads the file with JSON.parse,
 * whose errors (and the guard's) say what is wrong.
 */
import { DOCUMENT_LIMITS } from "./document-guard.js";
import { BAIL, Interner, JsonScanner, own, skipValue, skipWs } from "./source.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * A list of a JSON document whose entries are made on demand. The section kit's readList takes
 * it as it takes an array; `item(i)` may throw BAIL (the entry is not JSON), which sends the whole
 * file to JSON.parse.
 */
export class LazyList {
  constructor(
    private readonly tape: JsonTape,
    /** text offset of each entry */
    readonly starts: Int32Array,
    private readonly depth: number,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  item(i: number): unknown {
    return this.tape.entryAt(this.starts[i], this.depth);
  }
}

export interface JsonDocument {
  document: unknown;
  /** the offset of each lazy list's `[` → the offsets of its entries (for jsonLocator) */
  arrays: Map<number, Int32Array>;
}

/**
 * Reads JSON text; the top-level mapping's lists under the keys `lazy` accepts stay lazy.
 * Throws BAIL where the text is not JSON or breaks a rule of the document guard.
 */
export function readJsonDocument(text: string, lazy: (key: string) => boolean): JsonDocument {
  const tape = new JsonTape(text);
  const arrays = new Map<number, Int32Array>();
  const sc = tape.sc;
  const document = sc.peek() === OPEN_BRACE ? tape.top(lazy, arrays) : tape.value(1);
  if (!sc.atEnd()) throw BAIL;
  return { document, arrays };
}

class JsonTape {
  readonly sc: JsonScanner;
  /** every string read, once */
  private readonly strings = new Interner();
  private readonly plainValue = (_key: string, depth: number) => this.value(depth);
  /** per depth, the entries of the array being read there */
  private readonly gathering: unknown[][] = [];

  constructor(text: string) {
    this.sc = new JsonScanner(text);
  }

  /** The entry at `pos` of a lazy list, which must end where the list goes on. */
  entryAt(pos: number, depth: number): unknown {
    const sc = this.sc;
    sc.pos = pos;
    const v = this.value(depth);
    const ch = sc.peek();
    if (ch !== COMMA && ch !== CLOSE_BRACKET) throw BAIL;
    return v;
  }

  /** The top-level mapping, with lazy lists where `lazy` says. */
  top(lazy: (key: string) => boolean, arrays: Map<number, Int32Array>): Record<string, unknown> {
    const sc = this.sc;
    return this.object(1, (key) => {
      if (!lazy(key) || sc.peek() !== OPEN_BRACKET) return this.value(2);
      const at = sc.pos;
      const starts = entryStarts(sc.text, at);
      sc.pos = starts.end;
      // about one new string (its id) per entry: make room once rather than doubling up to it
      this.strings.reserve(starts.list.length + (starts.list.length >> 3));
      arrays.set(at, starts.list);
      return new LazyList(this, starts.list, 3);
    });
  }

  /** The value at the scanner's position, `depth` counting the document as 1 (as the guard does). */
  value(depth: number): unknown {
    const sc = this.sc;
    const ch = sc.peek();
    if (ch === QUOTE) {
      sc.scan();
      return this.interned();
    }
    if (ch === OPEN_BRACE) return this.object(depth, this.plainValue);
    if (ch === OPEN_BRACKET) return this.array(depth);
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) return sc.num();
    return sc.literal();
  }

  private object(depth: number, valueOf: (key: string, depth: number) => unknown): Record<string, unknown> {
    if (depth > DOCUMENT_LIMITS.depth) throw BAIL;
    const sc = this.sc;
    sc.pos++; // {
    const o: Record<string, unknown> = {};
    let ch = sc.peek();
    if (ch === CLOSE_BRACE) {
      sc.pos++;
      return o;
    }
    for (;;) {
      if (ch !== QUOTE) throw BAIL;
      sc.scan();
      const key = this.interned();
      // a key twice is the guard's finding; __proto__ would set the prototype, not a key
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(o, key)) throw BAIL;
      sc.expect(COLON);
      o[key] = valueOf(key, depth + 1);
      ch = sc.peek();
      sc.pos++;
      if (ch === CLOSE_BRACE) return o;
      if (ch !== COMMA) throw BAIL;
      ch = sc.peek();
    }
  }

  private array(depth: number): unknown[] {
    if (depth > DOCUMENT_LIMITS.depth) throw BAIL;
    const sc = this.sc;
    sc.pos++; // [
    let ch = sc.peek();
    if (ch === CLOSE_BRACKET) {
      sc.pos++;
      return [];
    }
    // the entries gather in a list kept per depth, and the array made is their exact size: an
    // array grown by push keeps room for 17 (a million components hold two million small lists)
    const list = (this.gathering[depth] ??= []);
    const from = list.length;
    for (;;) {
      list.push(this.value(depth + 1));
      ch = sc.peek();
      sc.pos++;
      if (ch === CLOSE_BRACKET) break;
      if (ch !== COMMA) throw BAIL;
    }
    const made = list.slice(from);
    list.length = from;
    return made;
  }

  /** The string scan() just read, made once for all its occurrences. */
  private interned(): string {
    const sc = this.sc;
    const strings = this.strings;
    if (sc.special) {
      const sym = strings.findString(sc.decoded, sc.hash);
      return strings.strings[sym >= 0 ? sym : strings.add(sc.decoded, sc.hash)];
    }
    const sym = strings.find(sc.text, sc.s0, sc.s1, sc.hash);
    if (sym >= 0) return strings.strings[sym];
    return strings.strings[strings.add(own(sc.text, sc.s0, sc.s1), sc.hash, sc.text, sc.s0)];
  }
}

/** Where each entry of the list at `at` (its `[`) starts, and the offset after its `]`. */
function entryStarts(text: string, at: number): { list: Int32Array; end: number } {
  let list = new Int32Array(1024);
  let n = 0;
  let pos = skipWs(text, at + 1);
  if (text.charCodeAt(pos) === CLOSE_BRACKET) return { list: list.subarray(0, 0), end: pos + 1 };
  for (;;) {
    if (n === list.length) {
      const grown = new Int32Array(n * 2);
      grown.set(list);
      list = grown;
    }
    list[n++] = pos;
    pos = skipWs(text, skipValue(text, pos));
    const ch = text.charCodeAt(pos);
    if (ch === CLOSE_BRACKET) return { list: list.slice(0, n), end: pos + 1 };
    if (ch !== COMMA) throw BAIL;
    pos = skipWs(text, pos + 1);
  }
}
