/**
 * A compiled model as one binary snapshot (`continuum compile MODEL -o model.cmodel`): the compiled
 * layout's typed arrays and what commands need of the model, so that loading a very large model
 * is reading arrays in place instead of parsing and validating text again. Pure: bytes in, bytes
 * out; the caller (the CLI) reads files and computes the content hash of the sources.
 *
 * Layout: a 32-byte header (magic, format version, byte length of a JSON directory, where the data
 * starts), the directory (model-level fields, plans, warnings, and each section's name, type,
 * offset and length), then the sections, each 8-byte aligned so that reading one is
 * `new Int32Array(buffer, offset, length)` without a copy.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { Component, Dependency, GroupDependency, ImpactEntry, Model, Plan } from "../model/types.js";
import { MODE_ACTIVE_ACTIVE } from "../model/layout.js";
import { compilePlans, type CompiledModel } from "./compiled-model.js";

/** Bumped whenever the layout below changes: a snapshot of another version is refused, never guessed at. */
export const SNAPSHOT_FORMAT = 1;
const MAGIC = [0x43, 0x4d, 0x4f, 0x44, 0x45, 0x4c, 0x00, 0x1a]; // "CMODEL\0\x1a"
const HEADER = 32;

// the WHATWG encoding API, in every browser and in Node; the engine's lib (ES2023) does not declare it
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare const TextDecoder: { new (): { decode(bytes: Uint8Array): string } };

/** What a snapshot was compiled from, recorded so a reader can tell when it went stale. */
export interface SnapshotSources {
  /** hex content hash (SHA-256) of the source files' paths and bytes, computed by the caller */
  sha256: string;
  files: Array<{ path: string; size: number; mtimeMs?: number }>;
}

export interface SnapshotHeader {
  format: number;
  engineVersion: string;
  sources: SnapshotSources;
}

/** A snapshot the reader cannot use, with the reason in words (`code` for callers that branch). */
export class SnapshotError extends Error {
  constructor(readonly code: "not-a-snapshot" | "format-version" | "corrupt", message: string) {
    super(message);
  }
}

type ArrayKind = "i32" | "f64" | "u8";
type Typed = Int32Array | Float64Array | Uint8Array;
interface SectionEntry {
  name: string;
  kind: ArrayKind;
  offset: number;
  length: number;
}
interface Directory extends SnapshotHeader {
  continuum: 1;
  organization?: string;
  currency: string;
  files: string[];
  n: number;
  plans: Plan[];
  extra: Record<string, unknown[]>;
  warnings: Diagnostic[];
  tags: Record<number, string[]>;
  sections: SectionEntry[];
}

const STRING_COLUMNS = ["name", "kind", "owner", "description", "mbco"] as const;

/** The snapshot of a loaded model, as one buffer. */
export function writeSnapshot(loaded: { model: Model; compiled: CompiledModel; warnings: Diagnostic[] }, header: { engineVersion: string; sources: SnapshotSources }): Uint8Array {
  const { model, compiled: cm } = loaded;
  const comps = model.components;
  const n = cm.n;
  const sections: Array<[string, Typed]> = [];
  const add = (name: string, a: Typed) => sections.push([name, a]);
  for (const key of ["restart", "standby", "tier", "rto", "mtpd", "hasImpact", "hardStart", "hardTarget", "revHardStart", "revHardSource", "groupStart", "groupOwner", "groupMode", "groupNeed", "groupFailover", "memberStart", "memberTarget", "revMemberStart", "revMemberGroup"] as const) add(key, cm[key]);

  // what the compiled layout does not keep: the order of each component's dependencies, its site,
  // a group's written `need`, and the optional numbers (NaN where absent)
  const hasSite = new Uint8Array(n);
  const rpo = new Float64Array(n);
  const capacity = new Float64Array(n);
  const depStart = new Int32Array(n + 1);
  let depCount = 0;
  for (let i = 0; i < n; i++) depCount += comps[i].dependsOn.length;
  const dep = new Int32Array(depCount); // >= 0: hard target; < 0: ~group
  const groupNeedWritten = new Int32Array(cm.groupOwner.length);
  let impactCount = 0;
  for (let i = 0; i < n; i++) impactCount += comps[i].impact.length;
  const impactStart = new Int32Array(n + 1);
  const impactFrom = new Float64Array(impactCount);
  const impactPerHour = new Float64Array(impactCount);
  const impactOnce = new Float64Array(impactCount);
  const impactCategory: Array<string | undefined> = new Array(impactCount);
  const tags: Record<number, string[]> = {};
  let d = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const c = comps[i];
    hasSite[i] = c.site !== undefined ? 1 : 0;
    rpo[i] = c.rpo ?? NaN;
    capacity[i] = c.capacity ?? NaN;
    if (c.tags) tags[i] = c.tags;
    depStart[i] = d;
    let h = cm.hardStart[i] + hasSite[i];
    let g = cm.groupStart[i];
    for (const x of c.dependsOn) {
      if (typeof x === "string") dep[d++] = cm.hardTarget[h++];
      else {
        groupNeedWritten[g] = x.need;
        dep[d++] = ~g++;
      }
    }
    impactStart[i] = e;
    for (const entry of c.impact) {
      impactFrom[e] = entry.from;
      impactPerHour[e] = entry.perHour ?? NaN;
      impactOnce[e] = entry.once ?? NaN;
      impactCategory[e++] = entry.category;
    }
  }
  depStart[n] = d;
  impactStart[n] = e;
  add("hasSite", hasSite);
  add("rpo", rpo);
  add("capacity", capacity);
  add("depStart", depStart);
  add("dep", dep);
  add("groupNeedWritten", groupNeedWritten);
  add("impactStart", impactStart);
  add("impactFrom", impactFrom);
  add("impactPerHour", impactPerHour);
  add("impactOnce", impactOnce);
  addStrings(add, "id", cm.ids);
  for (const key of STRING_COLUMNS) addStrings(add, key, comps.map((c) => c[key]));
  addStrings(add, "groupName", cm.groupName);
  addStrings(add, "impactCategory", impactCategory);

  let offset = 0;
  const entries: SectionEntry[] = sections.map(([name, a]) => {
    const entry = { name, kind: kindOf(a), offset, length: a.length };
    offset += align8(a.byteLength);
    return entry;
  });
  const directory: Directory = {
    format: SNAPSHOT_FORMAT, engineVersion: header.engineVersion, sources: header.sources,
    continuum: model.continuum, organization: model.organization, currency: model.currency, files: model.files, n,
    plans: model.plans, extra: model.extra, warnings: loaded.warnings, tags, sections: entries,
  };
  const json = new TextEncoder().encode(JSON.stringify(directory));
  const dataStart = align8(HEADER + json.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, dataStart, true);
  out.set(json, HEADER);
  sections.forEach(([, a], k) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + entries[k].offset));
  return out;
}

/** True when the bytes start like a snapshot (whatever its version). */
export function isSnapshot(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER && MAGIC.every((b, k) => bytes[k] === b);
}

/** The header alone: format, engine version and sources (cheap; to check staleness before loading). */
export function readSnapshotHeader(bytes: Uint8Array): SnapshotHeader {
  const { directory } = open(bytes);
  return { format: directory.format, engineVersion: directory.engineVersion, sources: directory.sources };
}

/** The loaded model a snapshot holds: the same model, compiled layout and warnings as when it was written. */
export function readSnapshot(bytes: Uint8Array): { model: Model; compiled: CompiledModel; warnings: Diagnostic[] } {
  const { directory: dir, buffer, dataStart } = open(bytes);
  const sec = new Map(dir.sections.map((s) => [s.name, s]));
  const get = <K extends ArrayKind>(name: string, kind: K): K extends "i32" ? Int32Array : K extends "f64" ? Float64Array : Uint8Array => {
    const s = sec.get(name);
    if (!s || s.kind !== kind) throw new SnapshotError("corrupt", `the snapshot has no section ${name}`);
    const Ctor = kind === "i32" ? Int32Array : kind === "f64" ? Float64Array : Uint8Array;
    if (dataStart + s.offset + s.length * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) throw new SnapshotError("corrupt", `the snapshot is cut short (section ${name})`);
    return new Ctor(buffer, dataStart + s.offset, s.length) as never;
  };
  const strings = (name: string) => readStrings(get(`${name}.text`, "u8"), get(`${name}.start`, "i32"), get(`${name}.present`, "u8"));
  const column = (name: string) => stringColumn(get(`${name}.text`, "u8"), get(`${name}.start`, "i32"), get(`${name}.present`, "u8"));
  const n = dir.n;
  const ids = strings("id") as string[];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(ids[i], i);
  const restart = get("restart", "f64"), standby = get("standby", "u8"), tier = get("tier", "i32"), rto = get("rto", "f64"), mtpd = get("mtpd", "f64");
  const hardStart = get("hardStart", "i32"), hardTarget = get("hardTarget", "i32");
  const groupStart = get("groupStart", "i32"), groupOwner = get("groupOwner", "i32"), groupMode = get("groupMode", "u8"), groupNeed = get("groupNeed", "i32"), groupFailover = get("groupFailover", "f64");
  const memberStart = get("memberStart", "i32"), memberTarget = get("memberTarget", "i32");
  const groupName = strings("groupName");
  const hasSite = get("hasSite", "u8"), rpo = get("rpo", "f64"), capacity = get("capacity", "f64");
  const depStart = get("depStart", "i32"), dep = get("dep", "i32"), groupNeedWritten = get("groupNeedWritten", "i32");
  const impactStart = get("impactStart", "i32"), impactFrom = get("impactFrom", "f64"), impactPerHour = get("impactPerHour", "f64"), impactOnce = get("impactOnce", "f64");
  const impactCategory = strings("impactCategory");
  const columns = STRING_COLUMNS.map((key) => column(key));
  const [name, kind, owner, description, mbco] = columns;

  // the component objects, as the readers make them (absent fields left out, not undefined), each
  // made when first read: a command that simulates one site reads a few thousand of a million
  const component = (i: number): Component => {
    const dependsOn: Dependency[] = [];
    for (let k = depStart[i]; k < depStart[i + 1]; k++) {
      const x = dep[k];
      if (x >= 0) dependsOn.push(ids[x]);
      else {
        const g = ~x;
        const members: string[] = [];
        for (let m = memberStart[g]; m < memberStart[g + 1]; m++) members.push(ids[memberTarget[m]]);
        const f = groupFailover[g];
        const group: GroupDependency = { members, need: groupNeedWritten[g], mode: groupMode[g] === MODE_ACTIVE_ACTIVE ? "active-active" : "active-passive", failover: Number.isFinite(f) ? f : "manual" };
        if (groupName[g] !== undefined) group.group = groupName[g];
        dependsOn.push(group);
      }
    }
    const impact: ImpactEntry[] = [];
    for (let k = impactStart[i]; k < impactStart[i + 1]; k++) {
      const entry: ImpactEntry = { from: impactFrom[k] };
      if (!Number.isNaN(impactPerHour[k])) entry.perHour = impactPerHour[k];
      if (!Number.isNaN(impactOnce[k])) entry.once = impactOnce[k];
      if (impactCategory[k] !== undefined) entry.category = impactCategory[k];
      impact.push(entry);
    }
    const c: Component = { id: ids[i], restart: restart[i], standby: standby[i] === 1, impact, dependsOn };
    const nameOf = name(i);
    if (nameOf !== undefined) c.name = nameOf;
    const kindOf = kind(i);
    if (kindOf !== undefined) c.kind = kindOf;
    if (hasSite[i]) c.site = ids[hardTarget[hardStart[i]]];
    const ownerOf = owner(i);
    if (ownerOf !== undefined) c.owner = ownerOf;
    const descriptionOf = description(i);
    if (descriptionOf !== undefined) c.description = descriptionOf;
    if (dir.tags[i]) c.tags = dir.tags[i];
    if (tier[i]) c.tier = tier[i];
    if (rto[i] !== Infinity) c.rto = rto[i];
    if (!Number.isNaN(rpo[i])) c.rpo = rpo[i];
    if (mtpd[i] !== Infinity) c.mtpd = mtpd[i];
    const mbcoOf = mbco(i);
    if (mbcoOf !== undefined) c.mbco = mbcoOf;
    if (!Number.isNaN(capacity[i])) c.capacity = capacity[i];
    return c;
  };
  const components = lazyArray(n, component);
  const model: Model = { continuum: dir.continuum, currency: dir.currency, components, plans: dir.plans, extra: dir.extra, files: dir.files };
  if (dir.organization !== undefined) model.organization = dir.organization;
  const { plans, steps, watchingPlans, needingSteps, capComponent, capacity: capacities } = compilePlans(model.plans, components, index, groupName, groupMode);
  const compiled: CompiledModel = {
    model, n, ids, index, restart, standby, tier, rto, mtpd, hardStart, hardTarget,
    revHardStart: get("revHardStart", "i32"), revHardSource: get("revHardSource", "i32"),
    groupStart, groupOwner, groupMode, groupNeed, groupFailover, groupName, memberStart, memberTarget,
    revMemberStart: get("revMemberStart", "i32"), revMemberGroup: get("revMemberGroup", "i32"),
    plans, steps, watchingPlans, needingSteps, capComponent, capacity: capacities, hasImpact: get("hasImpact", "u8"),
  };
  return { model, compiled, warnings: dir.warnings };
}

/**
 * An array of n elements, each made by `make(i)` the first time it is read (index, iteration, map,
 * length, JSON: everything an array does). Making a million component objects with their
 * dependency lists costs seconds, mostly in the garbage collector; most commands read few of them.
 */
function lazyArray<T>(n: number, make: (i: number) => T): T[] {
  const target: T[] = new Array(n);
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== "string") return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i < target.length && String(i) === key ? i : -1;
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      const i = indexOf(key);
      if (i < 0) return Reflect.get(t, key, receiver);
      return (t[i] ??= make(i));
    },
    has(t, key) {
      return indexOf(key) >= 0 || Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      const i = indexOf(key);
      if (i >= 0) t[i] ??= make(i);
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      for (let i = 0; i < t.length; i++) t[i] ??= make(i);
      return Reflect.ownKeys(t);
    },
  });
}

function open(bytes: Uint8Array): { directory: Directory; buffer: ArrayBuffer; dataStart: number } {
  if (!isSnapshot(bytes)) throw new SnapshotError("not-a-snapshot", "not a compiled model snapshot (it does not start with the CMODEL mark)");
  // zero-copy views need the sections 8-byte aligned in their buffer: copy once if the bytes are not
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT) throw new SnapshotError("format-version", `snapshot format ${format}, but this engine reads format ${SNAPSHOT_FORMAT}`);
  const jsonLength = view.getUint32(12, true);
  const dataStart = view.getUint32(16, true);
  if (HEADER + jsonLength > own.length || dataStart > own.length) throw new SnapshotError("corrupt", "the snapshot is cut short");
  let directory: Directory;
  try {
    directory = JSON.parse(new TextDecoder().decode(own.subarray(HEADER, HEADER + jsonLength)));
  } catch {
    throw new SnapshotError("corrupt", "the snapshot's directory is not readable");
  }
  return { directory, buffer: own.buffer as ArrayBuffer, dataStart: own.byteOffset + dataStart };
}

/**
 * A column of optional strings: their UTF-8 text joined, where each starts in UTF-16 units of the
 * decoded text, and which are present; read back by decoding once and slicing.
 */
function addStrings(add: (name: string, a: Typed) => void, name: string, values: ReadonlyArray<string | undefined>) {
  const start = new Int32Array(values.length + 1);
  const present = new Uint8Array(values.length);
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    start[i] = at;
    const v = values[i];
    if (v !== undefined) {
      present[i] = 1;
      parts.push(v);
      at += v.length;
    }
  }
  start[values.length] = at;
  add(`${name}.text`, new TextEncoder().encode(parts.join("")));
  add(`${name}.start`, start);
  add(`${name}.present`, present);
}

function readStrings(text: Uint8Array, start: Int32Array, present: Uint8Array): Array<string | undefined> {
  const all = new TextDecoder().decode(text);
  const out: Array<string | undefined> = new Array(present.length);
  for (let i = 0; i < present.length; i++) out[i] = present[i] ? all.slice(start[i], start[i + 1]) : undefined;
  return out;
}

/** One string of a column at a time (the column's text decoded on first use): for fields read seldom. */
function stringColumn(text: Uint8Array, start: Int32Array, present: Uint8Array): (i: number) => string | undefined {
  let all: string | undefined;
  return (i) => (present[i] ? (all ??= new TextDecoder().decode(text)).slice(start[i], start[i + 1]) : undefined);
}

function kindOf(a: Typed): ArrayKind {
  return a instanceof Int32Array ? "i32" : a instanceof Float64Array ? "f64" : "u8";
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
