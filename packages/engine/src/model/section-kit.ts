/**
 * The plumbing every section of the model file shares, so that a new section is its declaration
 * (schema.ts) plus its semantics, never a new copy of this: a list whose entries are read one by
 * one, unknown keys (an error when they look like a typo of a declared key, a warning otherwise,
 * `x-` fields ignored), ids (pattern, unique within their section) and references with "did you
 * mean". Messages go to a sink that knows where each value sits (file, line, field).
 */
import { describe, parseDuration } from "../duration.js";
import type { DiagnosticParams } from "./diagnostics.js";
import { closestIds, likelyTypo } from "./typos.js";
import { child, ID_PATTERN, type SourceRef } from "./types.js";
import { keysOf, type Node, type ObjectNode } from "./schema-kit.js";
import { LazyList } from "./json-tape.js";

/** Where a section reader's messages go (the model reader places and sorts them). */
export interface MessageSink {
  error(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams): void;
  warn(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams): void;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A list of entries, each read by `each` with its place; null or absent is an empty list. A big
 * list of a JSON text comes lazily (json-tape.ts): each entry is made as it is read.
 */
export function readList(sink: MessageSink, value: unknown, ref: SourceRef, what: string, each: (item: unknown, ref: SourceRef) => void): void {
  if (value === null || value === undefined) return;
  if (value instanceof LazyList) {
    for (let i = 0, n = value.length; i < n; i++) each(value.item(i), child(ref, i));
    return;
  }
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
 * A section reserved for a later feature (teams, contacts, reviews): a list
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

/** A reference met while checking a declared value, for the model reader to resolve once every id is known. */
export interface ReferenceSeen {
  /** what it names: "component", "plan" … (the declaration's `ref(to)`) */
  to: string;
  id: string;
  ref: SourceRef;
  /** the declaration's words for it, for the message */
  what: string;
}

/**
 * Checks a value against its declaration (types, known words, unknown keys, required keys) with a
 * message at its place, and collects the references it holds. Returns whether it conforms. For
 * sections whose values are documents (plan roles, exercises) rather than simulation input: the
 * readers of simulated fields keep their own messages.
 */
export function checkDeclared(sink: MessageSink, node: Node, value: unknown, ref: SourceRef, refs: ReferenceSeen[], owner?: string): boolean {
  const bad = (expected: string) => {
    sink.error("bad-type", ref, `expected ${expected}, got ${describe(value)}`, node.doc, owner);
    return false;
  };
  if (value === null || value === undefined) return true;
  switch (node.kind) {
    case "text":
      if (typeof value === "string") return node.pattern === undefined || new RegExp(node.pattern).test(value) || bad(`text matching ${node.pattern}`);
      return (node.number && typeof value === "number") || bad("text");
    case "id":
      return (typeof value === "string" && ID_PATTERN.test(value)) || bad("an id ([a-z0-9][a-z0-9._-]*)");
    case "ref":
      if (typeof value !== "string") return bad(`the id of a ${node.to}`);
      refs.push({ to: node.to, id: value, ref, what: node.doc ?? node.to });
      return true;
    case "duration": {
      if (typeof value === "string" && node.also?.includes(value)) return true;
      const d = parseDuration(value);
      return d.ok || bad("a duration such as 30m, 2h or 1d");
    }
    case "integer":
      return (typeof value === "number" && Number.isInteger(value) && (node.min === undefined || value >= node.min)) || bad(`a whole number${node.min === undefined ? "" : ` ${node.min} or more`}`);
    case "number":
      return (typeof value === "number" && (node.min === undefined || value >= node.min)) || bad("a number");
    case "boolean":
      return typeof value === "boolean" || bad("true or false");
    case "date":
      return (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) || (value instanceof Date) || bad("a date YYYY-MM-DD");
    case "enum":
      if (typeof value !== "string") return bad(`one of ${node.values.join(", ")}`);
      if (node.values.includes(value) || node.open) return true;
      {
        const meant = likelyTypo(value, node.values);
        sink.error("bad-value", ref, `${describe(value)} is not one of ${node.values.join(", ")}`, meant ? `did you mean "${meant}"?` : undefined, owner, false, { value, known: node.values.join(", "), ...(meant ? { meant } : {}) });
      }
      return false;
    case "const":
      return node.values.includes(value) || bad(node.values.map(String).join(" or "));
    case "list": {
      if (!Array.isArray(value)) return node.single ? checkDeclared(sink, node.of, value, ref, refs, owner) : bad("a list");
      let ok = true;
      value.forEach((item, i) => (ok = checkDeclared(sink, node.of, item, child(ref, i), refs, owner) && ok));
      return ok;
    }
    case "map": {
      if (!isMapping(value)) return bad("a mapping");
      let ok = true;
      for (const [k, v] of Object.entries(value)) ok = checkDeclared(sink, node.of, v, child(ref, k), refs, owner) && ok;
      return ok;
    }
    case "union": {
      // the first alternative of the value's shape decides (a mapping goes to the mapping's declaration)
      const shape = (n: Node): boolean => (n.kind === "object" || n.kind === "map" ? isMapping(value) : n.kind === "list" ? Array.isArray(value) : !isMapping(value) && !Array.isArray(value));
      const fit = node.of.find(shape);
      return fit ? checkDeclared(sink, fit, value, ref, refs, owner) : bad(isMapping(value) ? "no mapping here" : "a value of another shape");
    }
    case "any":
      return true;
    case "object": {
      if (!isMapping(value)) return bad(`a mapping (${node.name})`);
      if (node.open) return true;
      let ok = true;
      const known = keysOf(node);
      for (const [k, v] of Object.entries(value)) {
        const field = (node.fields as Record<string, Node>)[k];
        if (field && Object.prototype.hasOwnProperty.call(node.fields, k)) ok = checkDeclared(sink, field, v, child(ref, k), refs, owner) && ok;
        else unknownKey(sink, k, child(ref, k), known, owner);
      }
      for (const k of node.required ?? []) {
        if (value[k] === undefined) {
          sink.error("missing-field", ref, `${node.name} has no ${k}`, `add \`${k}:\``, owner, false, { mapping: node.name, key: k });
          ok = false;
        }
      }
      return ok;
    }
  }
}
