/** SQL for incidents and their records: roles, tasks, decisions, timeline, nonconformities. */
import { JobQueue } from "./job-queue.js";
import type { Queryable } from "../storage/database.js";

export const INCIDENT_ROLES = ["commander", "deputy", "communications", "scribe", "operations"] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Incident {
  id: number;
  organizationId: number;
  number: number;
  title: string;
  severity: Severity;
  status: "open" | "stood-down";
  exercise: boolean;
  root: string | null;
  declaredByRule: string | null;
  declaredByUser: number | null;
  declaredByName: string;
  openedAt: string;
  stoodDownAt: string | null;
  stoodDownBy: string | null;
  standDownReason: string | null;
  components: string[];
  snapshot: unknown;
  review: unknown;
}

export interface RoleAssignment {
  role: IncidentRole;
  userId: number | null;
  userName: string;
  team: string | null;
  assignedBy: string;
  assignedAt: string;
  acknowledgedAt: string | null;
}

export interface Task {
  id: number;
  plan: string;
  step: string;
  name: string;
  owner: string | null;
  dueAt: string | null;
  waitingFor: string[];
  doneAt: string | null;
  doneBy: string | null;
}

export interface Decision {
  id: number;
  decidedBy: string;
  decidedByUser: number | null;
  decision: string;
  options: string[];
  rationale: string;
  at: string;
}

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  text: string;
  actor: string;
}

export interface Nonconformity {
  id: number;
  incidentId: number | null;
  title: string;
  description: string;
  raisedBy: string;
  raisedAt: string;
  exercise: boolean;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const json = (v: unknown) => (v === null || v === undefined ? null : (JSON.parse(v as string) as unknown));

const incidentOf = (r: Row): Incident => ({
  id: r.id as number,
  organizationId: r.organization_id as number,
  number: r.number as number,
  title: r.title as string,
  severity: r.severity as Severity,
  status: r.status as Incident["status"],
  exercise: r.exercise as boolean,
  root: (r.root_component as string | null) ?? null,
  declaredByRule: (r.declared_by_rule as string | null) ?? null,
  declaredByUser: (r.declared_by_user as number | null) ?? null,
  declaredByName: r.declared_by_name as string,
  openedAt: iso(r.opened_at)!,
  stoodDownAt: iso(r.stood_down_at),
  stoodDownBy: (r.stood_down_by as string | null) ?? null,
  standDownReason: (r.stand_down_reason as string | null) ?? null,
  components: JSON.parse(r.components as string) as string[],
  snapshot: json(r.snapshot),
  review: json(r.review),
});

export class IncidentsRepository {
  async create(
    tx: Queryable,
    i: { organizationId: number; title: string; severity: Severity; exercise: boolean; root: string | null; rule: string | null; userId: number | null; byName: string; components: string[] },
  ): Promise<Incident> {
    await tx.query("select id from organizations where id = $1 for update", [i.organizationId]); // numbers are given in turn
    const rows = await tx.query(
      `insert into incidents (organization_id, number, title, severity, exercise, root_component, declared_by_rule, declared_by_user, declared_by_name, components)
       values ($1, (select coalesce(max(number), 0) + 1 from incidents where organization_id = $1), $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [i.organizationId, i.title, i.severity, i.exercise, i.root, i.rule, i.userId, i.byName, JSON.stringify(i.components)],
    );
    // the call trees are activated by a job committed with the incident (communication/call-tree.ts)
    await JobQueue.enqueue(tx, { kind: "communication-declared", key: `communication-declared:${rows[0].id}`, payload: { incidentId: rows[0].id } });
    return incidentOf(rows[0]);
  }
  async byNumber(q: Queryable, organizationId: number, number: number): Promise<Incident | undefined> {
    const rows = await q.query("select * from incidents where organization_id = $1 and number = $2", [organizationId, number]);
    return rows[0] && incidentOf(rows[0]);
  }
  async list(q: Queryable, organizationId: number, status?: "open" | "stood-down"): Promise<Incident[]> {
    const rows = await q.query(`select * from incidents where organization_id = $1${status ? " and status = $2" : ""} order by number desc`, status ? [organizationId, status] : [organizationId]);
    return rows.map(incidentOf);
  }
  async standDown(tx: Queryable, id: number, by: string, reason: string, snapshot: unknown): Promise<void> {
    await tx.query("update incidents set status = 'stood-down', stood_down_at = now(), stood_down_by = $2, stand_down_reason = $3, snapshot = $4 where id = $1", [
      id,
      by,
      reason,
      JSON.stringify(snapshot),
    ]);
  }
  async setReview(tx: Queryable, id: number, review: unknown): Promise<void> {
    await tx.query("update incidents set review = $2 where id = $1", [id, JSON.stringify(review)]);
  }
  async setSeverity(tx: Queryable, id: number, severity: Severity): Promise<void> {
    await tx.query("update incidents set severity = $2 where id = $1", [id, severity]);
  }

  async attachSignals(tx: Queryable, incidentId: number, signalIds: number[]): Promise<void> {
    if (!signalIds.length) return;
    await tx.query("update signals set incident_id = $1 where id = any($2::bigint[]) and incident_id is null", [incidentId, signalIds]);
  }

  /** Attaches the open, unattached signals with these component sets (JSON texts as stored). */
  async attachOpenSets(tx: Queryable, a: { organizationId: number; incidentId: number; exercise: boolean; components: string[] }): Promise<void> {
    if (!a.components.length) return;
    await tx.query(
      "update signals set incident_id = $1 where organization_id = $2 and exercise = $3 and ended_at is null and incident_id is null and components = any($4::text[])",
      [a.incidentId, a.organizationId, a.exercise, a.components],
    );
  }

  // ---- roles -------------------------------------------------------------------------------
  async roles(q: Queryable, incidentId: number): Promise<RoleAssignment[]> {
    const rows = await q.query("select * from incident_roles where incident_id = $1", [incidentId]);
    return rows.map((r) => ({
      role: r.role as IncidentRole,
      userId: (r.user_id as number | null) ?? null,
      userName: r.user_name as string,
      team: (r.team as string | null) ?? null,
      assignedBy: r.assigned_by as string,
      assignedAt: iso(r.assigned_at)!,
      acknowledgedAt: iso(r.acknowledged_at),
    }));
  }
  async assignRole(tx: Queryable, a: { incidentId: number; role: IncidentRole; userId: number; userName: string; team: string | null; by: string; exercise: boolean }): Promise<void> {
    await tx.query(
      `insert into incident_roles (incident_id, role, user_id, user_name, team, assigned_by, exercise) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (incident_id, role) do update set user_id = excluded.user_id, user_name = excluded.user_name, team = excluded.team,
         assigned_by = excluded.assigned_by, assigned_at = now(), acknowledged_at = null`,
      [a.incidentId, a.role, a.userId, a.userName, a.team, a.by, a.exercise],
    );
  }
  async acknowledgeRole(tx: Queryable, incidentId: number, role: IncidentRole, userId: number): Promise<boolean> {
    const rows = await tx.query("update incident_roles set acknowledged_at = coalesce(acknowledged_at, now()) where incident_id = $1 and role = $2 and user_id = $3 returning role", [
      incidentId,
      role,
      userId,
    ]);
    return rows.length > 0;
  }

  // ---- tasks -------------------------------------------------------------------------------
  async tasks(q: Queryable, incidentId: number): Promise<Task[]> {
    const rows = await q.query("select * from incident_tasks where incident_id = $1 order by due_at nulls last, id", [incidentId]);
    return rows.map((r) => ({
      id: r.id as number,
      plan: r.plan as string,
      step: r.step as string,
      name: r.name as string,
      owner: (r.owner as string | null) ?? null,
      dueAt: iso(r.due_at),
      waitingFor: JSON.parse(r.waiting_for as string) as string[],
      doneAt: iso(r.done_at),
      doneBy: (r.done_by as string | null) ?? null,
    }));
  }
  /** New tasks for new steps; open tasks follow the engine's schedule; done tasks stay done. */
  async upsertTask(tx: Queryable, t: { incidentId: number; plan: string; step: string; name: string; owner: string | null; dueAt: string | null; waitingFor: string[]; exercise: boolean }): Promise<boolean> {
    const rows = await tx.query<{ inserted: boolean }>(
      `insert into incident_tasks (incident_id, plan, step, name, owner, due_at, waiting_for, exercise) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (incident_id, plan, step) do update set due_at = excluded.due_at, waiting_for = excluded.waiting_for
         where incident_tasks.done_at is null
       returning (xmax = 0) as inserted`,
      [t.incidentId, t.plan, t.step, t.name, t.owner, t.dueAt, JSON.stringify(t.waitingFor), t.exercise],
    );
    return rows[0]?.inserted === true;
  }
  async completeTask(tx: Queryable, incidentId: number, taskId: number, by: string, done: boolean): Promise<Task | undefined> {
    const rows = await tx.query(
      done
        ? "update incident_tasks set done_at = coalesce(done_at, now()), done_by = coalesce(done_by, $3) where incident_id = $1 and id = $2 returning *"
        : "update incident_tasks set done_at = null, done_by = null where incident_id = $1 and id = $2 and $3::text is not null returning *",
      [incidentId, taskId, by],
    );
    return rows[0] ? (await this.tasks(tx, incidentId)).find((t) => t.id === taskId) : undefined;
  }

  // ---- decisions and timeline ----------------------------------------------------------------
  async decisions(q: Queryable, incidentId: number): Promise<Decision[]> {
    const rows = await q.query("select * from incident_decisions where incident_id = $1 order by id", [incidentId]);
    return rows.map((r) => ({
      id: r.id as number,
      decidedBy: r.decided_by as string,
      decidedByUser: (r.decided_by_user as number | null) ?? null,
      decision: r.decision as string,
      options: JSON.parse(r.options as string) as string[],
      rationale: r.rationale as string,
      at: iso(r.at)!,
    }));
  }
  async addDecision(tx: Queryable, d: { incidentId: number; userId: number | null; by: string; decision: string; options: string[]; rationale: string; exercise: boolean }): Promise<number> {
    const rows = await tx.query<{ id: number }>(
      "insert into incident_decisions (incident_id, decided_by_user, decided_by, decision, options, rationale, exercise) values ($1, $2, $3, $4, $5, $6, $7) returning id",
      [d.incidentId, d.userId, d.by, d.decision, JSON.stringify(d.options), d.rationale, d.exercise],
    );
    return rows[0].id;
  }
  async timeline(q: Queryable, incidentId: number): Promise<TimelineEntry[]> {
    const rows = await q.query("select * from incident_timeline where incident_id = $1 order by at, id", [incidentId]);
    return rows.map((r) => ({ id: Number(r.id), at: iso(r.at)!, kind: r.kind as string, text: r.text as string, actor: r.actor as string }));
  }
  async log(tx: Queryable, e: { incidentId: number; kind: string; text: string; actor: string; exercise: boolean; at?: Date }): Promise<void> {
    await tx.query("insert into incident_timeline (incident_id, kind, text, actor, exercise, at) values ($1, $2, $3, $4, $5, coalesce($6, now()))", [
      e.incidentId,
      e.kind,
      e.text,
      e.actor,
      e.exercise,
      e.at ?? null,
    ]);
  }

  // ---- nonconformities ---------------------------------------------------------------------
  async raiseNonconformity(tx: Queryable, n: { organizationId: number; incidentId: number; title: string; description: string; by: string; exercise: boolean }): Promise<void> {
    await tx.query("insert into nonconformities (organization_id, incident_id, title, description, raised_by, exercise) values ($1, $2, $3, $4, $5, $6)", [
      n.organizationId,
      n.incidentId,
      n.title,
      n.description,
      n.by,
      n.exercise,
    ]);
  }
  async nonconformities(q: Queryable, organizationId: number, incidentId?: number): Promise<Nonconformity[]> {
    const rows = await q.query(
      `select * from nonconformities where organization_id = $1${incidentId ? " and incident_id = $2" : ""} order by id desc`,
      incidentId ? [organizationId, incidentId] : [organizationId],
    );
    return rows.map((r) => ({
      id: r.id as number,
      incidentId: (r.incident_id as number | null) ?? null,
      title: r.title as string,
      description: r.description as string,
      raisedBy: r.raised_by as string,
      raisedAt: iso(r.raised_at)!,
      exercise: r.exercise as boolean,
    }));
  }
}
