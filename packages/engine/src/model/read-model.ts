/**
 * Reads a continuity model from one or more files: checks every field the contract defines and
 * reports all problems at once, each with file, line, component and what to do.
 */
import { parseDuration, describe } from "../duration.js";
import type { Diagnostic } from "./diagnostics.js";
import { fieldPath } from "./diagnostics.js";
import { BAIL, Interner, JsonScanner, hashOf, isJsonText, jsonLocator, own, parseSource, release, type ParsedSource, type Position, type SourceFile } from "./source.js";
import { attachLayout, MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE, MODE_MANUAL, type Prelayout } from "../simulation/compiled-model.js";
import { likelyTypo, closestIds } from "./typos.js";
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
} from "./types.js";

const ID = /^[a-z0-9][a-z0-9._-]*$/;
export const DURATION_HINT = "write minutes as a number, or a number with one unit: 90m, 1.5h, 2d, 1w (ISO 8601 such as PT2H works too)";

const TOP_KEYS = ["continuum", "organization", "currency", "components", "plans", "description"];
/** Sections that later features own; kept as written and validated by those features. */
const EXTRA_SECTIONS = ["risks", "insurance", "riskAppetite", "riskMatrix", "contacts", "teams", "checks", "exercises", "reviews"];
const COMPONENT_KEYS = [
  "id", "name", "kind", "site", "restart", "standby", "tier", "rto", "rpo", "mtpd", "mbco", "impact", "dependsOn",
  "owner", "description", "tags", "labels", "annotations", "links", "notes", "location",
];
const GROUP_KEYS = ["group", "members", "need", "mode", "failover"];
const IMPACT_KEYS = ["from", "perHour", "once", "category", "note"];
const PLAN_KEYS = ["id", "name", "kind", "owner", "covers", "activation", "steps", "description"];
const ACTIVATION_KEYS = ["when", "after"];
const STEP_KEYS = ["id", "name", "duration", "after", "needs", "does", "owner", "description"];
const DOES_KEYS = ["start", "switch", "repair"];

export interface ModelReading {
  model?: Model;
  diagnostics: Diagnostic[];
  /** Finds the file and line of a model element (for messages computed later, such as cycles). */
  locate(ref: SourceRef | undefined, key?: boolean): { file?: string; line?: number; column?: number };
}

/** Reads a model from its files (a folder's files, in the order given). Scenario documents are skipped. */
export function readModel(files: SourceFile[]): ModelReading {
  const reader = new ModelReader(files);
  return reader.read();
}

interface Pending {
  d: Omit<Diagnostic, "file" | "line" | "column">;
  ref?: SourceRef;
  key?: boolean;
}

class ModelReader {
  private readonly sources: Array<ParsedSource | undefined> = [];
  private readonly pending: Pending[] = [];
  private readonly syntax: Diagnostic[] = [];
  private components: Component[] = [];
  private plans: Plan[] = [];
  private readonly extra: Record<string, unknown[]> = {};
  private organization?: string;
  private currency?: string;
  private version?: unknown;
  private versionSeen = false;
  /** ids and references of the components read by the JSON fast path */
  private fast = new FastReading();
  private fastResolved = false;

  constructor(private readonly files: SourceFile[]) {}

  read(): ModelReading {
    const locate = (ref: SourceRef | undefined, key?: boolean) => this.locate(ref, key);
    this.files.forEach((file, i) => {
      // JSON takes the fast path when it can: a valid model in the common shape is read straight
      // from the text; anything else (a syntax error, any problem to report) goes the general way.
      const fast = isJsonText(file.path, file.text) ? readJsonFast(file, i, this.fast) : undefined;
      if (fast) this.sources.push({ path: file.path, documents: [fast.doc], locate: jsonLocator(file.text, fast.arrays) });
      else {
        this.fast.allFast = false;
        this.sources.push(parseSource(file, this.syntax));
      }
    });
    if (this.syntax.length) return { diagnostics: this.syntax, locate };

    let documents = 0;
    this.sources.forEach((src, fileIndex) => {
      src!.documents.forEach((doc, docIndex) => {
        if (isScenarioDocument(doc) && this.files.length > 1) return; // a folder may keep scenarios beside the model
        documents++;
        this.readDocument(doc, { file: fileIndex, doc: docIndex });
      });
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
    // the fast path recorded the compiled layout's references as it read: hand it on
    if (model && this.fastResolved) attachLayout(model, this.fast.layout(this.components));
    this.fast = new FastReading(); // let what the fast path read go (the reading lives on in `locate`)
    return { model, diagnostics, locate };
  }

  // ---- messages -------------------------------------------------------------------------

  private error(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean) {
    this.pending.push({ d: { severity: "error", code, message, hint, component, field: ref && ref.step !== undefined ? fieldPath(refPath(ref)) : undefined }, ref, key });
  }

  private warn(code: string, ref: SourceRef | undefined, message: string, hint?: string, component?: string, key?: boolean) {
    this.pending.push({ d: { severity: "warning", code, message, hint, component, field: ref && ref.step !== undefined ? fieldPath(refPath(ref)) : undefined }, ref, key });
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
          if (value instanceof FastComponents) {
            if (!this.components.length) this.components = value.list;
            else for (const c of value.list) this.components.push(c);
          } else this.readList(value, at, "components", (item, itemRef) => this.readComponent(item, itemRef));
          break;
        case "plans":
          this.readList(value, at, "plans", (item, itemRef) => this.readPlan(item, itemRef));
          break;
        default:
          if (EXTRA_SECTIONS.includes(key)) {
            if (!Array.isArray(value) && !isMapping(value)) this.error("bad-type", at, `${key} must be a list, got ${describe(value)}`);
            else if (Array.isArray(value)) (this.extra[key] ??= []).push(...value);
            else (this.extra[key] ??= []).push(value);
          } else this.unknownKey(key, at, [...TOP_KEYS, ...EXTRA_SECTIONS]);
      }
    }
  }

  private readList(value: unknown, ref: SourceRef, what: string, each: (item: unknown, ref: SourceRef) => void) {
    if (value === null || value === undefined) return;
    if (!Array.isArray(value)) {
      this.error("bad-type", ref, `${what} must be a list, got ${describe(value)}`, `write each entry on its own line starting with "- "`);
      return;
    }
    for (let i = 0; i < value.length; i++) each(value[i], child(ref, i));
  }

  private unknownKey(key: string, ref: SourceRef, known: string[], component?: string) {
    if (key.startsWith("x-")) return; // extension fields, as in OpenAPI
    const meant = likelyTypo(key, known);
    if (meant) this.error("unknown-key", ref, `unknown key "${key}"`, `did you mean "${meant}"?`, component, true);
    else this.warn("unknown-key", ref, `unknown key "${key}" is ignored`, `known keys here: ${known.join(", ")} (prefix custom fields with x-)`, component, true);
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
      const at = child(ref, key);
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
          } else if (value !== null) this.error("bad-type", at, `${key} must be text, got ${describe(value)}`, undefined, id);
          break;
        case "kind":
          if (typeof value !== "string") this.error("bad-type", at, `kind must be text, got ${describe(value)}`, `one of ${KNOWN_KINDS.join(", ")}`, id);
          else {
            c.kind = value;
            if (!(KNOWN_KINDS as readonly string[]).includes(value)) {
              const meant = likelyTypo(value, KNOWN_KINDS);
              if (meant) this.warn("unknown-kind", at, `kind "${value}" is not a known kind`, `did you mean "${meant}"?`, id);
            }
          }
          break;
        case "site":
          if (typeof value !== "string") this.error("bad-type", at, `site must be a component id, got ${describe(value)}`, undefined, id);
          else c.site = value;
          break;
        case "restart":
        case "rto":
        case "rpo":
        case "mtpd": {
          const d = parseDuration(value);
          if (!d.ok) this.error("bad-duration", at, `${key}: ${d.reason}`, DURATION_HINT, id);
          else (c as unknown as Record<string, number>)[key] = d.minutes;
          break;
        }
        case "standby":
          if (typeof value !== "boolean") this.error("bad-type", at, `standby must be true or false, got ${describe(value)}`, undefined, id);
          else c.standby = value;
          break;
        case "tier":
          if (typeof value !== "number" || !Number.isInteger(value) || value < 1) this.error("bad-tier", at, `tier must be a whole number 1 or more (1 = most critical), got ${describe(value)}`, undefined, id);
          else c.tier = value;
          break;
        case "impact":
          this.readList(value, at, "impact", (item, itemRef) => {
            const entry = this.readImpact(item, itemRef, id);
            if (entry) c.impact.push(entry);
          });
          break;
        case "dependsOn":
          this.readDependencies(value, at, c);
          break;
        case "tags":
          if (Array.isArray(value) && value.every((t) => typeof t === "string")) c.tags = value as string[];
          else this.error("bad-type", at, "tags must be a list of text", undefined, id);
          break;
        case "labels":
        case "annotations":
        case "links":
          break;
        default:
          this.unknownKey(key, at, COMPONENT_KEYS, id);
      }
    }
    if (c.rto !== undefined && c.mtpd !== undefined && c.rto > c.mtpd) {
      this.error("rto-over-mtpd", child(ref, "rto"), `rto (${raw.rto}) is longer than mtpd (${raw.mtpd})`, "the recovery time objective must lie inside the maximum tolerable period of disruption: lower rto or raise mtpd", id);
    }
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
      const at = child(ref, key);
      switch (key) {
        case "from": {
          const d = parseDuration(value);
          if (!d.ok) {
            this.error("bad-duration", at, `from: ${d.reason}`, DURATION_HINT, id);
            ok = false;
          } else entry.from = d.minutes;
          break;
        }
        case "perHour":
        case "once":
          if (typeof value !== "number" || !Number.isFinite(value)) {
            this.error("bad-money", at, `${key} must be a plain number of money, got ${describe(value)}`, "write the amount without separators or currency, e.g. 1500000", id);
            ok = false;
          } else if (value < 0) {
            this.error("bad-money", at, `${key} must not be negative`, undefined, id);
            ok = false;
          } else entry[key] = value;
          break;
        case "category":
          if (typeof value !== "string") this.error("bad-type", at, "category must be text", undefined, id);
          else entry.category = value;
          break;
        case "note":
          break;
        default:
          this.unknownKey(key, at, IMPACT_KEYS, id);
      }
    }
    if (ok && entry.perHour === undefined && entry.once === undefined) {
      this.error("empty-impact", ref, "impact entry has neither perHour nor once", "add `perHour:` (a rate) or `once:` (a one-off cost)", id);
      return undefined;
    }
    return ok ? entry : undefined;
  }

  private readDependencies(value: unknown, ref: SourceRef, c: Component) {
    const groupNames = new Set<string>();
    this.readList(value, ref, "dependsOn", (item, at) => {
      if (typeof item === "string") {
        c.dependsOn.push(item);
        return;
      }
      if (!isMapping(item)) {
        this.error("bad-dependency", at, `a dependency is a component id or a group, got ${describe(item)}`, "write `- other-id` or `- {group: name, members: [a, b]}`", c.id);
        return;
      }
      const g = this.readGroup(item, at, c.id);
      if (!g) return;
      if (g.group !== undefined) {
        if (groupNames.has(g.group)) this.error("duplicate-group", child(at, "group"), `group name "${g.group}" is used twice in this component`, "group names are unique per component", c.id);
        groupNames.add(g.group);
      }
      c.dependsOn.push(g);
    });
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
      const at = child(ref, key);
      switch (key) {
        case "group":
          if (typeof value !== "string") {
            this.error("bad-type", at, `group name must be text, got ${describe(value)}`, undefined, id);
            ok = false;
          } else g.group = value;
          break;
        case "members":
          if (!Array.isArray(value) || value.length === 0 || !value.every((m) => typeof m === "string")) {
            this.error("bad-group", at, "members must be a non-empty list of component ids", undefined, id);
            ok = false;
          } else {
            const seen = new Set<string>();
            for (let i = 0; i < value.length; i++) {
              if (seen.has(value[i])) {
                this.error("bad-group", child(at, i), `member "${value[i]}" is listed twice`, "list each member once", id);
                ok = false;
              }
              seen.add(value[i]);
            }
            g.members = value as string[];
          }
          break;
        case "need":
          needGiven = true;
          if (typeof value !== "number" || !Number.isInteger(value)) {
            this.error("bad-need", at, `need must be a whole number, got ${describe(value)}`, undefined, id);
            ok = false;
          } else if (value < 1) {
            this.error("bad-need", at, `need is ${value}; a group needs at least 1 member UP`, "set need: 1 or more", id);
            ok = false;
          } else g.need = value;
          break;
        case "mode":
          if (value !== "active-active" && value !== "active-passive") {
            const meant = typeof value === "string" ? likelyTypo(value, ["active-active", "active-passive"]) : undefined;
            this.error("bad-mode", at, `mode must be active-active or active-passive, got ${describe(value)}`, meant ? `did you mean "${meant}"?` : undefined, id);
            ok = false;
          } else g.mode = value;
          break;
        case "failover":
          failoverGiven = true;
          if (value === "manual") g.failover = "manual";
          else {
            const d = parseDuration(value);
            if (!d.ok) {
              this.error("bad-duration", at, `failover: ${d.reason} (or "manual")`, `${DURATION_HINT}, or "manual" when only a plan step switches the group`, id);
              ok = false;
            } else g.failover = d.minutes;
          }
          break;
        default:
          if (likelyTypo(key, GROUP_KEYS) === "members" && !("members" in raw)) {
            this.error("unknown-key", at, `unknown key "${key}"`, `did you mean "members"?`, id, true);
            ok = false;
          } else this.unknownKey(key, at, GROUP_KEYS, id);
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
    const plan: Plan = { id, covers: [], activation: { when: [], after: 0 }, steps: [], source: ref };
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
        default:
          this.unknownKey(key, at, PLAN_KEYS);
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
    const step: PlanStep = { id, duration: 0, after: [], needs: [], does: { start: [], switch: [], repair: [] } };
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
          step.needs = typeof value === "string" ? [value] : this.idList(value, at, "needs");
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
    const unknown = (ref: SourceRef, target: string, owner: string | undefined, what: string) => {
      const near = closestIds(target, byId.keys());
      this.error("unknown-component", ref, `${what} "${target}" names no component`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? Otherwise add a component with id "${target}"` : `add a component with id "${target}", or fix the id`, owner);
    };
    const fast = this.fast;
    let byId: { has(id: string): boolean; get(id: string): Component | undefined; keys(): Iterable<string> };
    let manualGroups: Set<string>;
    if (fast.allFast && fast.resolved()) {
      // the fast path saw every component: ids are unique and every reference names one of them
      this.fastResolved = true;
      const comps = this.components;
      const ids = fast.ids;
      byId = {
        has: (id: string) => ids.findString(id, hashOf(id)) >= 0,
        get: (id: string) => {
          const sym = ids.findString(id, hashOf(id));
          return sym < 0 ? undefined : comps[fast.defs[sym]];
        },
        keys: () => ids.strings.values(),
      };
      manualGroups = fast.manualGroups;
    } else {
      const map = new Map<string, Component>();
      byId = map;
      manualGroups = new Set<string>();
      this.checkComponentReferences(map, manualGroups, unknown);
    }
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
        step.needs.forEach((id, i) => byId.has(id) || unknown(child(child(sref, "needs"), i), id, undefined, `step "${step.id}" needs`));
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
  }

  private checkComponentReferences(byId: Map<string, Component>, manualGroups: Set<string>, unknown: (ref: SourceRef, target: string, owner: string | undefined, what: string) => void) {
    for (const c of this.components) {
      if (!c.id) continue;
      const first = byId.get(c.id);
      if (first) {
        const where = this.locate(first.source);
        this.error("duplicate-id", child(c.source!, "id"), `id "${c.id}" is used twice`, `the first is at ${where.file ?? "?"}:${where.line ?? "?"}; ids must be unique`, c.id);
      } else byId.set(c.id, c);
    }
    for (const c of this.components) {
      const ref = c.source!;
      if (c.site !== undefined && !byId.has(c.site)) unknown(child(ref, "site"), c.site, c.id, "site");
      c.dependsOn.forEach((dep, i) => {
        const at = child(child(ref, "dependsOn"), i);
        if (typeof dep === "string") {
          if (!byId.has(dep)) unknown(at, dep, c.id, "dependency");
        } else {
          dep.members.forEach((m, j) => {
            if (!byId.has(m)) unknown(child(child(at, "members"), j), m, c.id, "group member");
          });
          if (dep.failover === "manual" && dep.group) manualGroups.add(dep.group);
        }
      });
    }
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

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isScenarioDocument(doc: unknown): boolean {
  return isMapping(doc) && "scenario" in doc && !("components" in doc);
}

export function child(ref: SourceRef, step: string | number): SourceRef {
  return { file: ref.file, doc: ref.doc, parent: ref, step };
}

function suggestId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "my-component";
}

// ---- the JSON fast path -------------------------------------------------------------------------
//
// A model file in JSON is read straight from its text: no tree of parsed values first, no string
// made for a key or for an id seen before (ids are interned once, and a reference is looked up by
// its characters), and the compiled layout's references recorded as numbers on the way. It accepts
// exactly what the general reader accepts without a message; at the first thing it would have to
// report (or cannot read) it gives up, and the file goes the general way, which says what is
// wrong. References between components are checked after reading, as a whole; when one is wrong,
// the general checks run on the components read and say which.

/** The components array of a document the fast path read. */
class FastComponents {
  constructor(readonly list: Component[]) {}
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
class FastReading {
  /** every id seen, defined or referenced */
  readonly ids = new Interner();
  /** id symbol → index of the component that defines it, or NONE */
  defs = new Int32Array(1024);
  /** other strings that repeat (kinds, group names) */
  readonly words = new Interner();
  /** components read so far */
  count = 0;
  allFast = true;
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
    keys.forEach((k, i) => {
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

function bail(): never {
  throw BAIL;
}

/** Reads one JSON model file, or returns undefined when the general reader must. */
function readJsonFast(file: SourceFile, fileIndex: number, st: FastReading): { doc: Record<string, unknown>; arrays: Map<number, Int32Array> } | undefined {
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
          doc[key] = new FastComponents(st.build(from, child(docRef, "components")));
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
  st.depFrom.push(st.deps.length);
  sc.pos++; // {
  let ch = sc.peek();
  if (ch === CLOSE_BRACE) bail(); // no id
  let key = -1;
  for (;;) {
    if (ch !== QUOTE_CHAR) bail();
    key = C_KEYS.read(sc, key);
    sc.expect(COLON);
    ch = sc.peek();
    if (key >= 0) {
      if (keys & (1 << key)) bail();
      keys |= 1 << key;
    }
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
        if (KINDS.match(sc) < 0 && likelyTypo(sc.scanned(), KNOWN_KINDS)) bail(); // a warning to give
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
        // x- extension fields are ignored; any other key has a message to give
        if (!scannedExtension(sc)) bail();
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
    let keys = 0;
    let key = -1;
    ch = sc.peek();
    if (ch !== CLOSE_BRACE)
      for (;;) {
        if (ch !== QUOTE_CHAR) bail();
        key = I_KEYS.read(sc, key);
        sc.expect(COLON);
        ch = sc.peek();
        if (key >= 0) {
          if (keys & (1 << key)) bail();
          keys |= 1 << key;
        }
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
  st.memberFrom.push(st.members.length);
  sc.pos++; // {
  let ch = sc.peek();
  if (ch === CLOSE_BRACE) bail(); // no members
  let key = -1;
  for (;;) {
    if (ch !== QUOTE_CHAR) bail();
    key = G_KEYS.read(sc, key);
    sc.expect(COLON);
    ch = sc.peek();
    if (key >= 0) {
      if (keys & (1 << key)) bail();
      keys |= 1 << key;
    }
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
