/**
 * Reads a continuity model from one or more files: checks every field the contract defines and
 * reports all problems at once, each with file, line, component and what to do.
 */
import { parseDuration, describe, type ParsedDuration } from "../duration.js";
import type { Diagnostic, DiagnosticParams } from "./diagnostics.js";
import { fieldPath } from "./diagnostics.js";
import { BAIL, isJsonText, jsonLocator, parseSource, type ParsedSource, type Position, type SourceFile } from "./source.js";
import { readJsonDocument } from "./json-tape.js";
import { attachIdIndex } from "./layout.js";
import { likelyTypo } from "./typos.js";
import {
  KNOWN_KINDS,
  PLAN_KINDS,
  type Component,
  type Dependency,
  type GroupDependency,
  type ImpactEntry,
  type Model,
  type Plan,
  type PlanStep,
  type SourceRef,
  refPath,
  ID_PATTERN,
  child,
} from "./types.js";
import { checkCheck } from "./checks.js";
import { COMMUNICATION_SECTIONS, RESERVED_SECTIONS, GROUP_MODES, CHECK, COMPONENT, EXERCISE, PLAN_DOCUMENT_FIELDS, DEFAULT_PLAN_PRIORITY, GROUP, IMPACT_ENTRY, MODEL_CORE_SECTIONS, MODEL_FILE, NEED, PLAN, STEP } from "./schema.js";
import { keysOf, rulesOf } from "./schema-kit.js";
import { checkDeclared, isMapping, readIds, readList, readReservedSection, unknownKey, unknownReference, type MessageSink, type ReferenceSeen } from "./section-kit.js";

const ID = ID_PATTERN;
export const DURATION_HINT = "write minutes as a number, or a number with one unit: 90m, 1.5h, 2d, 1w (ISO 8601 such as PT2H works too)";

// keys and typo candidates come from the declarations of the format (schema.ts)
const TOP_KEYS: readonly string[] = MODEL_CORE_SECTIONS;
/** Sections that later features own; kept as written and validated by those features. */
const EXTRA_SECTIONS = keysOf(MODEL_FILE).filter((k) => !TOP_KEYS.includes(k));
const COMPONENT_KEYS = keysOf(COMPONENT);
const GROUP_KEYS = keysOf(GROUP);
const IMPACT_KEYS = keysOf(IMPACT_ENTRY);
const PLAN_KEYS = keysOf(PLAN);
const ACTIVATION_KEYS = keysOf(PLAN.fields.activation);
const STEP_KEYS = keysOf(STEP);
const DOES_KEYS = keysOf(STEP.fields.does);
const NEED_KEYS = keysOf(NEED);
const COMPONENT_RULES = rulesOf<Component>(COMPONENT);

/**
 * How a file was read. Every path ends in the same reader below (one grammar of the model): they
 * differ only in how the text becomes values. `json-tape`: JSON read lazily, entry by entry, with
 * shared strings (json-tape.ts), the way every valid JSON text goes, warnings and model errors
 * included; `json`: JSON.parse, for JSON text the tape refuses (a syntax error or a document-guard
 * finding, which JSON.parse and the guard then word); `yaml`: the YAML parser.
 */
export type ReadPath = "json-tape" | "json" | "yaml";

/** The sections of a JSON model read lazily (entry by entry): the ones that grow to a million entries. */
const LAZY_SECTIONS: ReadonlySet<string> = new Set(["components"]);

export interface ModelReading {
  model?: Model;
  diagnostics: Diagnostic[];
  /** how each file was read, in the order given (tests assert it; benchmarks report it) */
  paths: ReadPath[];
  /** Finds the file and line of a model element (for messages computed later, such as cycles). */
  locate(ref: SourceRef | undefined, key?: boolean): { file?: string; line?: number; column?: number };
}

/** Reads a model from its files (a folder's files, in the order given). Scenario documents are skipped. */
export function readModel(files: SourceFile[]): ModelReading {
  try {
    return new ModelReader(files, true).read();
  } catch (e) {
    // an entry of a lazy list was not JSON after all: read the files with JSON.parse, which says where
    if (e !== BAIL) throw e;
    return new ModelReader(files, false).read();
  }
}

interface Pending {
  d: Omit<Diagnostic, "file" | "line" | "column">;
  ref?: SourceRef;
  key?: boolean;
}

class ModelReader implements MessageSink {
  private readonly sources: Array<ParsedSource | undefined> = [];
  private readonly pending: Pending[] = [];
  private readonly syntax: Diagnostic[] = [];
  private components: Component[] = [];
  private plans: Plan[] = [];
  private readonly extra: Record<string, unknown[]> = {};
  /** references in declared documents (team members, plan roles, exercises), resolved once every id is known */
  private readonly declaredRefs: ReferenceSeen[] = [];
  /** step owners: a team's id, or (as before teams) free text, which gets a warning */
  private readonly stepOwners: Array<{ owner: string; ref: SourceRef; step: string }> = [];
  private readonly exerciseEntries: Array<{ raw: unknown; ref: SourceRef }> = [];
  private readonly checkEntries: Array<{ raw: unknown; ref: SourceRef }> = [];
  /** stakeholder groups, templates and clock rules as written, for their ids */
  private readonly communicationEntries: Record<keyof typeof COMMUNICATION_SECTIONS, Array<{ raw: unknown; ref: SourceRef }>> = { stakeholders: [], templates: [], clocks: [] };
  private organization?: string;
  private currency?: string;
  private version?: unknown;
  private versionSeen = false;
  private readonly paths: ReadPath[] = [];
  /** component id → index, made while checking references (compileModel takes it) */
  private idIndex?: Map<string, number>;
  /** how many component references (sites, dependencies, group members) the components hold */
  private referenceCount = 0;
  /** the index of every component reference's target, in layout order (see layout.ts) */
  private targets?: Int32Array;
  /** durations as read, by their text: a million components write the same few ("5m", "4h") */
  private readonly durations = new Map<string, ParsedDuration>();
  /** components whose capacity was written but invalid: their units are not judged again */
  private readonly badCapacity = new Set<string>();

  /** `tape`: read JSON text through json-tape.ts (false once a lazy entry proved not to be JSON) */
  constructor(
    private readonly files: SourceFile[],
    private readonly tape: boolean,
  ) {}

  read(): ModelReading {
    const locate = (ref: SourceRef | undefined, key?: boolean) => this.locate(ref, key);
    for (const file of this.files) {
      const json = this.tape && isJsonText(file.path, file.text) ? tapeOf(file) : undefined;
      if (json) {
        this.paths.push("json-tape");
        this.sources.push({ path: file.path, format: "json", documents: [json.document], locate: jsonLocator(file.text, json.arrays) });
      } else {
        const source = parseSource(file, this.syntax);
        this.paths.push(source?.format ?? (isJsonText(file.path, file.text) ? "json" : "yaml"));
        this.sources.push(source);
      }
    }
    const paths = this.paths;
    if (this.syntax.length) return { diagnostics: this.syntax, locate, paths };

    let documents = 0;
    this.sources.forEach((src, fileIndex) => {
      src!.documents.forEach((doc, docIndex) => {
        if (isScenarioDocument(doc) && this.files.length > 1) return; // a folder may keep scenarios beside the model
        documents++;
        this.readDocument(doc, { file: fileIndex, doc: docIndex });
      });
      // what was read lives on in the model; the values (and a JSON tape's shared strings table)
      // can go, though `locate` keeps the reader: places are found in the text, not the values
      src!.documents = [];
    });
    if (documents === 0) {
      this.error("empty-model", undefined, "no model found: the file(s) hold no components", "start the file with `continuum: 1` and a `components:` list");
    } else if (!this.versionSeen) {
      this.error("missing-version", { file: 0, doc: 0 }, "the format version is missing", "add `continuum: 1` at the top of the model");
    }
    this.checkReferences();
    const diagnostics = this.resolve();
    const failed = diagnostics.some((d) => d.severity === "error");
    const model: Model | undefined = failed
      ? undefined
      : {
          continuum: 1,
          organization: this.organization,
          currency: this.currency ?? "KRW",
          components: this.components,
          plans: this.plans,
          extra: this.extra,
          files: this.files.map((f) => f.path),
        };
    if (model && this.idIndex) attachIdIndex(model, { components: this.components, index: this.idIndex, targets: this.targets! });
    return { model, diagnostics, locate, paths };
  }

  // ---- messages -------------------------------------------------------------------------

  /** `params`: the values the message names, for translations (messages-ko.ts) */
  error(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams) {
    this.note("error", code, ref, message, hint, component, key, params);
  }

  warn(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean, params?: DiagnosticParams) {
    this.note("warning", code, ref, message, hint, component, key, params);
  }

  private note(severity: Diagnostic["severity"], code: string, ref: SourceRef | undefined, message: string, hint: string | undefined, component: string | undefined, key: boolean | undefined, params: DiagnosticParams | undefined) {
    const d: Pending["d"] = { severity, code, message, hint, component, field: ref && ref.step !== undefined ? fieldPath(refPath(ref)) : undefined };
    if (params) d.params = params;
    this.pending.push({ d, ref, key });
  }

  private locate(ref: SourceRef | undefined, key?: boolean): { file?: string; line?: number; column?: number } {
    if (!ref) return {};
    const file = this.files[ref.file]?.path;
    let pos: Position | undefined;
    try {
      pos = this.sources[ref.file]?.locate(ref.doc, refPath(ref), key);
    } catch {
      pos = undefined;
    }
    return { file, line: pos?.line, column: pos?.column };
  }

  private resolve(): Diagnostic[] {
    // Resolving a line can re-read a JSON file as YAML: only do it for messages we show.
    const MAX = 1000;
    const shown: Array<Diagnostic & { fileIndex?: number }> = this.pending.slice(0, MAX).map((p) => ({ ...p.d, ...this.locate(p.ref, p.key), fileIndex: p.ref?.file ?? -1 }));
    // in file order, then line order, as a person reads the file
    shown.sort((a, b) => (a.fileIndex ?? -1) - (b.fileIndex ?? -1) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const d of shown) delete d.fileIndex;
    if (this.pending.length > MAX) {
      shown.push({ severity: this.pending.some((p) => p.d.severity === "error") ? "error" : "warning", code: "too-many", message: `${this.pending.length - MAX} more problems not shown` });
    }
    return shown;
  }

  // ---- reading --------------------------------------------------------------------------

  private readDocument(doc: unknown, ref: SourceRef) {
    if (!isMapping(doc)) {
      this.error("not-a-mapping", ref, `a model file must be a mapping with \`continuum: 1\` and \`components:\`, got ${describe(doc)}`, "see docs/model-format.md");
      return;
    }
    for (const key of Object.keys(doc)) {
      const value = doc[key];
      const at = child(ref, key);
      switch (key) {
        case "continuum":
          this.versionSeen = true;
          if (value !== 1 && value !== "1") this.error("bad-version", at, `unsupported format version ${describe(value)}`, "this Continuum reads `continuum: 1`");
          else if (this.version !== undefined && this.version != value) this.error("bad-version", at, "files disagree on the format version");
          this.version = value;
          break;
        case "organization":
          if (typeof value !== "string") this.error("bad-type", at, `organization must be text, got ${describe(value)}`);
          else if (this.organization !== undefined && this.organization !== value) this.error("conflict", at, `organization "${value}" differs from "${this.organization}" in another file`, "name the organization once, or the same way in every file");
          else this.organization = value;
          break;
        case "currency":
          if (typeof value !== "string" || !/^[A-Z]{3}$/.test(value)) this.error("bad-currency", at, `currency must be an ISO 4217 code such as KRW or USD, got ${describe(value)}`);
          else if (this.currency !== undefined && this.currency !== value) this.error("conflict", at, `currency ${value} differs from ${this.currency} in another file`, "money is in one currency per model");
          else this.currency = value;
          break;
        case "description":
          break;
        case "components":
          this.readList(value, at, "components", (item, itemRef) => this.readComponent(item, itemRef));
          break;
        case "plans":
          this.readList(value, at, "plans", (item, itemRef) => this.readPlan(item, itemRef));
          break;
        case "exercises":
          this.readList(value, at, "exercises", (item, itemRef) => {
            this.exerciseEntries.push({ raw: item, ref: itemRef });
            if (checkDeclared(this, EXERCISE, item, itemRef, this.declaredRefs)) (this.extra.exercises ??= []).push(item);
          });
          break;
        case "checks":
          this.readList(value, at, "checks", (item, itemRef) => {
            this.checkEntries.push({ raw: item, ref: itemRef });
            if (checkDeclared(this, CHECK, item, itemRef, this.declaredRefs) && checkCheck(this, item as Record<string, unknown>, itemRef)) (this.extra.checks ??= []).push(item);
          });
          break;
        case "stakeholders":
        case "templates":
        case "clocks":
          this.readList(value, at, key, (item, itemRef) => {
            this.communicationEntries[key].push({ raw: item, ref: itemRef });
            if (checkDeclared(this, COMMUNICATION_SECTIONS[key], item, itemRef, this.declaredRefs)) (this.extra[key] ??= []).push(item);
          });
          break;
        default:
          if (key in RESERVED_SECTIONS) readReservedSection(this, key, value, at, (this.extra[key] ??= []));
          else if (EXTRA_SECTIONS.includes(key)) {
            if (!Array.isArray(value) && !isMapping(value)) this.error("bad-type", at, `${key} must be a list, got ${describe(value)}`);
            else if (Array.isArray(value)) {
              const list = (this.extra[key] ??= []);
              for (const item of value) list.push(item); // not push(...value): a long list would overflow the stack
            }
            else (this.extra[key] ??= []).push(value);
          } else this.unknownKey(key, at, [...TOP_KEYS, ...EXTRA_SECTIONS]);
      }
    }
  }

  private readList(value: unknown, ref: SourceRef, what: string, each: (item: unknown, ref: SourceRef) => void) {
    readList(this, value, ref, what, each);
  }

  private unknownKey(key: string, ref: SourceRef, known: string[], component?: string) {
    unknownKey(this, key, ref, known, component);
  }

  /** A kind that is no known kind but looks like a typo of one gets a warning (other kinds are the organization's own). */
  private kindWarning(kind: string, at: SourceRef, id: string) {
    if ((KNOWN_KINDS as readonly string[]).includes(kind)) return;
    const meant = likelyTypo(kind, KNOWN_KINDS);
    if (meant) this.warn("unknown-kind", at, `kind "${kind}" is not a known kind`, `did you mean "${meant}"?`, id, false, { kind, meant });
  }

  /** parseDuration, each distinct text parsed once (the same result, the same message) */
  private duration(value: unknown): ParsedDuration {
    if (typeof value !== "string") return Object.is(value, 0) ? ZERO_MINUTES : parseDuration(value); // -0 stays -0, as parseDuration gives it
    let d = this.durations.get(value);
    if (d === undefined) {
      d = parseDuration(value);
      if (this.durations.size < 4096) this.durations.set(value, d);
    }
    return d;
  }

  private readComponent(raw: unknown, ref: SourceRef) {
    if (!isMapping(raw)) {
      this.error("bad-type", ref, `a component must be a mapping with at least an id, got ${describe(raw)}`, "write `- id: my-component`");
      return;
    }
    const idValue = raw.id;
    let id = "";
    if (idValue === undefined) this.error("missing-id", ref, "component has no id", "add `id:` (lowercase letters, digits, . _ -)");
    else if (typeof idValue !== "string") this.error("bad-id", child(ref, "id"), `id must be text, got ${describe(idValue)}`, `quote it: id: "${String(idValue)}"`);
    else if (!ID.test(idValue)) {
      this.error("bad-id", child(ref, "id"), `id "${idValue}" is not allowed`, `ids match [a-z0-9][a-z0-9._-]*, e.g. "${suggestId(idValue)}"`, idValue);
      id = idValue;
    } else id = idValue;

    const c: Component = { id, restart: 0, standby: false, impact: [], dependsOn: [], source: ref };
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "id":
          break;
        case "name":
        case "owner":
        case "description":
        case "mbco":
        case "notes":
        case "location":
          if (typeof value === "string" || typeof value === "number") {
            if (key !== "notes" && key !== "location") (c as unknown as Record<string, unknown>)[key] = String(value);
          } else if (value !== null) this.error("bad-type", child(ref, key), `${key} must be text, got ${describe(value)}`, undefined, id);
          break;
        case "kind":
          if (typeof value !== "string") this.error("bad-type", child(ref, key), `kind must be text, got ${describe(value)}`, `one of ${KNOWN_KINDS.join(", ")}`, id);
          else {
            c.kind = value;
            this.kindWarning(value, child(ref, key), id);
          }
          break;
        case "site":
          if (typeof value !== "string") this.error("bad-type", child(ref, key), `site must be a component id, got ${describe(value)}`, undefined, id);
          else {
            c.site = value;
            this.referenceCount++;
          }
          break;
        case "restart":
        case "rto":
        case "rpo":
        case "mtpd": {
          const d = this.duration(value);
          if (!d.ok) this.error("bad-duration", child(ref, key), `${key}: ${d.reason}`, DURATION_HINT, id, false, { field: key, value: describe(value) });
          else (c as unknown as Record<string, number>)[key] = d.minutes;
          break;
        }
        case "standby":
          if (typeof value !== "boolean") this.error("bad-type", child(ref, key), `standby must be true or false, got ${describe(value)}`, undefined, id);
          else c.standby = value;
          break;
        case "tier":
          if (typeof value !== "number" || !Number.isInteger(value) || value < 1) this.error("bad-tier", child(ref, key), `tier must be a whole number 1 or more (1 = most critical), got ${describe(value)}`, undefined, id);
          else c.tier = value;
          break;
        case "impact":
          this.readList(value, child(ref, key), "impact", (item, itemRef) => {
            const entry = this.readImpact(item, itemRef, id);
            if (entry) c.impact.push(entry);
          });
          break;
        case "dependsOn":
          this.readDependencies(value, child(ref, key), c);
          break;
        case "tags":
          if (Array.isArray(value) && value.every((t) => typeof t === "string")) c.tags = value as string[];
          else this.error("bad-type", child(ref, key), "tags must be a list of text", undefined, id);
          break;
        case "labels":
        case "annotations":
        case "links":
          break;
        case "capacity":
          if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
            this.error("bad-capacity", child(ref, key), `capacity must be a whole number 1 or more, got ${describe(value)}`, "the number of units (people, licences, consoles) that can work at once", id, false, { value: describe(value) });
            this.badCapacity.add(id);
          } else c.capacity = value;
          break;
        case "members":
          if (checkDeclared(this, COMPONENT.fields.members, value, child(ref, key), this.declaredRefs, id) && Array.isArray(value))
            c.members = value.map((m) => (typeof m === "string" ? { id: m } : { id: String((m as { id: unknown }).id), ...((m as { role?: unknown }).role ? { role: String((m as { role: unknown }).role) } : {}) }));
          break;
        case "alternates":
          if (checkDeclared(this, COMPONENT.fields.alternates, value, child(ref, key), this.declaredRefs, id) && Array.isArray(value)) c.alternates = value as string[];
          break;
        default:
          this.unknownKey(key, child(ref, key), COMPONENT_KEYS, id);
      }
    }
    for (const rule of COMPONENT_RULES) if (!rule.holds(c)) this.error(rule.code, child(ref, rule.field), rule.message(raw), rule.hint, id, false, rule.params?.(raw));
    this.components.push(c);
  }

  private readImpact(raw: unknown, ref: SourceRef, id: string): ImpactEntry | undefined {
    if (!isMapping(raw)) {
      this.error("bad-type", ref, `an impact entry must be a mapping like {from: 2h, perHour: 1000000}, got ${describe(raw)}`, undefined, id);
      return undefined;
    }
    const entry: ImpactEntry = { from: 0 };
    let ok = true;
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "from": {
          const d = this.duration(value);
          if (!d.ok) {
            this.error("bad-duration", child(ref, key), `from: ${d.reason}`, DURATION_HINT, id);
            ok = false;
          } else entry.from = d.minutes;
          break;
        }
        case "perHour":
        case "once":
          if (typeof value !== "number" || !Number.isFinite(value)) {
            this.error("bad-money", child(ref, key), `${key} must be a plain number of money, got ${describe(value)}`, "write the amount without separators or currency, e.g. 1500000", id);
            ok = false;
          } else if (value < 0) {
            this.error("bad-money", child(ref, key), `${key} must not be negative`, undefined, id);
            ok = false;
          } else entry[key] = value;
          break;
        case "category":
          if (typeof value !== "string") this.error("bad-type", child(ref, key), "category must be text", undefined, id);
          else entry.category = value;
          break;
        case "note":
          break;
        default:
          this.unknownKey(key, child(ref, key), IMPACT_KEYS, id);
      }
    }
    if (ok && entry.perHour === undefined && entry.once === undefined) {
      this.error("empty-impact", ref, "impact entry has neither perHour nor once", "add `perHour:` (a rate) or `once:` (a one-off cost)", id);
      return undefined;
    }
    return ok ? entry : undefined;
  }

  private readDependencies(value: unknown, ref: SourceRef, c: Component) {
    let groupNames: Set<string> | undefined; // made for the first named group only
    if (!Array.isArray(value)) return this.readList(value, ref, "dependsOn", () => undefined); // says what is wrong
    // a million components have five million dependencies: a place is made only for a group, and
    // the list is made at its size (one grown by push keeps room for 17)
    const deps: Dependency[] = new Array(value.length);
    let k = 0;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string") {
        deps[k++] = item;
        this.referenceCount++;
        continue;
      }
      const at = child(ref, i);
      if (!isMapping(item)) {
        this.error("bad-dependency", at, `a dependency is a component id or a group, got ${describe(item)}`, "write `- other-id` or `- {group: name, members: [a, b]}`", c.id);
        continue;
      }
      const g = this.readGroup(item, at, c.id);
      if (!g) continue;
      if (g.group !== undefined) {
        groupNames ??= new Set<string>();
        if (groupNames.has(g.group)) this.error("duplicate-group", child(at, "group"), `group name "${g.group}" is used twice in this component`, "group names are unique per component", c.id);
        groupNames.add(g.group);
      }
      deps[k++] = g;
      this.referenceCount += g.members.length;
    }
    if (k < deps.length) deps.length = k;
    c.dependsOn = deps;
  }

  private readGroup(raw: Record<string, unknown>, ref: SourceRef, id: string): GroupDependency | undefined {
    let ok = true;
    const g: GroupDependency = { members: [], need: 1, mode: "active-active", failover: 0 };
    let needGiven = false;
    let failoverGiven = false;
    if (!("members" in raw)) {
      const meant = Object.keys(raw).find((k) => likelyTypo(k, ["members"]) === "members");
      if (!meant) {
        this.error("bad-dependency", ref, "a group needs `members:` (the components that can stand in for each other)", "write `{group: name, members: [a, b], need: 1}`", id);
        ok = false;
      }
    }
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "group":
          if (typeof value !== "string") {
            this.error("bad-type", child(ref, key), `group name must be text, got ${describe(value)}`, undefined, id);
            ok = false;
          } else g.group = value;
          break;
        case "members":
          if (!Array.isArray(value) || value.length === 0 || !allText(value)) {
            this.error("bad-group", child(ref, key), "members must be a non-empty list of component ids", undefined, id);
            ok = false;
          } else {
            for (const i of repeats(value)) {
              this.error("bad-group", child(child(ref, key), i), `member "${value[i]}" is listed twice`, "list each member once", id);
              ok = false;
            }
            g.members = value as string[];
          }
          break;
        case "need":
          needGiven = true;
          if (typeof value !== "number" || !Number.isInteger(value)) {
            this.error("bad-need", child(ref, key), `need must be a whole number, got ${describe(value)}`, undefined, id);
            ok = false;
          } else if (value < 1) {
            this.error("bad-need", child(ref, key), `need is ${value}; a group needs at least 1 member UP`, "set need: 1 or more", id);
            ok = false;
          } else g.need = value;
          break;
        case "mode":
          if (value !== "active-active" && value !== "active-passive") {
            const meant = typeof value === "string" ? likelyTypo(value, GROUP_MODES) : undefined;
            this.error("bad-mode", child(ref, key), `mode must be active-active or active-passive, got ${describe(value)}`, meant ? `did you mean "${meant}"?` : undefined, id);
            ok = false;
          } else g.mode = value;
          break;
        case "failover":
          failoverGiven = true;
          if (value === "manual") g.failover = "manual";
          else {
            const d = this.duration(value);
            if (!d.ok) {
              this.error("bad-duration", child(ref, key), `failover: ${d.reason} (or "manual")`, `${DURATION_HINT}, or "manual" when only a plan step switches the group`, id);
              ok = false;
            } else g.failover = d.minutes;
          }
          break;
        default:
          if (likelyTypo(key, GROUP_KEYS) === "members" && !("members" in raw)) {
            this.error("unknown-key", child(ref, key), `unknown key "${key}"`, `did you mean "members"?`, id, true);
            ok = false;
          } else this.unknownKey(key, child(ref, key), GROUP_KEYS, id);
      }
    }
    if (!ok) return undefined;
    if (g.mode === "active-active" && failoverGiven) {
      this.error("bad-group", child(ref, "failover"), "failover applies to active-passive groups only", "add `mode: active-passive`, or remove failover", id);
      return undefined;
    }
    if (g.mode === "active-passive" && needGiven && g.need !== 1) {
      this.error("bad-need", child(ref, "need"), "an active-passive group runs on one member at a time, so need must be 1", "remove need, or use mode: active-active", id);
      return undefined;
    }
    if (g.need > g.members.length) {
      this.error("bad-need", child(ref, needGiven ? "need" : "members"), `need is ${g.need} but the group has only ${g.members.length} member(s)`, "add members or lower need", id);
      return undefined;
    }
    return g;
  }

  private readPlan(raw: unknown, ref: SourceRef) {
    if (!isMapping(raw)) {
      this.error("bad-type", ref, `a plan must be a mapping with id and steps, got ${describe(raw)}`);
      return;
    }
    const id = typeof raw.id === "string" ? raw.id : "";
    if (!id) this.error("missing-id", ref, "plan has no id", "add `id:` to the plan");
    else if (!ID.test(id)) this.error("bad-id", child(ref, "id"), `plan id "${id}" is not allowed`, "ids match [a-z0-9][a-z0-9._-]*");
    const plan: Plan = { id, covers: [], activation: { when: [], after: 0 }, steps: [], priority: DEFAULT_PLAN_PRIORITY, document: {}, source: ref };
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      const at = child(ref, key);
      switch (key) {
        case "id":
          break;
        case "name":
        case "owner":
        case "description":
          if (typeof value !== "string") this.error("bad-type", at, `${key} must be text`, undefined);
          else if (key !== "description") plan[key] = value;
          break;
        case "kind":
          if (typeof value !== "string") this.error("bad-type", at, "kind must be text");
          else {
            plan.kind = value;
            if (!(PLAN_KINDS as readonly string[]).includes(value)) this.warn("unknown-kind", at, `plan kind "${value}" is not one of ${PLAN_KINDS.join(", ")}`, likelyTypo(value, PLAN_KINDS) ? `did you mean "${likelyTypo(value, PLAN_KINDS)}"?` : undefined);
          }
          break;
        case "covers":
          plan.covers = this.idList(value, at, "covers");
          break;
        case "activation":
          if (!isMapping(value)) this.error("bad-type", at, "activation must be a mapping like {when: [site], after: 15m}");
          else {
            for (const k of Object.keys(value)) {
              const v = value[k];
              const a = child(at, k);
              if (k === "when") plan.activation.when = typeof v === "string" ? [v] : this.idList(v, a, "when");
              else if (k === "after") {
                const d = parseDuration(v);
                if (!d.ok) this.error("bad-duration", a, `after: ${d.reason}`, DURATION_HINT);
                else plan.activation.after = d.minutes;
              } else this.unknownKey(k, a, ACTIVATION_KEYS);
            }
          }
          break;
        case "steps":
          this.readList(value, at, "steps", (item, itemRef) => {
            const s = this.readStep(item, itemRef);
            if (s) plan.steps.push(s);
          });
          break;
        case "priority":
          if (typeof value !== "number" || !Number.isInteger(value)) this.error("bad-priority", at, `priority must be a whole number (lower first), got ${describe(value)}`, `the default is ${DEFAULT_PLAN_PRIORITY}`);
          else plan.priority = value;
          break;
        default:
          if ((PLAN_DOCUMENT_FIELDS as readonly string[]).includes(key)) {
            const field = key as (typeof PLAN_DOCUMENT_FIELDS)[number];
            if (checkDeclared(this, PLAN.fields[field], value, at, this.declaredRefs) && value !== null) (plan.document as Record<string, unknown>)[field] = value;
          } else this.unknownKey(key, at, PLAN_KEYS);
      }
    }
    if (!Array.isArray(raw.steps) || raw.steps.length === 0) this.error("no-steps", ref, `plan "${id}" has no steps`, "add `steps:` with at least one step");
    this.plans.push(plan);
  }

  private readStep(raw: unknown, ref: SourceRef): PlanStep | undefined {
    if (!isMapping(raw)) {
      this.error("bad-type", ref, `a step must be a mapping with id and duration, got ${describe(raw)}`);
      return undefined;
    }
    const id = typeof raw.id === "string" ? raw.id : "";
    if (!id) this.error("missing-id", ref, "step has no id", "add `id:` to the step");
    const step: PlanStep = { id, duration: 0, after: [], needs: [], units: {}, does: { start: [], switch: [], repair: [] } };
    if (!("duration" in raw)) this.error("bad-duration", ref, `step "${id}" has no duration`, "add `duration:` (more than 0, e.g. 15m)");
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      const at = child(ref, key);
      switch (key) {
        case "id":
          break;
        case "name":
        case "owner":
        case "description":
          if (typeof value !== "string") this.error("bad-type", at, `${key} must be text`);
          else if (key !== "description") step[key] = value;
          if (key === "owner" && typeof value === "string") this.stepOwners.push({ owner: value, ref: at, step: id });
          break;
        case "duration": {
          const d = parseDuration(value);
          if (!d.ok) this.error("bad-duration", at, `duration: ${d.reason}`, DURATION_HINT);
          else if (d.minutes <= 0) this.error("bad-duration", at, "a step's duration must be more than 0", "give the time the step really takes, e.g. 15m");
          else step.duration = d.minutes;
          break;
        }
        case "after":
          step.after = typeof value === "string" ? [value] : this.idList(value, at, "after", false);
          break;
        case "needs":
          if (typeof value === "string") step.needs = [value];
          else if (Array.isArray(value) && value.some(isMapping)) this.readNeeds(value, at, step);
          else step.needs = this.idList(value, at, "needs");
          break;
        case "does":
          if (!isMapping(value)) this.error("bad-type", at, "does must be a mapping like {start: [...], switch: [...], repair: [...]}");
          else
            for (const k of Object.keys(value)) {
              const a = child(at, k);
              if (k === "start" || k === "switch" || k === "repair") {
                const v = value[k];
                step.does[k] = typeof v === "string" ? [v] : this.idList(v, a, k, k !== "switch");
              } else this.unknownKey(k, a, DOES_KEYS);
            }
          break;
        default:
          this.unknownKey(key, at, STEP_KEYS);
      }
    }
    return step;
  }

  /** needs with capacity units: ids and `{id, units}` */
  private readNeeds(value: unknown[], ref: SourceRef, step: PlanStep) {
    value.forEach((item, i) => {
      const at = child(ref, i);
      if (typeof item === "string") {
        step.needs.push(item);
        return;
      }
      if (!isMapping(item)) {
        this.error("bad-type", at, `a need is a component id or {id, units}, got ${describe(item)}`);
        return;
      }
      let ok = true;
      for (const k of Object.keys(item)) {
        const v = item[k];
        if (k === "id") {
          if (typeof v !== "string") {
            this.error("bad-type", child(at, k), `a need's id must be a component id, got ${describe(v)}`);
            ok = false;
          }
        } else if (k === "units") {
          if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
            this.error("bad-units", child(at, k), `units must be a whole number 1 or more, got ${describe(v)}`, "how many units of the component's capacity the step holds while it runs");
            ok = false;
          }
        } else this.unknownKey(k, child(at, k), NEED_KEYS);
      }
      if (!("id" in item)) {
        this.error("missing-id", at, "need has no id", "write {id: component-id, units: 1}");
        ok = false;
      }
      if (!ok) return;
      const needId = item.id as string;
      step.needs.push(needId);
      if (typeof item.units === "number") step.units[needId] = item.units;
    });
  }

  private idList(value: unknown, ref: SourceRef, what: string, ids = true): string[] {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      this.error("bad-type", ref, `${what} must be a list of ${ids ? "component ids" : "names"}, got ${describe(value)}`);
      return [];
    }
    return value as string[];
  }

  // ---- whole-model checks ---------------------------------------------------------------

  private checkReferences() {
    const index = new Map<string, number>();
    const unknown = (ref: SourceRef, target: string, owner: string | undefined, what: string) => unknownReference(this, ref, target, index.keys(), what, owner);
    const manualGroups = new Set<string>();
    this.checkComponentReferences(index, manualGroups, unknown);
    const comps = this.components;
    const byId = { has: (id: string) => index.has(id), get: (id: string) => (index.has(id) ? comps[index.get(id)!] : undefined), keys: () => index.keys() };
    this.idIndex = index;
    const planIds = new Set<string>();
    for (const plan of this.plans) {
      const ref = plan.source!;
      if (plan.id && planIds.has(plan.id)) this.error("duplicate-id", child(ref, "id"), `plan id "${plan.id}" is used twice`, "plan ids must be unique");
      planIds.add(plan.id);
      plan.covers.forEach((id, i) => byId.has(id) || unknown(child(child(ref, "covers"), i), id, undefined, `plan "${plan.id}" covers`));
      plan.activation.when.forEach((id, i) => byId.has(id) || unknown(child(child(child(ref, "activation"), "when"), i), id, undefined, `plan "${plan.id}" activation`));
      const stepIds = new Set<string>();
      plan.steps.forEach((step, si) => {
        const sref = child(child(ref, "steps"), si);
        if (step.id && stepIds.has(step.id)) this.error("duplicate-id", child(sref, "id"), `step id "${step.id}" is used twice in plan "${plan.id}"`, "step ids are unique within a plan");
        stepIds.add(step.id);
        const needed = new Set<string>();
        step.needs.forEach((id, i) => {
          const at = child(child(sref, "needs"), i);
          if (needed.has(id)) return this.error("duplicate-need", at, `step "${step.id}" needs "${id}" twice`, "name each component once; write {id, units} to take more units", undefined, false, { step: step.id, id });
          needed.add(id);
          const target = byId.get(id);
          if (!target) return unknown(at, id, undefined, `step "${step.id}" needs`);
          const units = step.units[id];
          if (units === undefined || this.badCapacity.has(id)) return;
          if (target.capacity === undefined) this.error("units-without-capacity", child(at, "units"), `step "${step.id}" takes ${units} unit(s) of "${id}", which has no capacity`, `give "${id}" a capacity, or write the need as a plain id`, undefined, false, { step: step.id, id, units });
          else if (units > target.capacity) this.error("units-over-capacity", child(at, "units"), `step "${step.id}" takes ${units} units of "${id}", whose capacity is ${target.capacity}: it could never start`, "lower units or raise the capacity", undefined, false, { step: step.id, id, units, capacity: target.capacity });
        });
        step.does.start.forEach((id, i) => {
          const target = byId.get(id);
          if (!target) unknown(child(child(child(sref, "does"), "start"), i), id, undefined, `step "${step.id}" starts`);
          else if (!target.standby) this.warn("start-not-standby", child(child(child(sref, "does"), "start"), i), `step "${step.id}" starts "${id}", which is not a standby component, so starting it changes nothing`, "mark it `standby: true` if it is a cold standby");
        });
        step.does.repair.forEach((id, i) => byId.has(id) || unknown(child(child(child(sref, "does"), "repair"), i), id, undefined, `step "${step.id}" repairs`));
        step.does.switch.forEach((name, i) => {
          if (!manualGroups.has(name)) this.error("unknown-group", child(child(child(sref, "does"), "switch"), i), `step "${step.id}" switches group "${name}", but no group of that name has failover: manual`, "name a redundancy group with `mode: active-passive` and `failover: manual`");
        });
      });
      plan.steps.forEach((step, si) => {
        step.after.forEach((a, i) => {
          if (!stepIds.has(a)) this.error("unknown-step", child(child(child(child(ref, "steps"), si), "after"), i), `step "${step.id}" comes after "${a}", which is not a step of plan "${plan.id}"`, `steps here: ${[...stepIds].join(", ")}`);
        });
      });
      const cycle = stepCycle(plan.steps);
      if (cycle) this.error("step-cycle", child(ref, "steps"), `steps of plan "${plan.id}" wait on each other in a circle: ${cycle.join(" → ")}`, "remove one of the `after` links");
    }
    this.checkDeclaredReferences(byId, planIds);
  }

  /** references in declared documents, step owners, and the exercises' ids */
  private checkDeclaredReferences(byId: { has(id: string): boolean; keys(): Iterable<string> }, planIds: Set<string>) {
    // references to communication entries (a call tree's template, a template's audience)
    const sectionIds: Record<string, Set<string>> = {
      template: new Set(readIds(this, this.communicationEntries.templates, "template").keys()),
      stakeholder: new Set(readIds(this, this.communicationEntries.stakeholders, "stakeholder group").keys()),
    };
    readIds(this, this.communicationEntries.clocks, "clock");
    for (const r of this.declaredRefs) {
      const ids = sectionIds[r.to];
      if (ids) {
        if (!ids.has(r.id)) unknownReference(this, r.ref, r.id, ids, r.what, undefined, r.to);
      } else if (r.to === "plan") {
        if (!planIds.has(r.id)) unknownReference(this, r.ref, r.id, planIds, r.what, undefined, "plan");
      } else if (!byId.has(r.id)) unknownReference(this, r.ref, r.id, byId.keys(), r.what);
    }
    for (const o of this.stepOwners) {
      if (!byId.has(o.owner)) this.warn("unknown-owner", o.ref, `step "${o.step}" is owned by "${o.owner}", which names no component`, "name the team (a component of kind team) that does the step", undefined, false, { step: o.step, id: o.owner });
    }
    readIds(this, this.exerciseEntries, "exercise");
    readIds(this, this.checkEntries, "check");
  }

  /** Checks the components' ids and references, filling `byId` with the index of each id (its first component). */
  private checkComponentReferences(byId: Map<string, number>, manualGroups: Set<string>, unknown: (ref: SourceRef, target: string, owner: string | undefined, what: string) => void): void {
    const comps = this.components;
    for (let i = 0; i < comps.length; i++) {
      const c = comps[i];
      if (!c.id) continue;
      const first = byId.get(c.id);
      if (first !== undefined) {
        const where = this.locate(comps[first].source);
        this.error("duplicate-id", child(c.source!, "id"), `id "${c.id}" is used twice`, `the first is at ${where.file ?? "?"}:${where.line ?? "?"}; ids must be unique`, c.id, false, { id: c.id });
      } else byId.set(c.id, i);
    }
    // each reference is looked up once: its target's index is kept for compile (layout.ts)
    // counted while reading (another pass over a million components costs a second here), so the
    // list is made once at its size, with no growing copies next to the model
    const targets = new Int32Array(this.referenceCount);
    let t = 0;
    for (let ci = 0; ci < comps.length; ci++) {
      const c = comps[ci];
      const ref = c.source!;
      if (c.site !== undefined) {
        const target = byId.get(c.site);
        if (target === undefined) unknown(child(ref, "site"), c.site, c.id, "site");
        else targets[t++] = target;
      }
      const deps = c.dependsOn;
      // places are made only for a reference that names nothing (a million components have five million)
      for (let i = 0; i < deps.length; i++) {
        const dep = deps[i];
        if (typeof dep === "string") {
          const target = byId.get(dep);
          if (target === undefined) unknown(child(child(ref, "dependsOn"), i), dep, c.id, "dependency");
          else targets[t++] = target;
        } else {
          const members = dep.members;
          for (let j = 0; j < members.length; j++) {
            const target = byId.get(members[j]);
            if (target === undefined) unknown(child(child(child(child(ref, "dependsOn"), i), "members"), j), members[j], c.id, "group member");
            else targets[t++] = target;
          }
          if (dep.failover === "manual" && dep.group) manualGroups.add(dep.group);
        }
      }
    }
    // an unknown reference leaves a hole, but then the model has an error and is never compiled;
    // a count that does not match gives compile no targets (it looks the ids up)
    this.targets = t === targets.length ? targets : new Int32Array(0);
  }

}

/** The document of a JSON file read through the tape, or undefined where the tape refuses the text. */
function tapeOf(file: SourceFile): ReturnType<typeof readJsonDocument> | undefined {
  try {
    return readJsonDocument(file.text, (key) => LAZY_SECTIONS.has(key));
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

function stepCycle(steps: PlanStep[]): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, number>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const a of byId.get(id)?.after ?? []) {
      if (!byId.has(a)) continue;
      if (state.get(a) === 1) return [...stack.slice(stack.indexOf(a)), a];
      if (!state.has(a)) {
        const found = visit(a);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const s of steps) if (!state.has(s.id)) {
    const c = visit(s.id);
    if (c) return c;
  }
  return undefined;
}

function allText(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== "string") return false;
  return true;
}

const NONE: readonly number[] = [];

/** The indexes of entries listed before, in order (a group has a few members: a set only for a long list). */
function repeats(list: readonly string[]): readonly number[] {
  let found: number[] | undefined;
  if (list.length <= 16) {
    for (let i = 1; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        if (list[j] === list[i]) {
          (found ??= []).push(i);
          break;
        }
      }
    }
  } else {
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      if (seen.has(list[i])) (found ??= []).push(i);
      seen.add(list[i]);
    }
  }
  return found ?? NONE;
}

const ZERO_MINUTES: ParsedDuration = { ok: true, minutes: 0 };

export { isMapping };

export function isScenarioDocument(doc: unknown): boolean {
  return isMapping(doc) && "scenario" in doc && !("components" in doc);
}

export { child };

function suggestId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "my-component";
}

