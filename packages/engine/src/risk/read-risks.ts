/**
 * Reads and validates the model's `risks:`, `insurance:` and `riskAppetite:` sections (kept as
 * written by the model reader in `model.extra`). Every problem is reported at once, with the file,
 * line, risk or policy and what to do, like the rest of the model. Format: docs/risk-model.md.
 */
import { describe, parseDuration } from "../duration.js";
import type { Diagnostic } from "../model/diagnostics.js";
import { fieldPath } from "../model/diagnostics.js";
import { parseSource, type SourceFile } from "../model/source.js";
import { closestIds, likelyTypo } from "../model/typos.js";
import type { Model } from "../model/types.js";
import { lognormalFromQuantiles, pert, type Lognormal, type Pert } from "./distributions.js";
import { ACTION_STATUSES, APPETITE, IMPACT_BASES as BASES, POLICY, RISK, RISK_ACTION, RISK_MATRIX, THREATS, TREATMENTS } from "../model/schema.js";
import { keysOf } from "../model/schema-kit.js";

export { THREATS, TREATMENTS, ACTION_STATUSES };
export type Threat = (typeof THREATS)[number];
export type Treatment = (typeof TREATMENTS)[number];

/** A treatment action of a risk: who does what by when. */
export interface RiskAction {
  id: string;
  title: string;
  owner?: string;
  /** YYYY-MM-DD */
  due?: string;
  status: (typeof ACTION_STATUSES)[number];
}

/** A band of the risk matrix: values up to `upTo` (inclusive; the last band has none). */
export interface RiskBand {
  id: string;
  label: string;
  upTo?: number;
}

export interface RiskLevel {
  id: string;
  label: string;
  color: string;
}

/** What the impact bands measure: the mean loss of one occurrence, or a percentile of it. */
export type ImpactBasis = (typeof BASES)[number];
export const IMPACT_BASES: readonly ImpactBasis[] = BASES;

/** The organization's likelihood × impact matrix (the heat map of the risk register). */
export interface RiskMatrix {
  /** by annual frequency, lowest first */
  likelihood: RiskBand[];
  /** by loss per occurrence, lowest first */
  impact: RiskBand[];
  impactBasis: ImpactBasis;
  /** from the least to the most severe */
  levels: RiskLevel[];
  /** cells[likelihood][impact]: the index of the cell's level (likelihood 0 = the least likely band) */
  cells: number[][];
}

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?)$/;

const RISK_KEYS = keysOf(RISK);
/** Words people write for a risk key that are not typos of it. */
const RISK_ALIASES: Record<string, string> = {
  strike: "strikes", hits: "strikes", targets: "strikes", affects: "strikes", components: "strikes",
  rate: "frequency", probability: "frequency", likelihoodPerYear: "frequency", perYear: "frequency",
  outage: "duration", downtime: "duration", cost: "loss", amount: "loss",
};
const POLICY_KEYS = keysOf(POLICY);
const APPETITE_KEYS = keysOf(APPETITE);
const ACTION_KEYS = keysOf(RISK_ACTION);
const MATRIX_KEYS = keysOf(RISK_MATRIX);
const BAND_KEYS = keysOf(RISK_MATRIX.fields.likelihood.of);
const LEVEL_KEYS = keysOf(RISK_MATRIX.fields.levels.of);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How long an occurrence keeps its targets broken. */
export type DurationDistribution =
  | { kind: "fixed"; minutes: number }
  | ({ kind: "lognormal"; quantiles: Array<{ p: number; minutes: number }> } & Lognormal)
  | ({ kind: "pert" } & Pert);

/** A direct loss per occurrence (money). */
export type LossDistribution =
  | { kind: "fixed"; amount: number }
  | ({ kind: "lognormal"; quantiles: Array<{ p: number; amount: number }> } & Lognormal);

export interface Risk {
  id: string;
  name?: string;
  threat: Threat;
  /** expected occurrences per year (Poisson rate) */
  frequency: number;
  /** broken together when it occurs */
  strikes?: string[];
  /** one of these, chosen uniformly, is broken when it occurs */
  strikesOneOf?: string[];
  duration?: DurationDistribution;
  loss?: LossDistribution;
  owner?: string;
  treatment?: Treatment;
  description?: string;
  /** treatment actions (ISO 22301 8.2.3 / 8.3) */
  actions?: RiskAction[];
  /** where it is written: for messages and the register */
  file?: string;
  line?: number;
}

export interface Policy {
  id: string;
  name?: string;
  insurer?: string;
  /** risk ids; undefined = every risk */
  covers?: string[];
  /** minutes from the start of an occurrence during which outage loss is not covered */
  waitingPeriod: number;
  /** per occurrence */
  deductible: number;
  /** per occurrence; Infinity = none */
  limit: number;
  /** per year; Infinity = none */
  aggregate: number;
  /** per year */
  premium: number;
  file?: string;
  line?: number;
}

/** "At most `maxLoss` lost with probability `probability` in a year." */
export interface Appetite {
  id: string;
  name?: string;
  maxLoss: number;
  probability: number;
  /** `retained` (after insurance, the default) or `gross` */
  basis: "retained" | "gross";
}

export interface RiskModel {
  currency: string;
  risks: Risk[];
  policies: Policy[];
  appetite: Appetite[];
  /** the organization's risk matrix, when the model has one (else see defaultRiskMatrix) */
  matrix?: RiskMatrix;
}

export interface RiskReading {
  /** undefined when there are errors */
  riskModel?: RiskModel;
  diagnostics: Diagnostic[];
}

interface Pending {
  d: Omit<Diagnostic, "file" | "line" | "column">;
  section: string;
  item: number;
  path: Array<string | number>;
  key?: boolean;
}

/** Where each item of the extra sections came from: the same walk as the model reader's. */
interface ItemPlace {
  file: number;
  doc: number;
  /** path of the item inside its document, e.g. ["risks", 3] */
  path: Array<string | number>;
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates the risk sections of a loaded model. With the model's files, messages carry lines too
 * (the files are re-read only when there is something to report, or to place each risk).
 */
export function readRisks(model: Model, files?: SourceFile[]): RiskReading {
  return new RiskReader(model, files).read();
}

class RiskReader {
  private readonly pending: Pending[] = [];
  private places?: Map<string, ItemPlace[]>;
  private parsed?: Array<ReturnType<typeof parseSource>>;
  private readonly componentIds: Set<string>;

  constructor(
    private readonly model: Model,
    private readonly files?: SourceFile[],
  ) {
    this.componentIds = new Set(model.components.map((c) => c.id));
  }

  read(): RiskReading {
    const rawRisks = this.model.extra.risks ?? [];
    const rawPolicies = this.model.extra.insurance ?? [];
    const rawAppetite = this.model.extra.riskAppetite ?? [];
    const risks: Risk[] = [];
    const seen = new Set<string>();
    rawRisks.forEach((raw, i) => {
      const id = isMapping(raw) && typeof raw.id === "string" ? raw.id : undefined;
      if (id !== undefined && seen.has(id)) {
        this.error("duplicate-id", "risks", i, ["id"], `risk id "${id}" is used twice`, "risk ids must be unique");
        return;
      }
      if (id !== undefined) seen.add(id);
      const risk = this.readRisk(raw, i);
      if (!risk) return;
      risks.push(risk);
    });
    const policies: Policy[] = [];
    const policyIds = new Set<string>();
    rawPolicies.forEach((raw, i) => {
      const id = isMapping(raw) && typeof raw.id === "string" ? raw.id : undefined;
      if (id !== undefined && policyIds.has(id)) {
        this.error("duplicate-id", "insurance", i, ["id"], `policy id "${id}" is used twice`, "policy ids must be unique");
        return;
      }
      if (id !== undefined) policyIds.add(id);
      const policy = this.readPolicy(raw, i, seen);
      if (policy) policies.push(policy);
    });
    const appetite: Appetite[] = [];
    rawAppetite.forEach((raw, i) => {
      const a = this.readAppetite(raw, i);
      if (a) appetite.push(a);
    });
    const rawMatrix = this.model.extra.riskMatrix ?? [];
    if (rawMatrix.length > 1) this.error("duplicate-matrix", "riskMatrix", 1, [], "the model has more than one riskMatrix", "keep one riskMatrix for the organization");
    const matrix = rawMatrix.length ? this.readMatrix(rawMatrix[0]) : undefined;
    if (policies.length && !risks.length) {
      this.warn("no-risks", "insurance", 0, [], "the model has insurance but no risks, so no policy ever pays", "add `risks:` describing what the policies cover");
    }
    const diagnostics = this.resolve();
    const failed = diagnostics.some((d) => d.severity === "error");
    if (!failed) this.placeItems(risks, policies);
    const riskModel: RiskModel | undefined = failed ? undefined : { currency: this.model.currency, risks, policies, appetite };
    if (riskModel && matrix) riskModel.matrix = matrix;
    return { riskModel, diagnostics };
  }

  // ---- messages ------------------------------------------------------------------------

  private error(code: string, section: string, item: number, path: Array<string | number>, message: string, hint?: string, key?: boolean) {
    this.pending.push({ d: { severity: "error", code, message, hint }, section, item, path, key });
  }

  private warn(code: string, section: string, item: number, path: Array<string | number>, message: string, hint?: string, key?: boolean) {
    this.pending.push({ d: { severity: "warning", code, message, hint }, section, item, path, key });
  }

  private itemPlaces(): Map<string, ItemPlace[]> {
    if (this.places) return this.places;
    const places = new Map<string, ItemPlace[]>();
    const files = this.files ?? [];
    const parsed: Array<ReturnType<typeof parseSource>> = [];
    files.forEach((file, fileIndex) => {
      const source = parseSource(file, []);
      parsed.push(source);
      source?.documents.forEach((doc, docIndex) => {
        if (!isMapping(doc)) return;
        if ("scenario" in doc && !("components" in doc) && files.length > 1) return;
        for (const section of ["risks", "insurance", "riskAppetite", "riskMatrix"]) {
          const value = doc[section];
          const list = places.get(section) ?? [];
          if (Array.isArray(value)) value.forEach((_, i) => list.push({ file: fileIndex, doc: docIndex, path: [section, i] }));
          else if (isMapping(value)) list.push({ file: fileIndex, doc: docIndex, path: [section] });
          places.set(section, list);
        }
      });
    });
    this.parsed = parsed;
    this.places = places;
    return places;
  }

  private locate(section: string, item: number, path: Array<string | number>, key?: boolean): { file?: string; line?: number; column?: number; field: string } {
    const place = this.files ? this.itemPlaces().get(section)?.[item] : undefined;
    // riskMatrix is one mapping: no item index
    if (!place) return { field: fieldPath(section === "riskMatrix" ? [section, ...path] : [section, item, ...path]) };
    const full = [...place.path, ...path];
    let pos: { line: number; column: number } | undefined;
    try {
      pos = this.parsed?.[place.file]?.locate(place.doc, full, key);
      // a missing field: point at the item itself
      if (!pos && path.length) pos = this.parsed?.[place.file]?.locate(place.doc, place.path);
    } catch {
      pos = undefined;
    }
    return { file: this.files![place.file].path, line: pos?.line, column: pos?.column, field: fieldPath(full) };
  }

  private resolve(): Diagnostic[] {
    return this.pending.slice(0, 1000).map((p) => {
      const at = this.locate(p.section, p.item, p.path, p.key);
      return { ...p.d, file: at.file, line: at.line, column: at.column, field: at.field };
    });
  }

  private placeItems(risks: Risk[], policies: Policy[]) {
    if (!this.files) return;
    const raw = this.model.extra;
    const placeOf = (section: string, list: Array<{ id: string; file?: string; line?: number }>) => {
      const items = raw[section] ?? [];
      for (const x of list) {
        const i = items.findIndex((r) => isMapping(r) && r.id === x.id);
        if (i < 0) continue;
        const at = this.locate(section, i, [], false);
        x.file = at.file;
        x.line = at.line;
      }
    };
    placeOf("risks", risks);
    placeOf("insurance", policies);
  }

  private unknownKey(section: string, item: number, key: string, known: string[], path: Array<string | number>, who: string) {
    if (key.startsWith("x-")) return;
    const meant = likelyTypo(key, known);
    if (meant) this.error("unknown-key", section, item, [...path, key], `${who}: unknown key "${key}"`, `did you mean "${meant}"?`, true);
    else this.warn("unknown-key", section, item, [...path, key], `${who}: unknown key "${key}" is ignored`, `known keys here: ${known.join(", ")} (prefix custom fields with x-)`, true);
  }

  private readId(raw: Mapping, section: string, item: number, what: string): string | undefined {
    const id = raw.id;
    if (id === undefined) {
      this.error("missing-id", section, item, [], `${what} has no id`, "add `id:` (lowercase letters, digits, . _ -)");
      return undefined;
    }
    if (typeof id !== "string") {
      this.error("bad-id", section, item, ["id"], `${what} id must be text, got ${describe(id)}`, `quote it: id: "${String(id)}"`);
      return undefined;
    }
    if (!ID.test(id)) {
      this.error("bad-id", section, item, ["id"], `${what} id "${id}" is not allowed`, "ids match [a-z0-9][a-z0-9._-]*");
      return undefined;
    }
    return id;
  }

  // ---- risks ---------------------------------------------------------------------------

  private readRisk(raw: unknown, i: number): Risk | undefined {
    const S = "risks";
    if (!isMapping(raw)) {
      this.error("bad-type", S, i, [], `a risk must be a mapping with id and frequency, got ${describe(raw)}`, "write `- id: dc-fire` followed by frequency, strikes and duration");
      return undefined;
    }
    const id = this.readId(raw, S, i, "risk");
    const who = `risk "${id ?? `#${i + 1}`}"`;
    const risk: Risk = { id: id ?? "", threat: "other", frequency: 0 };
    let ok = id !== undefined;
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "id":
          break;
        case "name":
        case "owner":
          if (typeof value === "string" || typeof value === "number") risk[key] = String(value);
          else if (value !== null) {
            this.error("bad-type", S, i, [key], `${who}: ${key} must be text, got ${describe(value)}`);
            ok = false;
          }
          break;
        case "description":
          if (typeof value === "string") risk.description = value;
          break;
        case "actions": {
          const actions = this.readActions(value, i, who);
          if (!actions) ok = false;
          else risk.actions = actions;
          break;
        }
        case "notes":
        case "tags":
        case "likelihood":
        case "impact":
        case "review":
        case "controls":
          break; // the risk register reads these
        case "treatment":
          if (typeof value !== "string" || !(TREATMENTS as readonly string[]).includes(value)) {
            const meant = typeof value === "string" ? likelyTypo(value, TREATMENTS) : undefined;
            this.error("bad-treatment", S, i, [key], `${who}: treatment must be one of ${TREATMENTS.join(", ")}, got ${describe(value)}`, meant ? `did you mean "${meant}"?` : undefined);
            ok = false;
          } else risk.treatment = value as Risk["treatment"];
          break;
        case "threat":
          if (typeof value !== "string" || !(THREATS as readonly string[]).includes(value)) {
            const meant = typeof value === "string" ? likelyTypo(value, THREATS) : undefined;
            this.error("bad-threat", S, i, [key], `${who}: threat must be one of ${THREATS.join(", ")}, got ${describe(value)}`, meant ? `did you mean "${meant}"?` : "use `other` for anything else, and say what it is in `name`");
            ok = false;
          } else risk.threat = value as Threat;
          break;
        case "frequency":
          if (typeof value !== "number" || !Number.isFinite(value)) {
            this.error("bad-frequency", S, i, [key], `${who}: frequency must be a number of occurrences per year, got ${describe(value)}`, "e.g. 0.02 for once in 50 years, 2 for twice a year");
            ok = false;
          } else if (value < 0) {
            this.error("bad-frequency", S, i, [key], `${who}: frequency must not be negative, got ${value}`, "0 means it never happens; 0.1 is once in 10 years");
            ok = false;
          } else risk.frequency = value;
          break;
        case "strikes":
        case "strikesOneOf": {
          const list = this.componentList(value, S, i, key, who);
          if (!list) ok = false;
          else risk[key] = list;
          break;
        }
        case "duration": {
          const d = this.readDuration(value, i, who);
          if (!d) ok = false;
          else risk.duration = d;
          break;
        }
        case "loss": {
          const l = this.readLoss(value, i, who);
          if (!l) ok = false;
          else risk.loss = l;
          break;
        }
        default: {
          const alias = RISK_ALIASES[key];
          if (alias) {
            this.error("unknown-key", S, i, [key], `${who}: unknown key "${key}"`, `did you mean "${alias}"?`, true);
            ok = false;
            break;
          }
          if (likelyTypo(key, RISK_KEYS)) ok = false;
          this.unknownKey(S, i, key, RISK_KEYS, [], who);
        }
      }
    }
    if (!ok) return undefined;
    if (!("frequency" in raw)) {
      this.error("missing-frequency", S, i, [], `${who} has no frequency`, "add `frequency:` (expected occurrences per year, e.g. 0.02 for once in 50 years)");
      return undefined;
    }
    if (risk.strikes && risk.strikesOneOf) {
      this.error("bad-risk", S, i, ["strikesOneOf"], `${who} has both strikes and strikesOneOf`, "use strikes for components broken together, strikesOneOf for one of several, not both");
      return undefined;
    }
    const outage = risk.strikes !== undefined || risk.strikesOneOf !== undefined;
    if (outage && !risk.duration) {
      this.error("missing-duration", S, i, [], `${who} strikes components but has no duration`, "add `duration:` (fixed like 10h, {p50: 10h, p90: 5d} or {min: 1h, mode: 4h, max: 2d})");
      return undefined;
    }
    if (!outage && risk.duration) {
      this.error("bad-risk", S, i, ["duration"], `${who} has a duration but strikes no component`, "add `strikes: [component-id]` (or strikesOneOf), or remove duration");
      return undefined;
    }
    if (!outage && !risk.loss) {
      this.error("bad-risk", S, i, [], `${who} neither strikes components nor has a direct loss`, "add `strikes:` with `duration:` for an outage, or `loss: {p5: ..., p95: ...}` for a direct loss");
      return undefined;
    }
    return risk;
  }

  private componentList(value: unknown, S: string, i: number, key: string, who: string): string[] | undefined {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === "string")) {
      this.error("bad-type", S, i, [key], `${who}: ${key} must be a non-empty list of component ids, got ${describe(value)}`, `write ${key}: [component-id, ...]`);
      return undefined;
    }
    let ok = true;
    const seen = new Set<string>();
    list.forEach((id: string, j) => {
      const at = typeof value === "string" ? [key] : [key, j];
      if (seen.has(id)) {
        this.error("bad-risk", S, i, at, `${who}: "${id}" is listed twice in ${key}`, "list each component once");
        ok = false;
      }
      seen.add(id);
      if (!this.componentIds.has(id)) {
        const near = closestIds(id, this.componentIds);
        this.error("unknown-component", S, i, at, `${who}: ${key} "${id}" names no component`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : "use the id of a component of the model");
        ok = false;
      }
    });
    return ok ? (list as string[]) : undefined;
  }

  private readDuration(value: unknown, i: number, who: string): DurationDistribution | undefined {
    const S = "risks";
    if (!isMapping(value)) {
      const d = parseDuration(value);
      if (!d.ok) {
        this.error("bad-duration", S, i, ["duration"], `${who}: duration: ${d.reason}`, "or a range: {p50: 10h, p90: 5d} (lognormal) or {min: 1h, mode: 4h, max: 2d} (PERT)");
        return undefined;
      }
      if (d.minutes <= 0) {
        this.error("bad-duration", S, i, ["duration"], `${who}: duration must be more than 0`, "how long the struck components stay broken, e.g. 10h");
        return undefined;
      }
      return { kind: "fixed", minutes: d.minutes };
    }
    const keys = Object.keys(value);
    if (keys.some((k) => k === "min" || k === "mode" || k === "max")) {
      let ok = true;
      const v: Record<string, number> = {};
      for (const k of keys) {
        if (k === "min" || k === "mode" || k === "max") {
          const d = parseDuration(value[k]);
          if (!d.ok) {
            this.error("bad-duration", S, i, ["duration", k], `${who}: duration ${k}: ${d.reason}`);
            ok = false;
          } else v[k] = d.minutes;
        } else {
          const meant = likelyTypo(k, ["min", "mode", "max"]);
          this.error("unknown-key", S, i, ["duration", k], `${who}: unknown key "${k}" in a {min, mode, max} duration`, meant ? `did you mean "${meant}"?` : "a PERT duration has exactly min, mode and max", true);
          ok = false;
        }
      }
      if (!ok) return undefined;
      const missing = ["min", "mode", "max"].filter((k) => !(k in v));
      if (missing.length) {
        this.error("bad-duration", S, i, ["duration"], `${who}: a PERT duration needs min, mode and max; ${missing.join(" and ")} missing`, "write {min: 1h, mode: 4h, max: 2d}");
        return undefined;
      }
      if (!(v.min <= v.mode && v.mode <= v.max)) {
        this.error("bad-duration", S, i, ["duration", v.min > v.mode ? "min" : "max"], `${who}: duration needs min ≤ mode ≤ max, got min ${value.min}, mode ${value.mode}, max ${value.max}`, "the most likely duration (mode) lies between the shortest and the longest");
        return undefined;
      }
      if (v.min === v.max) {
        this.error("bad-duration", S, i, ["duration"], `${who}: min and max are equal, so the duration is fixed`, `write duration: ${String(value.min)}`);
        return undefined;
      }
      if (v.max <= 0) {
        this.error("bad-duration", S, i, ["duration", "max"], `${who}: the longest duration must be more than 0`);
        return undefined;
      }
      return { kind: "pert", ...pert(v.min, v.mode, v.max) };
    }
    const q = this.readQuantiles(value, i, who, "duration", (x, at) => {
      const d = parseDuration(x);
      if (!d.ok) {
        this.error("bad-duration", S, i, at, `${who}: duration ${at[1]}: ${d.reason}`);
        return undefined;
      }
      return d.minutes;
    }, "{p50: 10h, p90: 5d}", "or {min: 1h, mode: 4h, max: 2d} (PERT)");
    if (!q) return undefined;
    const ln = lognormalFromQuantiles(q[0].value, q[0].p, q[1].value, q[1].p);
    return { kind: "lognormal", ...ln, quantiles: q.map((x) => ({ p: x.p, minutes: x.value })) };
  }

  private readLoss(value: unknown, i: number, who: string): LossDistribution | undefined {
    const S = "risks";
    if (typeof value === "number") {
      if (!Number.isFinite(value) || value < 0) {
        this.error("bad-money", S, i, ["loss"], `${who}: loss must be 0 or more, got ${value}`);
        return undefined;
      }
      return { kind: "fixed", amount: value };
    }
    if (!isMapping(value)) {
      this.error("bad-money", S, i, ["loss"], `${who}: loss must be an amount or a range like {p5: 10000000, p95: 1000000000}, got ${describe(value)}`, "write amounts without separators or currency");
      return undefined;
    }
    const q = this.readQuantiles(value, i, who, "loss", (x, at) => {
      if (typeof x !== "number" || !Number.isFinite(x)) {
        this.error("bad-money", S, i, at, `${who}: loss ${at[1]} must be a plain number of money, got ${describe(x)}`, "write the amount without separators or currency, e.g. 10000000");
        return undefined;
      }
      return x;
    }, "{p5: 10000000, p95: 1000000000}", "the 90% range of the loss of one occurrence");
    if (!q) return undefined;
    const ln = lognormalFromQuantiles(q[0].value, q[0].p, q[1].value, q[1].p);
    return { kind: "lognormal", ...ln, quantiles: q.map((x) => ({ p: x.p, amount: x.value })) };
  }

  /** Two percentiles (`p5`/`p95`, `p50`/`p90`, any `pNN`): a lognormal through both. */
  private readQuantiles(
    value: Mapping,
    i: number,
    who: string,
    field: string,
    parse: (x: unknown, at: Array<string | number>) => number | undefined,
    example: string,
    alternative: string,
  ): Array<{ p: number; value: number }> | undefined {
    const S = "risks";
    const out: Array<{ p: number; value: number; key: string }> = [];
    let ok = true;
    for (const k of Object.keys(value)) {
      const m = PERCENTILE.exec(k);
      const p = m ? Number(m[1]) / 100 : NaN;
      if (!m || !(p > 0 && p < 1)) {
        const meant = likelyTypo(k, field === "loss" ? ["p5", "p95"] : ["p50", "p90", "min", "mode", "max"]);
        this.error("unknown-key", S, i, [field, k], `${who}: unknown key "${k}" in ${field}`, meant ? `did you mean "${meant}"?` : `write two percentiles such as ${example}, ${alternative}`, true);
        ok = false;
        continue;
      }
      const x = parse(value[k], [field, k]);
      if (x === undefined) ok = false;
      else out.push({ p, value: x, key: k });
    }
    if (!ok) return undefined;
    if (out.length !== 2) {
      this.error(`bad-${field === "loss" ? "money" : "duration"}`, S, i, [field], `${who}: ${field} needs exactly two percentiles, got ${out.length}`, `write ${example} (${alternative})`);
      return undefined;
    }
    out.sort((a, b) => a.p - b.p);
    if (!(out[0].value > 0)) {
      this.error(`bad-${field === "loss" ? "money" : "duration"}`, S, i, [field, out[0].key], `${who}: ${field} ${out[0].key} must be more than 0 (a lognormal is positive)`, `use a small positive value, or a fixed ${field}`);
      return undefined;
    }
    if (!(out[1].value > out[0].value)) {
      this.error(`bad-${field === "loss" ? "money" : "duration"}`, S, i, [field, out[1].key], `${who}: ${field} ${out[1].key} (${String(value[out[1].key])}) must be more than ${out[0].key} (${String(value[out[0].key])})`, `a higher percentile is a larger value; for a fixed ${field} write a single value`);
      return undefined;
    }
    return out;
  }

  // ---- register: treatment actions ----------------------------------------------------

  private readActions(value: unknown, i: number, who: string): RiskAction[] | undefined {
    const S = "risks";
    if (value === null) return [];
    if (!Array.isArray(value)) {
      this.error("bad-type", S, i, ["actions"], `${who}: actions must be a list, got ${describe(value)}`, "write each action as `- {id: a1, title: ..., owner: ..., due: 2025-06-30}`");
      return undefined;
    }
    let ok = true;
    const out: RiskAction[] = [];
    const seen = new Set<string>();
    value.forEach((raw, j) => {
      const at = ["actions", j];
      if (!isMapping(raw)) {
        this.error("bad-type", S, i, at, `${who}: an action must be a mapping with id, title, owner, due and status, got ${describe(raw)}`);
        ok = false;
        return;
      }
      // the id may be left out: actions are then a1, a2, … by position
      const id = raw.id === undefined ? `a${j + 1}` : raw.id;
      const aw = `${who}, action "${typeof id === "string" ? id : `#${j + 1}`}"`;
      const action: RiskAction = { id: "", title: "", status: "open" };
      if (typeof id !== "string" || !ID.test(id)) {
        this.error("bad-id", S, i, [...at, "id"], `${aw}: id ${describe(id)} is not allowed`, "ids match [a-z0-9][a-z0-9._-]*, e.g. a1");
        ok = false;
      } else if (seen.has(id)) {
        this.error("duplicate-id", S, i, [...at, "id"], `${aw}: the action id is used twice in this risk`, "action ids must be unique within a risk");
        ok = false;
      } else {
        seen.add(id);
        action.id = id;
      }
      for (const key of Object.keys(raw)) {
        const v = raw[key];
        switch (key) {
          case "id":
          case "notes":
          case "description":
            break;
          case "title":
          case "action":
          case "owner":
            if (typeof v === "string" && v.trim()) action[key === "action" ? "title" : key] = v;
            else {
              this.error("bad-type", S, i, [...at, key], `${aw}: ${key} must be text, got ${describe(v)}`);
              ok = false;
            }
            break;
          case "due": {
            const d = parseDate(v);
            if (!d) {
              this.error("bad-date", S, i, [...at, key], `${aw}: due must be a date written YYYY-MM-DD, got ${describe(v)}`, "e.g. due: 2025-06-30");
              ok = false;
            } else action.due = d;
            break;
          }
          case "status":
            if (v !== "open" && v !== "done") {
              const meant = typeof v === "string" ? likelyTypo(v, ACTION_STATUSES) : undefined;
              this.error("bad-status", S, i, [...at, key], `${aw}: status must be open or done, got ${describe(v)}`, meant ? `did you mean "${meant}"?` : undefined);
              ok = false;
            } else action.status = v;
            break;
          default:
            if (likelyTypo(key, ACTION_KEYS)) ok = false;
            this.unknownKey(S, i, key, ACTION_KEYS, at, aw);
        }
      }
      if (!("title" in raw) && !("action" in raw)) {
        this.error("missing-title", S, i, at, `${aw} has no title`, "add `title:` saying what will be done");
        ok = false;
      }
      out.push(action);
    });
    return ok ? out : undefined;
  }

  // ---- register: the risk matrix -------------------------------------------------------

  private readMatrix(raw: unknown): RiskMatrix | undefined {
    const S = "riskMatrix";
    const who = "riskMatrix";
    if (!isMapping(raw)) {
      this.error("bad-type", S, 0, [], `riskMatrix must be a mapping with likelihood and impact bands, got ${describe(raw)}`, "see docs/risk-model.md, The risk register");
      return undefined;
    }
    let ok = true;
    let likelihood: RiskBand[] | undefined;
    let impact: RiskBand[] | undefined;
    let impactBasis: ImpactBasis = "mean";
    let levels: RiskLevel[] | undefined;
    let rawCells: unknown;
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "description":
          break;
        case "likelihood":
        case "impact": {
          const bands = this.readBands(value, key);
          if (!bands) ok = false;
          else if (key === "likelihood") likelihood = bands;
          else impact = bands;
          break;
        }
        case "impactBasis":
          if (typeof value !== "string" || !(IMPACT_BASES as readonly string[]).includes(value)) {
            this.error("bad-basis", S, 0, [key], `${who}: impactBasis must be one of ${IMPACT_BASES.join(", ")}, got ${describe(value)}`, "mean: the mean loss of one occurrence; p90: the loss one occurrence in ten exceeds");
            ok = false;
          } else impactBasis = value as ImpactBasis;
          break;
        case "levels":
          levels = this.readLevels(value);
          if (!levels) ok = false;
          break;
        case "cells":
          rawCells = value;
          break;
        default:
          if (likelyTypo(key, MATRIX_KEYS)) ok = false;
          this.unknownKey(S, 0, key, MATRIX_KEYS, [], who);
      }
    }
    for (const key of ["likelihood", "impact"] as const) {
      if (!(key in raw)) {
        this.error("missing-bands", S, 0, [], `${who} has no ${key} bands`, `add \`${key}:\` as a list of {label, upTo}, lowest first`);
        ok = false;
      }
    }
    if (!ok || !likelihood || !impact) return undefined;
    levels ??= DEFAULT_LEVELS.map((l) => ({ ...l }));
    let cells: number[][];
    if (rawCells === undefined) cells = scoredCells(likelihood.length, impact.length, levels.length);
    else {
      const read = this.readCells(rawCells, likelihood.length, impact.length, levels);
      if (!read) return undefined;
      cells = read;
    }
    return { likelihood, impact, impactBasis, levels, cells };
  }

  private readBands(value: unknown, key: "likelihood" | "impact"): RiskBand[] | undefined {
    const S = "riskMatrix";
    const what = key === "likelihood" ? "an annual frequency" : "a loss per occurrence";
    if (!Array.isArray(value) || value.length < 2 || value.length > 10) {
      this.error("bad-bands", S, 0, [key], `riskMatrix: ${key} must be a list of 2 to 10 bands, got ${describe(value)}`, `write - {label: ..., upTo: ${key === "likelihood" ? "0.01" : "100000000"}}, lowest first; the last band has no upTo`);
      return undefined;
    }
    let ok = true;
    const out: RiskBand[] = [];
    const ids = new Set<string>();
    value.forEach((raw, j) => {
      const at = [key, j];
      const band: RiskBand = { id: `${key === "likelihood" ? "l" : "i"}${j + 1}`, label: "" };
      if (typeof raw === "string") {
        band.label = raw;
      } else if (!isMapping(raw)) {
        this.error("bad-type", S, 0, at, `riskMatrix: a ${key} band must be a mapping {label, upTo}, got ${describe(raw)}`);
        ok = false;
        return;
      } else {
        for (const k of Object.keys(raw)) {
          const v = raw[k];
          switch (k) {
            case "description":
              break;
            case "id":
              if (typeof v !== "string" || !ID.test(v)) {
                this.error("bad-id", S, 0, [...at, k], `riskMatrix: ${key} band id ${describe(v)} is not allowed`, "ids match [a-z0-9][a-z0-9._-]*");
                ok = false;
              } else band.id = v;
              break;
            case "label":
              if (typeof v === "string" || typeof v === "number") band.label = String(v);
              else {
                this.error("bad-type", S, 0, [...at, k], `riskMatrix: ${key} band label must be text, got ${describe(v)}`);
                ok = false;
              }
              break;
            case "upTo":
              if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
                this.error("bad-band", S, 0, [...at, k], `riskMatrix: ${key} band upTo must be ${what}, 0 or more, got ${describe(v)}`, key === "likelihood" ? "e.g. upTo: 0.01 (once in 100 years or less often)" : "a plain amount of money, e.g. 100000000");
                ok = false;
              } else band.upTo = v;
              break;
            default:
              if (likelyTypo(k, BAND_KEYS)) ok = false;
              this.unknownKey(S, 0, k, BAND_KEYS, at, `riskMatrix ${key} band #${j + 1}`);
          }
        }
      }
      if (!band.label) band.label = band.id;
      if (ids.has(band.id)) {
        this.error("duplicate-id", S, 0, at, `riskMatrix: ${key} band id "${band.id}" is used twice`);
        ok = false;
      }
      ids.add(band.id);
      out.push(band);
    });
    if (!ok) return undefined;
    for (let j = 0; j < out.length; j++) {
      const last = j === out.length - 1;
      const b = out[j];
      if (!last && b.upTo === undefined) {
        this.error("bad-band", S, 0, [key, j], `riskMatrix: ${key} band "${b.label}" has no upTo`, "every band but the last (highest) says up to which value it goes");
        ok = false;
      } else if (last && b.upTo !== undefined) {
        this.error("bad-band", S, 0, [key, j, "upTo"], `riskMatrix: the last ${key} band ("${b.label}") must have no upTo`, "the highest band takes everything above the band before it");
        ok = false;
      } else if (!last && j > 0 && out[j - 1].upTo !== undefined && !(b.upTo! > out[j - 1].upTo!)) {
        this.error("bad-band", S, 0, [key, j, "upTo"], `riskMatrix: ${key} bands must be in increasing order: "${b.label}" goes up to ${b.upTo}, not above "${out[j - 1].label}" (${out[j - 1].upTo})`, "write the bands from the lowest to the highest");
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  private readLevels(value: unknown): RiskLevel[] | undefined {
    const S = "riskMatrix";
    if (!Array.isArray(value) || value.length < 2 || value.length > 8) {
      this.error("bad-levels", S, 0, ["levels"], `riskMatrix: levels must be a list of 2 to 8 levels, got ${describe(value)}`, "write - {id: low, label: Low, color: \"#2a9d8f\"}, least severe first");
      return undefined;
    }
    let ok = true;
    const out: RiskLevel[] = [];
    const ids = new Set<string>();
    value.forEach((raw, j) => {
      const at = ["levels", j];
      if (!isMapping(raw) || typeof raw.id !== "string" || !ID.test(raw.id)) {
        this.error("bad-level", S, 0, at, `riskMatrix: level #${j + 1} needs an id, got ${describe(raw)}`, "write - {id: low, label: Low, color: \"#2a9d8f\"}");
        ok = false;
        return;
      }
      const level: RiskLevel = { id: raw.id, label: raw.id, color: DEFAULT_LEVELS[Math.min(j, DEFAULT_LEVELS.length - 1)].color };
      for (const k of Object.keys(raw)) {
        const v = raw[k];
        if (k === "id" || k === "description") continue;
        if (k === "label") {
          if (typeof v === "string") level.label = v;
          else {
            this.error("bad-type", S, 0, [...at, k], `riskMatrix: level "${level.id}" label must be text, got ${describe(v)}`);
            ok = false;
          }
        } else if (k === "color") {
          if (typeof v !== "string" || !/^#[0-9a-fA-F]{6}$/.test(v)) {
            this.error("bad-color", S, 0, [...at, k], `riskMatrix: level "${level.id}" color must be written #rrggbb, got ${describe(v)}`, 'quote it: color: "#e63946"');
            ok = false;
          } else level.color = v.toLowerCase();
        } else {
          if (likelyTypo(k, LEVEL_KEYS)) ok = false;
          this.unknownKey(S, 0, k, LEVEL_KEYS, at, `riskMatrix level "${level.id}"`);
        }
      }
      if (ids.has(level.id)) {
        this.error("duplicate-id", S, 0, [...at, "id"], `riskMatrix: level id "${level.id}" is used twice`);
        ok = false;
      }
      ids.add(level.id);
      out.push(level);
    });
    return ok ? out : undefined;
  }

  /** `cells` is written as drawn: the first row is the most likely band, columns from the lowest impact. */
  private readCells(value: unknown, L: number, I: number, levels: RiskLevel[]): number[][] | undefined {
    const S = "riskMatrix";
    if (!Array.isArray(value) || value.length !== L) {
      this.error("bad-cells", S, 0, ["cells"], `riskMatrix: cells must have one row per likelihood band (${L}), got ${Array.isArray(value) ? `${value.length} rows` : describe(value)}`, "write the rows as drawn: the most likely band first, each a list of level ids from the lowest impact");
      return undefined;
    }
    const ids = levels.map((l) => l.id);
    let ok = true;
    const rows: number[][] = [];
    value.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== I) {
        this.error("bad-cells", S, 0, ["cells", r], `riskMatrix: cells row ${r + 1} must list ${I} levels (one per impact band), got ${describe(row)}`);
        ok = false;
        return;
      }
      rows.push(
        row.map((cell, c) => {
          const k = typeof cell === "string" ? ids.indexOf(cell) : -1;
          if (k < 0) {
            const meant = typeof cell === "string" ? likelyTypo(cell, ids) : undefined;
            this.error("unknown-level", S, 0, ["cells", r, c], `riskMatrix: cells row ${r + 1}, column ${c + 1}: ${describe(cell)} is not a level`, meant ? `did you mean "${meant}"?` : `use one of ${ids.join(", ")}`);
            ok = false;
          }
          return k;
        }),
      );
    });
    // written from the most likely down; kept from the least likely up
    return ok ? rows.reverse() : undefined;
  }

  // ---- insurance -----------------------------------------------------------------------

  private readPolicy(raw: unknown, i: number, riskIds: Set<string>): Policy | undefined {
    const S = "insurance";
    if (!isMapping(raw)) {
      this.error("bad-type", S, i, [], `a policy must be a mapping with id, covers, limits and premium, got ${describe(raw)}`, "write `- id: bi-policy` followed by covers, waitingPeriod, deductible, limit, aggregate and premium");
      return undefined;
    }
    const id = this.readId(raw, S, i, "policy");
    const who = `policy "${id ?? `#${i + 1}`}"`;
    const policy: Policy = { id: id ?? "", waitingPeriod: 0, deductible: 0, limit: Infinity, aggregate: Infinity, premium: 0 };
    let ok = id !== undefined;
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "id":
        case "description":
        case "notes":
        case "kind":
          break;
        case "name":
        case "insurer":
          if (typeof value === "string") policy[key] = value;
          else {
            this.error("bad-type", S, i, [key], `${who}: ${key} must be text, got ${describe(value)}`);
            ok = false;
          }
          break;
        case "covers": {
          const list = typeof value === "string" ? [value] : value;
          if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) {
            this.error("bad-type", S, i, [key], `${who}: covers must be a list of risk ids, got ${describe(value)}`, "omit covers to cover every risk");
            ok = false;
            break;
          }
          list.forEach((r: string, j) => {
            if (!riskIds.has(r)) {
              const near = closestIds(r, riskIds);
              this.error("unknown-risk", S, i, typeof value === "string" ? [key] : [key, j], `${who}: covers "${r}", which is not a risk of the model`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : "use the id of a risk under `risks:`");
              ok = false;
            }
          });
          policy.covers = [...new Set(list as string[])];
          break;
        }
        case "waitingPeriod": {
          const d = parseDuration(value);
          if (!d.ok) {
            this.error("bad-duration", S, i, [key], `${who}: waitingPeriod: ${d.reason}`, "e.g. 12h: outage loss in the first 12 hours of an occurrence is not covered");
            ok = false;
          } else policy.waitingPeriod = d.minutes;
          break;
        }
        case "deductible":
        case "limit":
        case "aggregate":
        case "premium":
          if (typeof value !== "number" || !Number.isFinite(value)) {
            this.error("bad-money", S, i, [key], `${who}: ${key} must be a plain number of money, got ${describe(value)}`, "write the amount without separators or currency, e.g. 100000000");
            ok = false;
          } else if (value < 0) {
            this.error("bad-money", S, i, [key], `${who}: ${key} must not be negative`);
            ok = false;
          } else policy[key] = value;
          break;
        default:
          if (likelyTypo(key, POLICY_KEYS)) ok = false;
          this.unknownKey(S, i, key, POLICY_KEYS, [], who);
      }
    }
    if (!ok) return undefined;
    if (policy.limit === 0) this.warn("zero-limit", S, i, ["limit"], `${who}: limit is 0, so it never pays`, "remove limit for no limit, or give the per-occurrence limit");
    if (policy.aggregate < policy.limit) this.warn("aggregate-below-limit", S, i, ["aggregate"], `${who}: the annual aggregate (${policy.aggregate}) is below the per-occurrence limit (${policy.limit})`, "the aggregate caps all claims of a year together; it is usually at least the limit");
    return policy;
  }

  // ---- risk appetite -------------------------------------------------------------------

  private readAppetite(raw: unknown, i: number): Appetite | undefined {
    const S = "riskAppetite";
    if (!isMapping(raw)) {
      this.error("bad-type", S, i, [], `a risk appetite statement must be a mapping like {maxLoss: 10000000000, probability: 1%}, got ${describe(raw)}`);
      return undefined;
    }
    const id = typeof raw.id === "string" ? raw.id : `appetite-${i + 1}`;
    const who = `risk appetite "${id}"`;
    const a: Appetite = { id, maxLoss: NaN, probability: NaN, basis: "retained" };
    let ok = true;
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      switch (key) {
        case "id":
        case "description":
          break;
        case "name":
          if (typeof value === "string") a.name = value;
          break;
        case "maxLoss":
          if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            this.error("bad-money", S, i, [key], `${who}: maxLoss must be a plain number of money, 0 or more, got ${describe(value)}`);
            ok = false;
          } else a.maxLoss = value;
          break;
        case "probability": {
          const p = parseProbability(value);
          if (p === undefined) {
            this.error("bad-probability", S, i, [key], `${who}: probability must be between 0 and 1 (or a percentage such as 1%), got ${describe(value)}`, "e.g. probability: 1% means a 1-in-100 year");
            ok = false;
          } else a.probability = p;
          break;
        }
        case "returnPeriod":
          if (typeof value !== "number" || !(value > 1)) {
            this.error("bad-probability", S, i, [key], `${who}: returnPeriod must be a number of years above 1, got ${describe(value)}`, "returnPeriod: 100 is probability 1%");
            ok = false;
          } else a.probability = 1 / value;
          break;
        case "basis":
          if (value !== "retained" && value !== "gross") {
            this.error("bad-basis", S, i, [key], `${who}: basis must be retained (after insurance) or gross, got ${describe(value)}`);
            ok = false;
          } else a.basis = value;
          break;
        default:
          if (likelyTypo(key, APPETITE_KEYS)) ok = false;
          this.unknownKey(S, i, key, APPETITE_KEYS, [], who);
      }
    }
    if (!ok) return undefined;
    if (Number.isNaN(a.maxLoss)) {
      this.error("bad-appetite", S, i, [], `${who} has no maxLoss`, "add maxLoss: the most the organization accepts to lose in a year with that probability");
      return undefined;
    }
    if (Number.isNaN(a.probability)) {
      this.error("bad-appetite", S, i, [], `${who} has no probability`, "add probability: 1% (or returnPeriod: 100)");
      return undefined;
    }
    return a;
  }
}

/** The default levels of a heat map, least severe first. */
export const DEFAULT_LEVELS: readonly RiskLevel[] = [
  { id: "low", label: "Low", color: "#7cc57a" },
  { id: "medium", label: "Medium", color: "#f2d45c" },
  { id: "high", label: "High", color: "#f08c3a" },
  { id: "extreme", label: "Extreme", color: "#d63a3a" },
];

/** Cells by score when the matrix does not list them: the further up and right, the more severe. */
export function scoredCells(L: number, I: number, levels: number): number[][] {
  const cells: number[][] = [];
  for (let l = 0; l < L; l++) {
    const row: number[] = [];
    for (let i = 0; i < I; i++) {
      const score = (l / Math.max(1, L - 1) + i / Math.max(1, I - 1)) / 2; // 0..1
      row.push(Math.min(levels - 1, Math.floor(score * levels)));
    }
    cells.push(row);
  }
  return cells;
}

/** YYYY-MM-DD (a real date), from text or a YAML timestamp. */
export function parseDate(value: unknown): string | undefined {
  let text: string;
  if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString().slice(0, 10);
  else if (typeof value === "string") text = value.trim();
  else return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? text : undefined;
}

export function parseProbability(value: unknown): number | undefined {
  let p: number;
  if (typeof value === "number") p = value;
  else if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value)) p = Number(value.trim().replace("%", "").trim()) / 100;
  else return undefined;
  return p > 0 && p < 1 ? p : undefined;
}
