/**
 * Backstage catalogs in: `catalog-info.yaml` files (several entities per file, `---`) become a
 * continuity model. Pure: texts and file names in, the model and diagnostics out (the CLI and the
 * server read the files). The mapping is documented in docs/model-format.md ("Backstage catalogs").
 *
 * Entity references follow Backstage's catalog-model (`[<kind>:][<namespace>/]<name>`, compared
 * without case; the namespace defaults to the referring entity's; `dependsOn` must name a kind,
 * `owner` defaults to Group and `system` to System, as Backstage's own processor does).
 */
import { parseDuration } from "../duration.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { parseSource, type ParsedSource, type SourceFile } from "../model/source.js";
import { conversion, idFrom, type Conversion, type ModelDocument } from "./model-text.js";

const API_VERSION = /^backstage\.io\/v1(alpha1|beta1)$/;
const ANNOTATION = "continuum.io/";
/** Continuity fields read from `metadata.annotations` (`continuum.io/<field>`). */
const CONTINUITY_FIELDS = ["tier", "rto", "rpo", "mtpd", "restart", "site", "kind"] as const;
const DURATIONS = new Set(["rto", "rpo", "mtpd", "restart"]);
/** Kinds that become components; the rest inform them (owners, APIs, domains) or are skipped. */
const CANONICAL_KINDS = ["Component", "Resource", "System", "Domain", "Group", "User", "API", "Location", "Template"];

/** A file is a Backstage catalog when an entity in it says so (the server's import tells them apart this way). */
export function isBackstageCatalog(text: string): boolean {
  return /^\s*["']?apiVersion["']?\s*:\s*["']?backstage\.io\/v1(alpha1|beta1)["']?\s*,?\s*$/m.test(text);
}

interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

interface Entity extends EntityRef {
  /** `kind:namespace/name`, lowercase: the key references are compared by */
  key: string;
  raw: Record<string, any>;
  file: string;
  doc: number;
  source: ParsedSource;
  id?: string;
}

interface Place {
  entity: Entity;
  path: ReadonlyArray<string | number>;
}

const keyOf = (r: EntityRef) => `${r.kind}:${r.namespace}/${r.name}`.toLowerCase();
const display = (r: EntityRef) => `${r.kind.toLowerCase()}:${r.namespace}/${r.name}`;

/** Backstage's string form, with its rule that a `/` before the `:` makes the rest the name. */
export function parseEntityRef(ref: string, defaults: { kind?: string; namespace: string }): EntityRef | string {
  let colon = ref.indexOf(":");
  const slash = ref.indexOf("/");
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : ref.slice(0, colon);
  const namespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon + 1, slash + 1));
  if (kind === "" || namespace === "" || name === "") return `"${ref}" is not an entity reference of the form [<kind>:][<namespace>/]<name>`;
  const k = kind ?? defaults.kind;
  if (!k) return `"${ref}" names no kind; write it as resource:${ref} or component:${ref}`;
  return { kind: canonicalKind(k), namespace: namespace ?? defaults.namespace, name };
}

function canonicalKind(kind: string): string {
  return CANONICAL_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind;
}

function continuumKind(e: Entity, type: string | undefined): string {
  if (e.kind === "System") return "business-service";
  const t = (type ?? "").toLowerCase();
  if (e.kind === "Resource") {
    if (/^(database|db|postgres|mysql|oracle|mongodb|redis-db)$/.test(t)) return "database";
    if (/^(site|data-?center|datacenter|region|zone|idc)$/.test(t)) return "site";
    if (/^(network|load-?balancer|dns|cdn|vpn|firewall)$/.test(t)) return "network";
    return "infrastructure";
  }
  if (t === "business-service" || t === "process" || t === "tool") return t;
  return "application";
}

export interface BackstageOptions {
  organization?: string;
}

export function convertBackstageCatalog(files: readonly SourceFile[], options: BackstageOptions = {}): Conversion {
  const diagnostics: Diagnostic[] = [];
  const at = (p: Place, key = false) => p.entity.source.locate(p.entity.doc, p.path, key);
  const say = (severity: Diagnostic["severity"], code: string, place: Place | { file: string; line?: number; column?: number }, message: string, hint?: string) => {
    const d: Diagnostic = { severity, code, message };
    if (hint) d.hint = hint;
    if ("entity" in place) {
      const pos = at(place);
      d.file = place.entity.file;
      if (pos) {
        d.line = pos.line;
        d.column = pos.column;
      }
      d.component = display(place.entity);
      if (place.path.length) d.field = place.path.map((s, i) => (typeof s === "number" ? `[${s}]` : i ? `.${s}` : s)).join("");
    } else Object.assign(d, place);
    diagnostics.push(d);
  };

  // 1. read every entity
  const entities: Entity[] = [];
  const byKey = new Map<string, Entity>();
  for (const file of files) {
    const source = parseSource(file, diagnostics);
    if (!source) continue;
    source.documents.forEach((raw, doc) => {
      const here = { file: file.path, ...(source.locate(doc, []) ?? {}) };
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        say("error", "backstage-not-entity", here, "this document is not a Backstage entity (expected apiVersion, kind, metadata)");
        return;
      }
      const r = raw as Record<string, any>;
      const entity: Entity = { kind: "", namespace: "default", name: "", key: "", raw: r, file: file.path, doc, source };
      if (typeof r.apiVersion !== "string" || !API_VERSION.test(r.apiVersion)) {
        say("error", "backstage-api-version", { entity, path: ["apiVersion"] }, `apiVersion ${JSON.stringify(r.apiVersion)} is not a Backstage catalog version`, "use backstage.io/v1alpha1 or backstage.io/v1beta1");
        return;
      }
      const name = r.metadata?.name;
      if (typeof r.kind !== "string" || !r.kind || typeof name !== "string" || !name) {
        say("error", "backstage-not-entity", { entity, path: typeof r.kind === "string" ? ["metadata"] : [] }, "an entity needs a kind and metadata.name");
        return;
      }
      entity.kind = canonicalKind(r.kind);
      entity.name = name;
      if (typeof r.metadata.namespace === "string" && r.metadata.namespace) entity.namespace = r.metadata.namespace;
      entity.key = keyOf(entity);
      const twin = byKey.get(entity.key);
      if (twin) {
        const pos = twin.source.locate(twin.doc, []);
        say("error", "backstage-duplicate", { entity, path: ["metadata", "name"] }, `${display(entity)} is defined twice (first in ${twin.file}${pos ? `:${pos.line}` : ""})`, "keep one definition");
        return;
      }
      byKey.set(entity.key, entity);
      entities.push(entity);
    });
  }

  // 2. which entities are components, and their ids (collisions get the kind as a suffix, all of them, so order does not matter)
  const isComponent = (e: Entity) => e.kind === "Component" || e.kind === "Resource" || e.kind === "System";
  const components = entities.filter(isComponent);
  for (const e of entities) {
    if (!isComponent(e) && !["Domain", "Group", "User", "API"].includes(e.kind)) {
      say("warning", "backstage-skipped", { entity: e, path: ["kind"] }, `kind ${e.kind} has no place in a continuity model; skipped`, "Component, Resource and System entities become components");
    }
  }
  const baseId = (e: Entity) => (e.namespace.toLowerCase() === "default" ? idFrom(e.name) : `${idFrom(e.namespace)}.${idFrom(e.name)}`);
  const count = new Map<string, number>();
  for (const e of components) count.set(baseId(e), (count.get(baseId(e)) ?? 0) + 1);
  for (const e of components) e.id = count.get(baseId(e))! > 1 ? `${baseId(e)}-${e.kind.toLowerCase()}` : baseId(e);
  const taken = new Set(components.map((e) => e.id!));

  // a missing dependency makes the model wrong (an error); a missing system, domain or API only
  // leaves out a grouping (a warning), so one service's catalog-info.yaml still imports alone
  const resolve = (p: Place, value: unknown, defaultKind?: string, severity: Diagnostic["severity"] = "error"): Entity | undefined => {
    if (typeof value !== "string" || !value.trim()) {
      say("error", "backstage-bad-ref", p, `expected an entity reference, got ${JSON.stringify(value)}`);
      return undefined;
    }
    const ref = parseEntityRef(value.trim(), { kind: defaultKind, namespace: p.entity.namespace });
    if (typeof ref === "string") {
      say("error", "backstage-bad-ref", p, ref);
      return undefined;
    }
    const target = byKey.get(keyOf(ref));
    if (!target) {
      const left = severity === "warning" ? "; left out" : "";
      say(severity, "backstage-unknown-ref", p, `${display(p.entity)} refers to ${display(ref)}, which is not in the catalog${left}`, `add the ${ref.kind} entity "${ref.name}" to the files imported${severity === "error" ? ", or remove the reference" : ""}`);
    }
    return target;
  };
  const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

  // 3. APIs: who provides each
  const providers = new Map<Entity, string[]>();
  for (const e of components) {
    list(e.raw.spec?.providesApis).forEach((v, i) => {
      const api = resolve({ entity: e, path: ["spec", "providesApis", i] }, v, "API", "warning");
      if (api) providers.set(api, [...(providers.get(api) ?? []), e.id!]);
    });
  }

  // 4. components
  const out = new Map<Entity, Record<string, unknown>>();
  const needs = new Map<Entity, string[]>();
  const addNeed = (e: Entity, id: string) => {
    const l = needs.get(e) ?? [];
    if (!l.includes(id) && id !== e.id) l.push(id);
    needs.set(e, l);
  };
  const sites = new Map<string, Record<string, unknown>>();
  for (const e of components) {
    const meta = e.raw.metadata ?? {};
    const spec = e.raw.spec ?? {};
    const annotations: Record<string, unknown> = typeof meta.annotations === "object" && meta.annotations ? meta.annotations : {};
    const c: Record<string, unknown> = { id: e.id };
    const title = typeof meta.title === "string" && meta.title ? meta.title : e.name;
    if (title !== e.id) c.name = title;
    c.kind = continuumKind(e, typeof spec.type === "string" ? spec.type : undefined);
    if (typeof meta.description === "string") c.description = meta.description;
    if (spec.owner !== undefined) {
      const ref = typeof spec.owner === "string" ? parseEntityRef(spec.owner, { kind: "Group", namespace: e.namespace }) : undefined;
      if (ref && typeof ref !== "string") {
        // an owner outside the catalog is common (the org chart lives elsewhere): keep its name
        const owner = byKey.get(keyOf(ref));
        const profile = owner?.raw.spec?.profile?.displayName;
        c.owner = typeof profile === "string" ? profile : typeof owner?.raw.metadata?.title === "string" ? owner.raw.metadata.title : ref.name;
      } else say("warning", "backstage-bad-ref", { entity: e, path: ["spec", "owner"] }, `owner ${JSON.stringify(spec.owner)} is not an entity reference; ignored`);
    }
    // continuity fields
    for (const field of CONTINUITY_FIELDS) {
      const value = annotations[ANNOTATION + field];
      if (value === undefined) continue;
      const place = { entity: e, path: ["metadata", "annotations", ANNOTATION + field] };
      const text = typeof value === "string" ? value.trim() : String(value);
      if (field === "tier") {
        const tier = Number(text);
        if (!Number.isInteger(tier) || tier < 1) say("error", "backstage-bad-annotation", place, `${ANNOTATION}tier must be a whole number from 1 (most critical), got "${text}"`);
        else c.tier = tier;
      } else if (DURATIONS.has(field)) {
        const d = parseDuration(text);
        if (!d.ok) say("error", "backstage-bad-annotation", place, `${ANNOTATION}${field}: ${d.reason}`);
        else c[field] = text;
      } else if (field === "kind") c.kind = text;
      else if (field === "site") {
        const ref = text.includes(":") ? parseEntityRef(text, { namespace: e.namespace }) : undefined;
        const entity = ref && typeof ref !== "string" ? byKey.get(keyOf(ref)) : byKey.get(keyOf({ kind: "Resource", namespace: e.namespace, name: text }));
        if (ref && !entity) say("error", "backstage-unknown-ref", place, `${display(e)} is at site ${text}, which is not in the catalog`, "name a Resource of the catalog, or a plain site name (it becomes a site component)");
        else if (entity && !isComponent(entity)) say("error", "backstage-bad-ref", place, `a site must be a Resource of the catalog, not a ${entity.kind}`);
        else if (entity) c.site = entity.id;
        else {
          // sites rarely live in a software catalog: a plain name makes a site component
          const id = idFrom(text);
          if (taken.has(id)) say("error", "backstage-site-clash", place, `site "${text}" would get the id "${id}", which an entity already has`, `write the entity's reference instead, e.g. resource:${text}`);
          else {
            if (!sites.has(id)) sites.set(id, { id, ...(id !== text ? { name: text } : {}), kind: "site" });
            c.site = id;
          }
        }
      }
    }
    if (c.rto !== undefined && c.mtpd !== undefined && parseDuration(c.rto).ok && parseDuration(c.mtpd).ok) {
      const rto = parseDuration(c.rto) as { minutes: number };
      const mtpd = parseDuration(c.mtpd) as { minutes: number };
      if (rto.minutes > mtpd.minutes) say("error", "backstage-bad-annotation", { entity: e, path: ["metadata", "annotations", ANNOTATION + "rto"] }, `rto (${c.rto}) is longer than mtpd (${c.mtpd})`, "the recovery time objective must lie inside the maximum tolerable period of disruption");
    }
    if (Array.isArray(meta.tags) && meta.tags.length) c.tags = meta.tags.map(String);
    if (typeof meta.labels === "object" && meta.labels && Object.keys(meta.labels).length) c.labels = meta.labels;
    const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !k.startsWith(ANNOTATION)));
    if (Object.keys(kept).length) c.annotations = kept;
    if (Array.isArray(meta.links) && meta.links.length) c.links = meta.links;
    const backstage: Record<string, unknown> = { ref: display(e) };
    for (const k of ["type", "lifecycle"]) if (typeof spec[k] === "string") backstage[k] = spec[k];
    c["x-backstage"] = backstage;
    out.set(e, c);
  }

  // 5. relations: dependsOn and dependencyOf (both directions, as Backstage reads them), APIs consumed, systems
  for (const e of components) {
    const spec = e.raw.spec ?? {};
    const need = (field: string, reverse: boolean) =>
      list(spec[field]).forEach((v, i) => {
        const place = { entity: e, path: ["spec", field, i] };
        const target = resolve(place, v);
        if (!target) return;
        const ids = target.kind === "API" ? providers.get(target) ?? [] : isComponent(target) ? [target.id!] : undefined;
        if (!ids) say("error", "backstage-bad-ref", place, `${display(e)} ${reverse ? "is a dependency of" : "depends on"} ${display(target)}, a ${target.kind}, which is not something that runs`, "depend on a Component, Resource, System or API");
        else if (!ids.length) say("warning", "backstage-api-unprovided", place, `no component of the catalog provides ${display(target)}; the dependency is left out`);
        else if (reverse) for (const id of ids) addNeed(components.find((x) => x.id === id)!, e.id!);
        else for (const id of ids) addNeed(e, id);
      });
    need("dependsOn", false);
    need("dependencyOf", true);
    list(spec.consumesApis).forEach((v, i) => {
      const place = { entity: e, path: ["spec", "consumesApis", i] };
      const api = resolve(place, v, "API", "warning");
      if (!api) return;
      const ids = api.kind === "API" ? providers.get(api) ?? [] : isComponent(api) ? [api.id!] : [];
      if (!ids.length) say("warning", "backstage-api-unprovided", place, `no component of the catalog provides ${display(api)}; the dependency is left out`);
      for (const id of ids) addNeed(e, id);
    });
    if (spec.system !== undefined && e.kind !== "System") {
      const system = resolve({ entity: e, path: ["spec", "system"] }, spec.system, "System", "warning");
      // a system is up when the components that make it are (Resources are reached through them)
      if (system && system.kind === "System" && e.kind === "Component") addNeed(system, e.id!);
      if (system && system.kind === "System") {
        const domain = system.raw.spec?.domain;
        const c = out.get(e)!;
        const tags = (c.tags as string[] | undefined) ?? [];
        tags.push(`system:${idFrom(system.name)}`);
        if (typeof domain === "string") tags.push(`domain:${idFrom(domain.replace(/^.*[:/]/, ""))}`);
        c.tags = [...new Set(tags)];
      }
    }
  }
  for (const e of entities) if (e.kind === "System" && e.raw.spec?.domain !== undefined) resolve({ entity: e, path: ["spec", "domain"] }, e.raw.spec.domain, "Domain", "warning");
  for (const [e, ids] of needs) out.get(e)!.dependsOn = ids;
  for (const [e, c] of out) out.set(e, ordered(c));

  const model: ModelDocument = { continuum: 1, ...(options.organization ? { organization: options.organization } : {}), components: [...sites.values(), ...components.map((e) => out.get(e)!)] };
  const header = `Converted by \`continuum import backstage\` from ${entities.length} entit${entities.length === 1 ? "y" : "ies"} in ${files.length} file${files.length === 1 ? "" : "s"} (${components.length} component${components.length === 1 ? "" : "s"}, ${sites.size} site${sites.size === 1 ? "" : "s"} from continuum.io/site).\nContinuity fields come from the annotations continuum.io/tier, rto, rpo, mtpd, restart, site and kind.`;
  return conversion(model, diagnostics, header);
}

const FIELD_ORDER = ["id", "name", "kind", "description", "owner", "site", "tier", "rto", "rpo", "mtpd", "restart", "dependsOn", "tags", "labels", "annotations", "links", "x-backstage"];

/** The fields in the order people read a component (identity, continuity, relations, the rest). */
function ordered(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (c[k] !== undefined) out[k] = c[k];
  return out;
}
