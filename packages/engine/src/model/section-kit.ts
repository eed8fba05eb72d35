/**
 * The plumbing every section of the model file shares, so that a new section is its declaration
 * (schema.ts) plus its semantics, never a new copy of this: a list whose entries are read one by
 * one, unknown keys (an error when they look like a typo of a declared key, a warning otherwise,
 * `x-` fields ignored), ids (pattern, unique within their section) and references with "did you
 * mean". Messages go to a sink that knows where each value sits (file, line, field).
 */
import { describe } from "../duration.js";
import type { DiagnosticParams } from "./diagnostics.js";
import { closestIds, likelyTypo } from "./typos.js";
import { child, ID_PATTERN, type SourceRef } from "./types.js";
import { keysOf, type ObjectNode } from "./schema-kit.js";

/** Where a section reader's messages go (the model reader places and sorts them). */
export interface MessageSink {
  error(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams): void;
  warn(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams): void;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list of entries, each read by `each` with its place; null or absent is an empty list. */
export function readList(sink: MessageSink, value: unknown, ref: SourceRef, what: string, each: (item: unknown, ref: SourceRef) => void): void {
  if (value === null || value === undefined) return;
  if (!Array.isArray(value)) {
    sink.error("bad-type", ref, `${what} must be a list, got ${describe(value)}`, `write each entry on its own line starting with "- "`);
    return;
  }
  for (let i = 0; i < value.length; i++) each(value[i], child(ref, i));
}

/** A key the mapping does not declare: an error if it looks like a typo of one it does, else a warning. */
export function unknownKey(sink: MessageSink, key: string, ref: SourceRef, known: readonly string[], component?: string): void {
  if (key.startsWith("x-")) return; // extension fields, as in OpenAPI
  const meant = likelyTypo(key, known);
  if (meant) sink.error("unknown-key", ref, `unknown key "${key}"`, `did you mean "${meant}"?`, component, true, { key, meant });
  else sink.warn("unknown-key", ref, `unknown key "${key}" is ignored`, `known keys here: ${known.join(", ")} (prefix custom fields with x-)`, component, true, { key, known: known.join(", ") });
}

/** Reports every key of `raw` its declaration does not have (for sections whose fields are all read elsewhere). */
export function checkKeys(sink: MessageSink, raw: Record<string, unknown>, ref: SourceRef, mapping: ObjectNode<any, any>, component?: string): void {
  if (mapping.open) return;
  const known = keysOf(mapping);
  for (const key of Object.keys(raw)) if (!known.includes(key)) unknownKey(sink, key, child(ref, key), known, component);
}

/**
 * The entries' ids, checked: text matching the id pattern, each once in the section. Returns
 * the ids seen (the first place of each), for references to check against.
 */
export function readIds(sink: MessageSink, entries: ReadonlyArray<{ raw: unknown; ref: SourceRef }>, what: string): Map<string, SourceRef> {
  const seen = new Map<string, SourceRef>();
  for (const { raw, ref } of entries) {
    if (!isMapping(raw) || raw.id === undefined) continue;
    const at = child(ref, "id");
    if (typeof raw.id !== "string" || !ID_PATTERN.test(raw.id)) {
      sink.error("bad-id", at, `${what} id ${describe(raw.id)} is not allowed`, "ids match [a-z0-9][a-z0-9._-]*");
      continue;
    }
    if (seen.has(raw.id)) sink.error("duplicate-id", at, `${what} id "${raw.id}" is used twice`, `${what} ids must be unique`, undefined, false, { id: raw.id });
    else seen.set(raw.id, ref);
  }
  return seen;
}

/** A reference that names nothing known, with the nearest ids as "did you mean". */
export function unknownReference(sink: MessageSink, ref: SourceRef, target: string, ids: Iterable<string>, what: string, owner?: string, noun = "component"): void {
  const near = closestIds(target, ids);
  sink.error(
    `unknown-${noun}`,
    ref,
    `${what} "${target}" names no ${noun}`,
    near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? Otherwise add a ${noun} with id "${target}"` : `add a ${noun} with id "${target}", or fix the id`,
    owner,
    false,
    { id: target, near: near.join(", ") },
  );
}

/**
 * A section reserved for a later feature (teams, contacts, exercises, checks, reviews): a list
 * of entries, or one mapping, kept as written; ids, where given, must be ids and unique.
 */
export function readReservedSection(sink: MessageSink, key: string, value: unknown, at: SourceRef, into: unknown[]): void {
  if (!Array.isArray(value) && !isMapping(value)) {
    sink.error("bad-type", at, `${key} must be a list, got ${describe(value)}`);
    return;
  }
  const list = Array.isArray(value) ? value : [value];
  into.push(...list);
  readIds(sink, list.map((raw, i) => ({ raw, ref: Array.isArray(value) ? child(at, i) : at })), key.replace(/s$/, ""));
}
