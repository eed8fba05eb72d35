/** The continuity model after validation: durations in minutes, defaults filled in. */

export { KNOWN_KINDS, PLAN_KINDS, IMPACT_CATEGORIES, PLAN_ELEMENTS, EXERCISE_TYPES, PLAN_DOCUMENT_FIELDS, CYCLE_PATTERN } from "./schema.js";
import type { PlanInput, PLAN_DOCUMENT_FIELDS } from "./schema.js";

/** Where a value came from, so every message can name the file and line. */
export interface SourceRef {
  file: number; // index into Model.files
  doc: number; // YAML document within the file
  /** the enclosing value and the key or index of this one (a linked path: cheap to make per field) */
  parent?: SourceRef;
  step?: string | number;
}

export function refPath(ref: SourceRef): Array<string | number> {
  const path: Array<string | number> = [];
  for (let r: SourceRef | undefined = ref; r && r.step !== undefined; r = r.parent) path.push(r.step);
  return path.reverse();
}

export interface ImpactEntry {
  from: number; // minutes into an outage
  perHour?: number; // rate from `from` until the next rate entry (of the same category)
  once?: number; // one-off cost once an outage reaches `from`
  category?: string;
}

export interface GroupDependency {
  group?: string;
  members: string[];
  need: number;
  mode: "active-active" | "active-passive";
  /** minutes; "manual" = only a plan step switches it */
  failover: number | "manual";
}

export type Dependency = string | GroupDependency;

export interface Component {
  id: string;
  name?: string;
  kind?: string;
  site?: string;
  owner?: string;
  description?: string;
  tags?: string[];
  restart: number;
  standby: boolean;
  tier?: number;
  rto?: number;
  rpo?: number;
  mtpd?: number;
  mbco?: string;
  impact: ImpactEntry[];
  dependsOn: Dependency[];
  /** units (people, licences, consoles) that can work at once; absent: not counted */
  capacity?: number;
  /** a team's people (person component ids) with their roles */
  members?: Array<{ id: string; role?: string }>;
  /** a team's stand-ins (person component ids) */
  alternates?: string[];
  source?: SourceRef;
}

export interface PlanStep {
  id: string;
  name?: string;
  duration: number;
  after: string[];
  needs: string[];
  /** units a need takes of a capacity, only for needs written with `units` (absent: 1) */
  units: Record<string, number>;
  owner?: string;
  does: { start: string[]; switch: string[]; repair: string[] };
}

export interface Plan {
  id: string;
  name?: string;
  kind?: string;
  owner?: string;
  covers: string[];
  activation: { when: string[]; after: number };
  steps: PlanStep[];
  /** lower first when steps wait for the same capacity (default 100) */
  priority: number;
  /** the plan document's fields (8.4.4, 8.4.5) as written, checked against their declaration */
  document: PlanDocument;
  source?: SourceRef;
}

/** The fields of a plan that make it a document people own (not played by the simulation). */
export type PlanDocument = Partial<Pick<PlanInput, (typeof PLAN_DOCUMENT_FIELDS)[number]>>;

export interface Model {
  continuum: 1;
  organization?: string;
  currency: string;
  components: Component[];
  plans: Plan[];
  /** Sections owned by later features (risks, insurance, …), kept as written. */
  extra: Record<string, unknown[]>;
  files: string[];
}

export type ScenarioEvent =
  | { at: number; fail: string; for: number /* Infinity = not repaired within the horizon */ }
  | { at: number; activate: string };

export interface Scenario {
  scenario: string;
  name?: string;
  description?: string;
  horizon: number;
  events: ScenarioEvent[];
}

/** What an id may look like: lowercase letters and digits, then also `.`, `_` and `-`. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** The reference of a value inside the value at `ref`. */
export function child(ref: SourceRef, step: string | number): SourceRef {
  return { file: ref.file, doc: ref.doc, parent: ref, step };
}
