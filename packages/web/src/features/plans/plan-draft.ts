/**
 * A plan document as a form: text boxes for its 8.4.4 fields, rows for roles, communications,
 * steps and return-to-normal steps; and back into the file format, keeping every field the form
 * does not show (activation, what each step does, priority, …) as it was written.
 */
import type { PlanDoc } from "./plans-api";

type Row<K extends string> = Record<K, string>;

export interface PlanDraft {
  id: string;
  name: string;
  kind: string;
  covers: string;
  purpose: string;
  scope: string;
  activationCriteria: string;
  commander: string;
  deputy: string;
  teams: Array<Row<"team" | "role" | "alternates">>;
  resources: string;
  interdependencies: string;
  communications: Array<Row<"audience" | "channel" | "when" | "by">>;
  /** `origin`: the step's index in the plan as written, whose other fields (what it does, …) it keeps */
  steps: Array<Row<"id" | "name" | "owner" | "duration" | "after" | "needs"> & { origin?: number }>;
  standDown: string;
  returnToNormal: Array<Row<"id" | "name" | "owner" | "duration">>;
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(str) : [str(v)]);
/** Lists of ids are written comma separated; lists of sentences one per line. */
const commas = (v: unknown) => list(v).join(", ");
const lines = (v: unknown) => list(v).join("\n");
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const rows = (v: unknown) => (Array.isArray(v) ? v.map(obj) : []);

export function toDraft(plan: PlanDoc): PlanDraft {
  const roles = obj(plan.roles);
  return {
    id: plan.id,
    name: str(plan.name),
    kind: str(plan.kind),
    covers: commas(plan.covers),
    purpose: str(plan.purpose),
    scope: str(plan.scope),
    activationCriteria: lines(plan.activationCriteria),
    commander: str(roles.commander),
    deputy: str(roles.deputy),
    teams: rows(roles.teams).map((t) => ({ team: str(t.team), role: str(t.role), alternates: commas(t.alternates) })),
    resources: commas(plan.resources),
    interdependencies: lines(plan.interdependencies),
    communications: rows(plan.communications).map((c) => ({ audience: str(c.audience), channel: str(c.channel), when: str(c.when), by: str(c.by) })),
    steps: rows(plan.steps).map((s, origin) => ({ origin, id: str(s.id), name: str(s.name), owner: str(s.owner), duration: str(s.duration), after: commas(s.after), needs: commas(s.needs) })),
    standDown: lines(plan.standDown),
    returnToNormal: rows(plan.returnToNormal).map((r) => ({ id: str(r.id), name: str(r.name), owner: str(r.owner), duration: str(r.duration) })),
  };
}

const splitCommas = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const splitLines = (s: string) => s.split("\n").map((x) => x.trim()).filter(Boolean);
/** One sentence stays a string, several a list, none is left out. */
const oneOrMany = (items: string[]) => (items.length === 0 ? undefined : items.length === 1 ? items[0] : items);

/** Sets the fields given, drops the empty ones, keeps the others (and their order) as written. */
function assign(target: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(fields)) {
    const empty = v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
    if (empty) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function fromDraft(draft: PlanDraft, original: PlanDoc): PlanDoc {
  const originalSteps = rows(original.steps);
  const originalRoles = obj(original.roles);
  const roles = assign(originalRoles, {
    commander: draft.commander.trim(),
    deputy: draft.deputy.trim(),
    teams: draft.teams.filter((t) => t.team.trim()).map((t) => assign({}, { team: t.team.trim(), role: t.role.trim(), alternates: splitCommas(t.alternates) })),
  });
  return assign(original, {
    id: draft.id.trim(),
    name: draft.name.trim(),
    kind: draft.kind,
    covers: splitCommas(draft.covers),
    purpose: draft.purpose.trim(),
    scope: draft.scope.trim(),
    activationCriteria: oneOrMany(splitLines(draft.activationCriteria)),
    roles,
    resources: splitCommas(draft.resources),
    interdependencies: oneOrMany(splitLines(draft.interdependencies)),
    communications: draft.communications.filter((c) => c.audience.trim()).map((c) => assign({}, { audience: c.audience.trim(), channel: c.channel.trim(), when: c.when.trim(), by: c.by.trim() })),
    steps: draft.steps.map((s) =>
      assign(s.origin === undefined ? {} : (originalSteps[s.origin] ?? {}), { id: s.id.trim(), name: s.name.trim(), owner: s.owner.trim(), duration: s.duration.trim(), after: splitCommas(s.after), needs: splitCommas(s.needs) }),
    ),
    standDown: oneOrMany(splitLines(draft.standDown)),
    returnToNormal: draft.returnToNormal.filter((r) => r.id.trim()).map((r) => assign({}, { id: r.id.trim(), name: r.name.trim(), owner: r.owner.trim(), duration: r.duration.trim() })),
  }) as PlanDoc;
}

/** The server's field (`plan.roles.teams[0].team`) as the form's path (`roles.teams[0].team`). */
export function planFieldPath(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return field.replace(/^plan\./, "").replace(/^plans\[\d+\]\.?/, "") || undefined;
}
