/**
 * The JSON fast path of the model reader (read-model.ts): valid JSON models read straight from
 * their text into the compiled layout; warnings are noted and read past (the model reader words
 * them), anything that needs an error goes the general way.
 */
import { parseDuration } from "../duration.js";
import { BAIL, Interner, JsonScanner, hashOf, own, release, type SourceFile } from "./source.js";
import { MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE, MODE_MANUAL, type Prelayout } from "./layout.js";
import { likelyTypo } from "./typos.js";
import { COMPONENT } from "./schema.js";
import { keysOf } from "./schema-kit.js";
import {
  KNOWN_KINDS,
  type Component,
  type Dependency,
  type GroupDependency,
  type ImpactEntry,
  type SourceRef,
  ID_PATTERN,
  child,
} from "./types.js";

const ID = ID_PATTERN;
const COMPONENT_KEYS = keysOf(COMPONENT);

// ---- the JSON fast path -------------------------------------------------------------------------
//
// A model file in JSON is read straight from its text: no tree of parsed values first, no string
// made for a key or for an id seen before (ids are interned once, and a reference is looked up by
// its characters), and the compiled layout's references recorded as numbers on the way. It accepts
// exactly what the general reader accepts without an error (noting the warnings it gives); at
// the first error it would have to report (or what it cannot read) it gives up, and the file goes
// the general way, which says what is
// wrong. References between components are checked after reading, as a whole; when one is wrong,
// the general checks run on the components read and say which.

/** The components array of a document the fast path read. */
export class FastComponents {
  /** `notes`: the warnings the general reader gives, to give (index into `list`) */
  constructor(readonly list: Component[], readonly notes: FastNote[] = []) {}
}

/**
 * A warning the fast path found and read past: an unknown key that is no typo of a known one, or
 * a kind that looks like a typo of a known kind. The model reader words it as it does for YAML.
 */
export interface FastNote {
  index: number;
  key: string;
  /** the kind written, for an unknown-kind warning */
  kind?: string;
}

const NONE = -1;

/** A growable list of numbers in a typed array (Int32Array for symbols, Float64Array for minutes). */
class NumberList<T extends Int32Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (size: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }
  push(v: number) {
    if (this.length === this.data.length) this.resize(this.length * 2);
    this.data[this.length++] = v;
  }
  /** Empties the list and lets its memory go. */
  clear() {
    release(this.data);
    this.data = this.make(1024);
    this.length = 0;
  }
  /** Room for `more` entries without growing. */
  reserve(more: number) {
    if (this.length + more > this.data.length) this.resize(this.length + more);
  }
  private resize(size: number) {
    const grown = this.make(size);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}

const ints = (size: number) => new Int32Array(size);
const floats = (size: number) => new Float64Array(size);
class IntList extends NumberList<Int32Array> {
  constructor(capacity?: number) {
    super(ints, capacity);
  }
}
class FloatList extends NumberList<Float64Array> {
  constructor(capacity?: number) {
    super(floats, capacity);
  }
}

/** Text fields few components have, by component index. */
interface Sparse {
  name?: string[];
  owner?: string[];
  description?: string[];
  mbco?: string[];
  tags?: string[][];
  impact?: ImpactEntry[][];
}

/**
 * What the fast path read, over every file of the model: first into these arrays (references as
 * id symbols), then made into components in one pass per file.
 */
export class FastReading {
  /** every id seen, defined or referenced */
  readonly ids = new Interner();
  /** id symbol → index of the component that defines it, or NONE */
  defs = new Int32Array(1024);
  /** other strings that repeat (kinds, group names) */
  readonly words = new Interner();
  /** components read so far */
  count = 0;
  allFast = true;
  /** warnings found while reading (component index → what), see FastNote */
  notes: FastNote[] = [];
  duplicate = false;
  readonly manualGroups = new Set<string>();
  // per component
  // per component, from `base` on (dropped once the components are made)
  base = 0;
  readonly id = new IntList();
  readonly kind = new IntList(); // word symbol
  readonly restart = new FloatList();
  /** (shape << 1) | standby; a shape is the extra keys the component has, in order (see EXTRA_KEYS) */
  readonly form = new IntList();
  /** index into the target lists, or NONE */
  readonly target = new IntList();
  readonly tier = new IntList();
  readonly rto = new FloatList();
  readonly rpo = new FloatList();
  readonly mtpd = new FloatList();
  sparse: Sparse = {};
  readonly shapes: number[] = [];
  readonly shapeIndex = new Map<number, number>();
  // per component, all of them (for the layout)
  readonly site = new IntList(); // id symbol or NONE
  readonly depFrom = new IntList();
  /** dependencies in order: an id symbol, or -(group + 1) */
  readonly deps = new IntList();
  // per group
  readonly groupAP = new IntList(); // 1: active-passive
  readonly groupNeed = new IntList();
  readonly groupFailover = new FloatList(); // NaN: manual
  readonly groupName = new IntList(); // word symbol or NONE
  readonly memberFrom = new IntList();
  readonly members = new IntList();

  /**
   * Makes room for what a text of this size probably holds (from the ids in its first megabytes),
   * so the lists and the id table grow once rather than double their way up (each doubling copies,
   * and leaves garbage the collector must be pressed to find).
   */
  expect(text: string) {
    const sample = Math.min(text.length, 1 << 21);
    let ids = 0;
    for (let p = text.indexOf('"id"'); p >= 0 && p < sample; p = text.indexOf('"id"', p + 4)) ids++;
    const components = Math.ceil((ids * text.length) / Math.max(1, sample));
    if (components < 4096) return;
    for (const l of [this.id, this.kind, this.restart, this.form, this.target, this.site, this.depFrom]) l.reserve(components);
    this.deps.reserve(4 * components);
    for (const l of [this.groupAP, this.groupNeed, this.groupFailover, this.groupName, this.memberFrom]) l.reserve(2 * components);
    this.members.reserve(4 * components);
    this.ids.reserve(components);
    if (this.defs.length < this.ids.size + components) {
      const grown = new Int32Array(this.ids.size + components);
      grown.set(this.defs.subarray(0, this.ids.size));
      this.defs = grown;
    }
  }

  /** The symbol of the id the scanner just read (a reference: it may be defined later). */
  ref(sc: JsonScanner): number {
    if (sc.special) {
      const sym = this.ids.findString(sc.decoded, sc.hash);
      return sym >= 0 ? sym : this.add(sc.decoded, sc.hash);
    }
    const sym = this.ids.find(sc.text, sc.s0, sc.s1, sc.hash);
    return sym >= 0 ? sym : this.add(own(sc.text, sc.s0, sc.s1), sc.hash, sc.text, sc.s0);
  }

  /** The symbol of the word the scanner just read. */
  word(sc: JsonScanner): number {
    const words = this.words;
    if (sc.special) {
      const sym = words.findString(sc.decoded, sc.hash);
      return sym >= 0 ? sym : words.add(sc.decoded, sc.hash);
    }
    const sym = words.find(sc.text, sc.s0, sc.s1, sc.hash);
    return sym >= 0 ? sym : words.add(own(sc.text, sc.s0, sc.s1), sc.hash, sc.text, sc.s0);
  }

  private add(id: string, hash: number, text?: string, at?: number): number {
    const sym = this.ids.add(id, hash, text, at);
    if (sym === this.defs.length) {
      const grown = new Int32Array(sym * 2);
      grown.set(this.defs);
      this.defs = grown;
    }
    this.defs[sym] = NONE;
    return sym;
  }

  private lists(): Array<IntList | FloatList> {
    return [this.id, this.kind, this.restart, this.form, this.target, this.tier, this.rto, this.rpo, this.mtpd, this.site, this.depFrom, this.deps, this.groupAP, this.groupNeed, this.groupFailover, this.groupName, this.memberFrom, this.members];
  }

  /** Where the lists stand, to go back to if a file turns out to need the general reader. */
  mark(): number[] {
    return [this.count, this.base, ...this.lists().map((l) => l.length)];
  }

  rollback(mark: number[]) {
    this.notes = this.notes.filter((n) => n.index < mark[0]);
    this.count = mark[0];
    this.base = mark[1];
    this.lists().forEach((l, k) => (l.length = mark[k + 2]));
    this.sparse = {};
  }

  /** No id repeats and every reference names a component. */
  resolved(): boolean {
    if (this.duplicate) return false;
    const defs = this.defs;
    for (let s = 0, n = this.ids.size; s < n; s++) if (defs[s] === NONE) return false;
    return true;
  }

  /** Makes components [from, count) from what was read, in one pass. */
  build(from: number, listRef: SourceRef): Component[] {
    const n = this.count;
    const list: Component[] = new Array(n - from);
    const ids = this.ids.strings;
    const words = this.words.strings;
    const base = this.base;
    const idSym = this.id.data;
    const site = this.site.data;
    const kind = this.kind.data;
    const restart = this.restart.data;
    const form = this.form.data;
    const target = this.target.data;
    const tier = this.tier.data;
    const rto = this.rto.data;
    const rpo = this.rpo.data;
    const mtpd = this.mtpd.data;
    const shapes = this.shapes;
    const depFrom = this.depFrom.data;
    const deps = this.deps.data;
    const groupAP = this.groupAP.data;
    const groupNeed = this.groupNeed.data;
    const groupFailover = this.groupFailover.data;
    const groupName = this.groupName.data;
    const memberFrom = this.memberFrom.data;
    const members = this.members.data;
    const sparse = this.sparse;
    const scratch = depScratch;
    const { file, doc } = listRef;
    for (let i = from; i < n; i++) {
      const end = i + 1 < n ? depFrom[i + 1] : this.deps.length;
      let k = 0;
      for (let e = depFrom[i]; e < end; e++) {
        const d = deps[e];
        if (d >= 0) scratch[k++] = ids[d];
        else {
          const g = -d - 1;
          const m0 = memberFrom[g];
          const m1 = g + 1 < this.memberFrom.length ? memberFrom[g + 1] : this.members.length;
          const list: string[] = memberList(ids, members, m0, m1 - m0);
          const ap = groupAP[g] === 1;
          const fo = groupFailover[g];
          const mode: GroupDependency["mode"] = ap ? "active-passive" : "active-active";
          const failover: GroupDependency["failover"] = fo !== fo ? "manual" : small(fo);
          // the general reader's key order: members, need, mode, failover, then group if named
          scratch[k++] = groupName[g] === NONE ? { members: list, need: groupNeed[g], mode, failover } : { members: list, need: groupNeed[g], mode, failover, group: words[groupName[g]] };
        }
      }
      const j = i - base;
      const sh = shapes[form[j] >> 1];
      const t = target[j];
      const c = maker(sh)();
      c.id = ids[idSym[j]];
      c.restart = small(restart[j]);
      c.standby = (form[j] & 1) === 1;
      c.impact = sparse.impact?.[j] ?? [];
      c.dependsOn = exact(scratch, k);
      c.source = { file, doc, parent: listRef, step: i - from };
      for (let rest = sh; rest > 0; rest = Math.floor(rest / 16)) {
        switch ((rest % 16) - 1) {
          case X_KIND:
            c.kind = words[kind[j]];
            break;
          case X_SITE:
            c.site = ids[site[i]];
            break;
          case X_NAME:
            c.name = sparse.name![j];
            break;
          case X_OWNER:
            c.owner = sparse.owner![j];
            break;
          case X_DESCRIPTION:
            c.description = sparse.description![j];
            break;
          case X_MBCO:
            c.mbco = sparse.mbco![j];
            break;
          case X_TIER:
            c.tier = tier[t];
            break;
          case X_RTO:
            c.rto = small(rto[t]);
            break;
          case X_RPO:
            c.rpo = small(rpo[t]);
            break;
          case X_MTPD:
            c.mtpd = small(mtpd[t]);
            break;
          case X_TAGS:
            c.tags = sparse.tags![j];
            break;
        }
      }
      list[i - from] = c;
    }
    // what only the components needed goes; the layout keeps sites, dependencies and groups
    for (const l of [this.id, this.kind, this.restart, this.form, this.target, this.tier, this.rto, this.rpo, this.mtpd]) l.clear();
    this.sparse = {};
    this.base = n;
    return list;
  }

  /** The forward layout in component indexes (once resolved()). */
  layout(components: Component[]): Prelayout {
    const n = this.count;
    const defs = this.defs;
    const site = this.site.data;
    const depFrom = this.depFrom.data;
    const deps = this.deps.data;
    const D = this.deps.length;
    const G = this.groupAP.length;
    let hardCount = 0;
    for (let i = 0; i < n; i++) if (site[i] !== NONE) hardCount++;
    for (let e = 0; e < D; e++) if (deps[e] >= 0) hardCount++;
    const hasSite = new Uint8Array(n);
    const hardStart = new Int32Array(n + 1);
    const hardTarget = new Int32Array(hardCount);
    const groupStart = new Int32Array(n + 1);
    const groupOwner = new Int32Array(G);
    let h = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      hardStart[i] = h;
      groupStart[i] = g;
      if (site[i] !== NONE) {
        hasSite[i] = 1;
        hardTarget[h++] = defs[site[i]];
      }
      for (let e = depFrom[i], end = i + 1 < n ? depFrom[i + 1] : D; e < end; e++) {
        const d = deps[e];
        if (d >= 0) hardTarget[h++] = defs[d];
        else groupOwner[g++] = i;
      }
    }
    hardStart[n] = h;
    groupStart[n] = g;
    const groupMode = new Uint8Array(G);
    const groupNeed = this.groupNeed.data.slice(0, G);
    const groupFailover = this.groupFailover.data.slice(0, G);
    const groupName: Array<string | undefined> = new Array(G);
    const words = this.words.strings;
    const groupAP = this.groupAP.data;
    const names = this.groupName.data;
    for (let k = 0; k < G; k++) {
      const fo = groupFailover[k];
      const ap = groupAP[k] === 1;
      groupMode[k] = !ap ? MODE_ACTIVE_ACTIVE : fo !== fo ? MODE_MANUAL : MODE_ACTIVE_PASSIVE;
      if (ap) groupNeed[k] = 1;
      if (fo !== fo) groupFailover[k] = Infinity;
      groupName[k] = names[k] === NONE ? undefined : words[names[k]];
    }
    const M = this.members.length;
    this.memberFrom.push(M);
    const memberStart = this.memberFrom.data.slice(0, G + 1);
    const memberTarget = new Int32Array(M);
    const members = this.members.data;
    for (let e = 0; e < M; e++) memberTarget[e] = defs[members[e]];
    // the rest of what was read is not needed any more
    for (const l of [this.site, this.depFrom, this.deps, this.groupAP, this.groupNeed, this.groupFailover, this.groupName, this.memberFrom, this.members]) l.clear();
    this.ids.dispose();
    this.words.dispose();
    release(this.defs);
    return { components, hasSite, hardStart, hardTarget, groupStart, groupOwner, groupMode, groupNeed, groupFailover, groupName, memberStart, memberTarget };
  }
}

/**
 * A number read from a Float64Array, as a small integer when it is one, so that the object field
 * holding it needs no box of its own (16 bytes each, for a million components).
 */
function small(v: number): number {
  return (v | 0) === v && (v !== 0 || 1 / v > 0) ? v | 0 : v;
}

function memberList(ids: string[], members: Int32Array, at: number, n: number): string[] {
  switch (n) {
    case 1:
      return [ids[members[at]]];
    case 2:
      return [ids[members[at]], ids[members[at + 1]]];
    case 3:
      return [ids[members[at]], ids[members[at + 1]], ids[members[at + 2]]];
    case 4:
      return [ids[members[at]], ids[members[at + 1]], ids[members[at + 2]], ids[members[at + 3]]];
    default: {
      const list: string[] = new Array(n);
      for (let k = 0; k < n; k++) list[k] = ids[members[at + k]];
      return list;
    }
  }
}

/** A few known words, recognized from the scanner's characters without making a string. */
class KeySet {
  private readonly table = new Int32Array(64); // index + 1
  private readonly hashes: number[];
  constructor(readonly keys: readonly string[]) {
    this.hashes = keys.map(hashOf);
    keys.forEach((_, i) => {
      let slot = this.hashes[i] & 63;
      while (this.table[slot]) slot = (slot + 1) & 63;
      this.table[slot] = i + 1;
    });
  }
  /** per key (+1; 0: the start of an object), the key that followed it last time */
  private readonly follows = new Int8Array(65).fill(-1);

  /**
   * Reads the key at the quote and returns its index (-1: not one of these). Objects of one kind
   * are mostly written with their keys in one order: the key that followed the previous one last
   * time is tried first, by comparing characters in place.
   */
  read(sc: JsonScanner, previous: number): number {
    const guess = this.follows[previous + 1];
    if (guess >= 0 && sc.is(this.keys[guess])) return guess;
    sc.scan();
    const key = this.match(sc);
    this.follows[previous + 1] = key;
    return key;
  }

  /** The index of the word scan() just read, or -1. */
  match(sc: JsonScanner): number {
    const hash = sc.hash;
    for (let slot = hash & 63; ; slot = (slot + 1) & 63) {
      const e = this.table[slot];
      if (e === 0) return -1;
      if (this.hashes[e - 1] === hash) {
        const k = this.keys[e - 1];
        if (sc.special ? sc.decoded === k : k.length === sc.s1 - sc.s0 && sc.text.startsWith(k, sc.s0)) return e - 1;
      }
    }
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE_CHAR = 0x22;

const C_KEYS = new KeySet(["id", "kind", "site", "dependsOn", "restart", "rto", "rpo", "mtpd", "tier", "name", "owner", "description", "mbco", "notes", "location", "standby", "impact", "tags", "labels", "annotations", "links"]);
const [K_ID, K_KIND, K_SITE, K_DEPENDS, K_RESTART, K_RTO, K_RPO, K_MTPD, K_TIER, K_NAME, K_OWNER, K_DESCRIPTION, K_MBCO, K_NOTES, K_LOCATION, K_STANDBY, K_IMPACT, K_TAGS, K_LABELS, K_ANNOTATIONS, K_LINKS] = C_KEYS.keys.map((_, i) => i);
const G_KEYS = new KeySet(["group", "members", "need", "mode", "failover"]);
const I_KEYS = new KeySet(["from", "perHour", "once", "category", "note"]);
const KINDS = new KeySet(KNOWN_KINDS);
const MODES = new KeySet(["active-active", "active-passive"]);
const MANUAL = new KeySet(["manual"]);

/** Reads the `"key":` of an object's next entry, as an index into `set` (-1: not a known key). */
function readKey(sc: JsonScanner, set: KeySet, previous: number): number {
  const key = set.read(sc, previous);
  sc.expect(COLON);
  return key;
}

/** Marks a key as seen; a repeated key gives up (JSON.parse keeps the last one, the general reader reports it). */
function markSeen(keys: number, key: number): number {
  if (key < 0) return keys;
  if (keys & (1 << key)) bail();
  return keys | (1 << key);
}

function bail(): never {
  throw BAIL;
}

/** Reads one JSON model file, or returns undefined when the general reader must. */
export function readJsonFast(file: SourceFile, fileIndex: number, st: FastReading): { doc: Record<string, unknown>; arrays: Map<number, Int32Array> } | undefined {
  // a NUL character, raw or escaped, is the document guard's to report (the general path)
  if (file.text.indexOf("\0") >= 0 || file.text.indexOf("\\u0000") >= 0) return undefined;
  const sc = new JsonScanner(file.text);
  const arrays = new Map<number, Int32Array>();
  const mark = st.mark();
  st.expect(file.text);
  try {
    if (sc.peek() !== OPEN_BRACE) return undefined;
    sc.pos++;
    const doc: Record<string, unknown> = {};
    const docRef: SourceRef = { file: fileIndex, doc: 0 };
    let ch = sc.peek();
    if (ch !== CLOSE_BRACE) {
      for (;;) {
        if (ch !== QUOTE_CHAR) bail();
        const key = sc.str();
        if (key === "__proto__" || Object.prototype.hasOwnProperty.call(doc, key)) bail();
        sc.expect(COLON);
        if (key === "components" && sc.peek() === OPEN_BRACKET) {
          const start = sc.pos;
          const offsets = new IntList();
          const from = st.count;
          readComponents(sc, st, offsets);
          arrays.set(start, offsets.data.slice(0, offsets.length));
          const notes = st.notes.filter((n) => n.index >= from).map((n) => ({ ...n, index: n.index - from }));
          st.notes = st.notes.filter((n) => n.index < from);
          doc[key] = new FastComponents(st.build(from, child(docRef, "components")), notes);
        } else doc[key] = sc.value();
        ch = sc.peek();
        if (ch === COMMA) {
          sc.pos++;
          ch = sc.peek();
        } else if (ch === CLOSE_BRACE) break;
        else bail();
      }
    }
    sc.pos++;
    if (!sc.atEnd()) bail();
    return { doc, arrays };
  } catch (e) {
    if (e !== BAIL) throw e;
    st.rollback(mark);
    return undefined;
  }
}

function readComponents(sc: JsonScanner, st: FastReading, offsets: IntList): void {
  sc.pos++; // [
  let ch = sc.peek();
  if (ch === CLOSE_BRACKET) {
    sc.pos++;
    return;
  }
  for (;;) {
    if (ch !== OPEN_BRACE) bail();
    offsets.push(sc.pos);
    readComponent(sc, st);
    ch = sc.peek();
    if (ch === COMMA) {
      sc.pos++;
      ch = sc.peek();
    } else if (ch === CLOSE_BRACKET) {
      sc.pos++;
      return;
    } else bail();
  }
}

function isNumberStart(ch: number): boolean {
  return ch === 0x2d || (ch >= 0x30 && ch <= 0x39);
}

// Arrays are made at their final length (an array grown by push keeps room for 17 entries: for
// a million components that is hundreds of megabytes).
const depScratch: Dependency[] = [];
const memberScratch = new Int32Array(1024);

/** The first n items of `from` as a new array of length n (literals, so V8 can make long-lived ones in old space). */
function exact<T>(from: T[], n: number): T[] {
  switch (n) {
    case 0:
      return [];
    case 1:
      return [from[0]];
    case 2:
      return [from[0], from[1]];
    case 3:
      return [from[0], from[1], from[2]];
    case 4:
      return [from[0], from[1], from[2], from[3]];
    case 5:
      return [from[0], from[1], from[2], from[3], from[4]];
    case 6:
      return [from[0], from[1], from[2], from[3], from[4], from[5]];
    case 7:
      return [from[0], from[1], from[2], from[3], from[4], from[5], from[6]];
    case 8:
      return [from[0], from[1], from[2], from[3], from[4], from[5], from[6], from[7]];
    default:
      return from.slice(0, n);
  }
}

// A component is made with all its properties at once, from a template of its shape: the keys the
// general reader gives it, in the same order (id, restart, standby, impact, dependsOn, source, then
// the others as the file names them). Added one by one, the later ones would spill out of the
// object into a second allocation.
const EXTRA_KEYS = ["kind", "site", "name", "owner", "description", "mbco", "tier", "rto", "rpo", "mtpd", "tags"] as const;
const [X_KIND, X_SITE, X_NAME, X_OWNER, X_DESCRIPTION, X_MBCO, X_TIER, X_RTO, X_RPO, X_MTPD, X_TAGS] = EXTRA_KEYS.map((_, i) => i);
const templates = new Map<number, Component>();

const makers = new Map<number, () => Component>();

/** The keys of a shape in order: `shape` lists the extra keys as base-16 digits of index + 1. */
function shapeKeys(shape: number): string[] {
  const extras: string[] = [];
  for (let rest = shape; rest > 0; rest = Math.floor(rest / 16)) extras.unshift(EXTRA_KEYS[(rest % 16) - 1]);
  return ["id", "restart", "standby", "impact", "dependsOn", "source", ...extras];
}

/** A template for a shape (JSON.parse makes objects with exactly these properties inside them, in this order). */
function template(shape: number): Component {
  let t = templates.get(shape);
  if (!t) {
    t = JSON.parse(`{${shapeKeys(shape).map((k) => `"${k}":null`).join(",")}}`) as Component;
    if (templates.size < 4096) templates.set(shape, t); // a file of ever new key orders must not fill memory
  }
  return t;
}

/**
 * What makes a component of a shape: an object literal of exactly its keys, made once per shape
 * from the fixed key names above (no text from the file goes into it). A literal, unlike a copy
 * of a template, lets V8 place the million long-lived objects straight into the old generation
 * instead of copying each twice on the way (5-10 % of the loading time). Only on Node (the
 * command line and the server, where big models are read): in a browser a content security
 * policy may forbid making code, and would report every try; there a copy of the template it is.
 */
const MAKE_CODE = Boolean((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node);

function maker(shape: number): () => Component {
  let make = makers.get(shape);
  if (!make) {
    const t = template(shape);
    try {
      if (!MAKE_CODE) throw new Error("no code");
      make = new Function(`"use strict"; return () => ({ ${shapeKeys(shape).map((k) => `${k}: null`).join(", ")} });`)() as () => Component;
    } catch {
      make = () => ({ ...t });
    }
    if (makers.size < 4096) makers.set(shape, make);
  }
  return make;
}

/** The text fields kept sparsely: component key → (sparse list, shape bit). */
const TEXT_FIELDS: Record<number, ["name" | "owner" | "description" | "mbco", number]> = {
  [K_NAME]: ["name", X_NAME],
  [K_OWNER]: ["owner", X_OWNER],
  [K_DESCRIPTION]: ["description", X_DESCRIPTION],
  [K_MBCO]: ["mbco", X_MBCO],
};

function sparse<K extends keyof Sparse>(st: FastReading, key: K): NonNullable<Sparse[K]> {
  return (st.sparse[key] ??= [] as never) as NonNullable<Sparse[K]>;
}

/** Reads one component into the lists (phase one); FastReading.build makes it. */
function readComponent(sc: JsonScanner, st: FastReading): void {
  const index = st.count++;
  let idSym = NONE;
  let site = NONE;
  let kind = NONE;
  let restart = 0;
  let standby = 0;
  let tier = 0;
  let rto = 0;
  let rpo = 0;
  let mtpd = 0;
  let shape = 0; // the extra keys, in order
  let keys = 0; // the keys seen: JSON.parse keeps the last of a repeated key, the fast path gives up
  let extensions: string[] | undefined;
  st.depFrom.push(st.deps.length);
  sc.pos++; // {
  let ch = sc.peek();
  if (ch === CLOSE_BRACE) bail(); // no id
  let key = -1;
  for (;;) {
    if (ch !== QUOTE_CHAR) bail();
    key = readKey(sc, C_KEYS, key);
    keys = markSeen(keys, key);
    ch = sc.peek();
    switch (key) {
      case K_ID:
        if (ch !== QUOTE_CHAR) bail();
        sc.scan();
        if (!validId(sc)) bail();
        idSym = st.ref(sc);
        if (st.defs[idSym] !== NONE) st.duplicate = true;
        else st.defs[idSym] = index;
        break;
      case K_KIND:
        if (ch !== QUOTE_CHAR) bail();
        sc.scan();
        if (KINDS.match(sc) < 0 && likelyTypo(sc.scanned(), KNOWN_KINDS)) st.notes.push({ index, key: "kind", kind: sc.owned() }); // a warning to give
        kind = st.word(sc);
        shape = shape * 16 + X_KIND + 1;
        break;
      case K_SITE:
        if (ch !== QUOTE_CHAR) bail();
        sc.scan();
        site = st.ref(sc);
        shape = shape * 16 + X_SITE + 1;
        break;
      case K_DEPENDS:
        if (ch === OPEN_BRACKET) readDependencies(sc, st);
        else if (sc.literal() !== null) bail();
        break;
      case K_RESTART:
        restart = readDuration(sc, ch);
        break;
      case K_RTO:
        rto = readDuration(sc, ch);
        shape = shape * 16 + X_RTO + 1;
        break;
      case K_RPO:
        rpo = readDuration(sc, ch);
        shape = shape * 16 + X_RPO + 1;
        break;
      case K_MTPD:
        mtpd = readDuration(sc, ch);
        shape = shape * 16 + X_MTPD + 1;
        break;
      case K_TIER:
        if (!isNumberStart(ch)) bail();
        tier = sc.num();
        if (!Number.isInteger(tier) || tier < 1) bail();
        shape = shape * 16 + X_TIER + 1;
        break;
      case K_NAME:
      case K_OWNER:
      case K_DESCRIPTION:
      case K_MBCO: {
        const v = readText(sc, ch);
        if (v !== undefined) {
          const [field, extra] = TEXT_FIELDS[key];
          sparse(st, field)[index - st.base] = v;
          shape = shape * 16 + extra + 1;
        }
        break;
      }
      case K_NOTES:
      case K_LOCATION:
        readText(sc, ch);
        break;
      case K_STANDBY:
        if (ch !== 0x74 && ch !== 0x66) bail();
        standby = sc.literal() === true ? 1 : 0;
        break;
      case K_IMPACT:
        if (ch === OPEN_BRACKET) sparse(st, "impact")[index - st.base] = readImpact(sc);
        else if (sc.literal() !== null) bail();
        break;
      case K_TAGS: {
        if (ch !== OPEN_BRACKET) bail();
        const tags: string[] = [];
        sc.pos++;
        ch = sc.peek();
        if (ch === CLOSE_BRACKET) sc.pos++;
        else
          for (;;) {
            if (ch !== QUOTE_CHAR) bail();
            tags.push(sc.plain());
            ch = sc.peek();
            sc.pos++;
            if (ch === CLOSE_BRACKET) break;
            if (ch !== COMMA) bail();
            ch = sc.peek();
          }
        sparse(st, "tags")[index - st.base] = tags;
        shape = shape * 16 + X_TAGS + 1;
        break;
      }
      case K_LABELS:
      case K_ANNOTATIONS:
      case K_LINKS:
        sc.value();
        break;
      default:
        // x- extension fields are ignored; an unknown key gets a warning (read past here), unless
        // it is declared (a field the fast path leaves to the general one) or looks like a typo (an error)
        if (!scannedExtension(sc)) {
          const unknown = sc.owned();
          if (COMPONENT_KEYS.includes(unknown) || likelyTypo(unknown, COMPONENT_KEYS)) bail();
          st.notes.push({ index, key: unknown });
        }
        extensions = onceEach(extensions, sc);
        sc.value();
    }
    ch = sc.peek();
    if (ch === COMMA) {
      sc.pos++;
      ch = sc.peek();
    } else if (ch === CLOSE_BRACE) {
      sc.pos++;
      break;
    } else bail();
  }
  if (idSym === NONE) bail();
  if (keys & (1 << K_RTO) && keys & (1 << K_MTPD) && rto > mtpd) bail();
  st.id.push(idSym);
  st.site.push(site);
  st.kind.push(kind);
  st.restart.push(restart);
  let shapeNo = st.shapeIndex.get(shape);
  if (shapeNo === undefined) {
    shapeNo = st.shapes.length;
    st.shapes.push(shape);
    st.shapeIndex.set(shape, shapeNo);
  }
  st.form.push((shapeNo << 1) | standby);
  if (keys & ((1 << K_TIER) | (1 << K_RTO) | (1 << K_RPO) | (1 << K_MTPD))) {
    st.target.push(st.tier.length);
    st.tier.push(tier);
    st.rto.push(rto);
    st.rpo.push(rpo);
    st.mtpd.push(mtpd);
  } else st.target.push(NONE);
}

/** Does the id scan() just read match [a-z0-9][a-z0-9._-]* ? */
function validId(sc: JsonScanner): boolean {
  if (sc.special) return ID.test(sc.decoded);
  const text = sc.text;
  const end = sc.s1;
  let i = sc.s0;
  if (i === end) return false;
  let c = text.charCodeAt(i);
  if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) return false;
  for (i++; i < end; i++) {
    c = text.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f)) return false;
  }
  return true;
}

/** Is the key scan() just read an `x-` extension field? */
/** Extension keys seen in one object: a repeated one gives up (the general reader reports it, as for any key). */
function onceEach(seen: string[] | undefined, sc: JsonScanner): string[] {
  const key = sc.scanned();
  if (!seen) return [key];
  if (seen.includes(key)) bail();
  seen.push(key);
  return seen;
}

function scannedExtension(sc: JsonScanner): boolean {
  return sc.special ? sc.decoded.startsWith("x-") : sc.text.startsWith("x-", sc.s0) && sc.s1 - sc.s0 >= 2;
}

/** name, owner, description, mbco, notes, location: text or a number (as text); null is no value. */
function readText(sc: JsonScanner, ch: number): string | undefined {
  if (ch === QUOTE_CHAR) return sc.plain();
  if (isNumberStart(ch)) return String(sc.num());
  if (ch === 0x6e && sc.literal() === null) return undefined;
  bail();
}

const UNIT = new Float64Array(128);
UNIT[0x6d] = 1; // m
UNIT[0x68] = 60; // h
UNIT[0x64] = 1440; // d
UNIT[0x77] = 10080; // w

/** A duration, as parseDuration reads it (whole digits and a unit in place, the rest by parseDuration). */
function readDuration(sc: JsonScanner, ch: number): number {
  let value: unknown;
  if (ch === QUOTE_CHAR) {
    sc.scan();
    if (!sc.special) {
      const text = sc.text;
      const last = sc.s1 - 1;
      if (last > sc.s0 && last - sc.s0 <= 15) {
        let minutes = 0;
        let i = sc.s0;
        for (; i < last; i++) {
          const d = text.charCodeAt(i) - 0x30;
          if (d < 0 || d > 9) break;
          minutes = minutes * 10 + d;
        }
        const unit = text.charCodeAt(last);
        if (i === last && unit < 128 && UNIT[unit] !== 0) return minutes * UNIT[unit];
      }
    }
    value = sc.scanned();
  } else if (isNumberStart(ch)) value = sc.num();
  else bail();
  const d = parseDuration(value);
  if (!d.ok) bail();
  return d.minutes;
}

const IMPACT_EXTRAS = ["perHour", "once", "category"] as const;
const impactTemplates = new Map<number, ImpactEntry>();

/** The template of an impact entry: `from`, then the keys of `shape` (base-4 digits of index + 1) in order. */
function impactTemplate(shape: number): ImpactEntry {
  let t = impactTemplates.get(shape);
  if (!t) {
    const keys: string[] = [];
    for (let rest = shape; rest > 0; rest = Math.floor(rest / 4)) keys.unshift(IMPACT_EXTRAS[(rest % 4) - 1]);
    t = JSON.parse(`{"from":0${keys.map((k) => `,"${k}":null`).join("")}}`) as ImpactEntry;
    impactTemplates.set(shape, t);
  }
  return t;
}

function readImpact(sc: JsonScanner): ImpactEntry[] {
  sc.pos++; // [
  let ch = sc.peek();
  const impact: ImpactEntry[] = [];
  if (ch === CLOSE_BRACKET) {
    sc.pos++;
    return impact;
  }
  for (;;) {
    if (ch !== OPEN_BRACE) bail();
    sc.pos++;
    let from = 0;
    let perHour = 0;
    let once = 0;
    let category = "";
    let shape = 0;
    let extensions: string[] | undefined;
    let keys = 0;
    let key = -1;
    ch = sc.peek();
    if (ch !== CLOSE_BRACE)
      for (;;) {
        if (ch !== QUOTE_CHAR) bail();
        key = readKey(sc, I_KEYS, key);
        keys = markSeen(keys, key);
        ch = sc.peek();
        switch (key) {
          case 0: // from
            from = readDuration(sc, ch);
            break;
          case 1: // perHour
          case 2: {
            // once
            if (!isNumberStart(ch)) bail();
            const v = sc.num();
            if (!Number.isFinite(v) || v < 0) bail();
            if (key === 1) perHour = v;
            else once = v;
            shape = shape * 4 + key;
            break;
          }
          case 3: // category
            if (ch !== QUOTE_CHAR) bail();
            sc.scan();
            category = sc.owned();
            shape = shape * 4 + 3;
            break;
          case 4: // note
            sc.value();
            break;
          default:
            if (!scannedExtension(sc)) bail();
            extensions = onceEach(extensions, sc);
            sc.value();
        }
        ch = sc.peek();
        if (ch === COMMA) {
          sc.pos++;
          ch = sc.peek();
        } else if (ch === CLOSE_BRACE) break;
        else bail();
      }
    sc.pos++; // }
    if (!(keys & 6)) bail(); // neither perHour nor once
    // the general reader's entry: {from: 0}, then the others as the file names them
    const entry = { ...impactTemplate(shape) };
    entry.from = from;
    if (keys & 2) entry.perHour = perHour;
    if (keys & 4) entry.once = once;
    if (keys & 8) entry.category = category;
    impact.push(entry);
    ch = sc.peek();
    if (ch === COMMA) {
      sc.pos++;
      ch = sc.peek();
    } else if (ch === CLOSE_BRACKET) {
      sc.pos++;
      return impact;
    } else bail();
  }
}

function readDependencies(sc: JsonScanner, st: FastReading): void {
  sc.pos++; // [
  let ch = sc.peek();
  if (ch === CLOSE_BRACKET) {
    sc.pos++;
    return;
  }
  let names: number[] | undefined;
  for (;;) {
    if (ch === QUOTE_CHAR) {
      sc.scan();
      st.deps.push(st.ref(sc));
    } else if (ch === OPEN_BRACE) {
      const g = st.groupAP.length;
      readGroup(sc, st);
      const name = st.groupName.data[g];
      if (name !== NONE) {
        if (names?.includes(name)) bail(); // a group name used twice in one component
        (names ??= []).push(name);
        const failover = st.groupFailover.data[g];
        if (failover !== failover && st.words.strings[name]) st.manualGroups.add(st.words.strings[name]);
      }
      st.deps.push(-g - 1);
    } else bail();
    ch = sc.peek();
    if (ch === COMMA) {
      sc.pos++;
      ch = sc.peek();
    } else if (ch === CLOSE_BRACKET) {
      sc.pos++;
      return;
    } else bail();
  }
}

/** Reads a redundancy group into the group lists, checked as the general reader checks it. */
function readGroup(sc: JsonScanner, st: FastReading): void {
  let members = 0;
  let need = 1;
  let ap = false;
  let failover = 0; // NaN: manual
  let name = NONE;
  let keys = 0;
  let extensions: string[] | undefined;
  st.memberFrom.push(st.members.length);
  sc.pos++; // {
  let ch = sc.peek();
  if (ch === CLOSE_BRACE) bail(); // no members
  let key = -1;
  for (;;) {
    if (ch !== QUOTE_CHAR) bail();
    key = readKey(sc, G_KEYS, key);
    keys = markSeen(keys, key);
    ch = sc.peek();
    switch (key) {
      case 0: // group
        if (ch !== QUOTE_CHAR) bail();
        sc.scan();
        name = st.word(sc);
        break;
      case 1: {
        // members
        if (ch !== OPEN_BRACKET) bail();
        const seen = memberScratch;
        sc.pos++;
        ch = sc.peek();
        if (ch === CLOSE_BRACKET) bail(); // empty
        for (;;) {
          if (ch !== QUOTE_CHAR) bail();
          sc.scan();
          const sym = st.ref(sc);
          for (let k = 0; k < members && k < seen.length; k++) if (seen[k] === sym) bail(); // listed twice
          if (members >= seen.length) {
            // a long list: look back in the members recorded
            const from = st.members.length - members;
            for (let k = 0; k < members; k++) if (st.members.data[from + k] === sym) bail();
          } else seen[members] = sym;
          members++;
          st.members.push(sym);
          ch = sc.peek();
          sc.pos++;
          if (ch === CLOSE_BRACKET) break;
          if (ch !== COMMA) bail();
          ch = sc.peek();
        }
        break;
      }
      case 2: // need
        if (!isNumberStart(ch)) bail();
        need = sc.num();
        if (!Number.isInteger(need) || need < 1) bail();
        break;
      case 3: {
        // mode
        if (ch !== QUOTE_CHAR) bail();
        sc.scan();
        const m = MODES.match(sc);
        if (m < 0) bail();
        ap = m === 1;
        break;
      }
      case 4: // failover
        if (ch === QUOTE_CHAR) {
          const at = sc.pos;
          sc.scan();
          if (MANUAL.match(sc) === 0) {
            failover = NaN;
            break;
          }
          sc.pos = at;
        }
        failover = readDuration(sc, ch);
        break;
      default:
        if (!scannedExtension(sc)) bail();
        extensions = onceEach(extensions, sc);
        sc.value();
    }
    ch = sc.peek();
    if (ch === COMMA) {
      sc.pos++;
      ch = sc.peek();
    } else if (ch === CLOSE_BRACE) {
      sc.pos++;
      break;
    } else bail();
  }
  if (!(keys & 2)) bail(); // no members
  if (!ap && keys & 16) bail(); // failover on an active-active group
  if (ap && keys & 4 && need !== 1) bail();
  if (need > members) bail();
  st.groupAP.push(ap ? 1 : 0);
  st.groupNeed.push(need);
  st.groupFailover.push(failover);
  st.groupName.push(name);
}
