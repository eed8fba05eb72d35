/** SQL for exercise runs, their log and the recovery evidence they measured. Every query names the organization. */
import type { ExerciseBaselineJSON, ExerciseInput, RecoveryEvidence } from "@continuum/engine";
import type { Queryable } from "../storage/database.js";
import type { EventKind, RunEvent } from "./run-state.js";

export interface ExerciseRun {
  id: number;
  organizationId: number;
  number: number;
  exerciseId: string;
  exercise: ExerciseInput;
  revision: number;
  baseline: ExerciseBaselineJSON;
  speed: number;
  shelfLife: string;
  status: "running" | "finished";
  startedAt: Date;
  startedBy: string;
  finishedAt: Date | null;
  finishedBy: string | null;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));

const runOf = (r: Row): ExerciseRun => ({
  id: Number(r.id),
  organizationId: Number(r.organization_id),
  number: Number(r.number),
  exerciseId: String(r.exercise_id),
  exercise: JSON.parse(String(r.exercise_document)) as ExerciseInput,
  revision: Number(r.revision),
  baseline: JSON.parse(String(r.baseline)) as ExerciseBaselineJSON,
  speed: Number(r.speed),
  shelfLife: String(r.shelf_life),
  status: r.status as ExerciseRun["status"],
  startedAt: date(r.started_at),
  startedBy: String(r.started_by),
  finishedAt: dateOrNull(r.finished_at),
  finishedBy: (r.finished_by as string | null) ?? null,
});

const eventOf = (r: Row): RunEvent => ({
  id: Number(r.id),
  kind: r.kind as EventKind,
  ref: (r.ref as string | null) ?? null,
  minute: Number(r.minute),
  data: JSON.parse(String(r.data)) as Record<string, unknown>,
  actor: String(r.actor),
  at: date(r.at).toISOString(),
});

export class ExerciseRunsRepository {
  async create(
    tx: Queryable,
    r: { organizationId: number; exercise: ExerciseInput; revision: number; baseline: ExerciseBaselineJSON; speed: number; shelfLife: string; by: string; userId: number | null },
  ): Promise<ExerciseRun> {
    await tx.query("select id from organizations where id = $1 for update", [r.organizationId]); // numbers are given in turn
    const rows = await tx.query(
      `insert into exercise_runs (organization_id, number, exercise_id, exercise_document, revision, baseline, speed, shelf_life, started_by, started_by_user)
       values ($1, (select coalesce(max(number), 0) + 1 from exercise_runs where organization_id = $1), $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [r.organizationId, r.exercise.id, JSON.stringify(r.exercise), r.revision, JSON.stringify(r.baseline), r.speed, r.shelfLife, r.by, r.userId],
    );
    return runOf(rows[0]);
  }

  async byNumber(q: Queryable, organizationId: number, number: number, forUpdate = false): Promise<ExerciseRun | undefined> {
    const rows = await q.query(`select * from exercise_runs where organization_id = $1 and number = $2${forUpdate ? " for update" : ""}`, [organizationId, number]);
    return rows[0] && runOf(rows[0]);
  }

  async list(q: Queryable, organizationId: number, limit: number): Promise<{ runs: ExerciseRun[]; total: number }> {
    const [rows, count] = await Promise.all([
      q.query("select * from exercise_runs where organization_id = $1 order by number desc limit $2", [organizationId, limit]),
      q.query<{ n: number }>("select count(*)::int as n from exercise_runs where organization_id = $1", [organizationId]),
    ]);
    return { runs: rows.map(runOf), total: Number(count[0].n) };
  }

  async record(tx: Queryable, run: ExerciseRun, e: { kind: EventKind; ref: string | null; minute: number; data?: Record<string, unknown>; actor: string; userId: number | null }): Promise<void> {
    await tx.query("insert into exercise_events (organization_id, run_id, kind, ref, minute, data, actor, actor_user) values ($1, $2, $3, $4, $5, $6, $7, $8)", [
      run.organizationId,
      run.id,
      e.kind,
      e.ref,
      e.minute,
      JSON.stringify(e.data ?? {}),
      e.actor,
      e.userId,
    ]);
  }

  async events(q: Queryable, run: ExerciseRun): Promise<RunEvent[]> {
    const rows = await q.query("select * from exercise_events where organization_id = $1 and run_id = $2 order by id", [run.organizationId, run.id]);
    return rows.map(eventOf);
  }

  async finish(tx: Queryable, run: ExerciseRun, by: string, at: Date, evidence: Array<{ service: string; minutes: number | null }>): Promise<void> {
    await tx.query("update exercise_runs set status = 'finished', finished_at = $3, finished_by = $4 where organization_id = $1 and id = $2", [run.organizationId, run.id, at, by]);
    for (const e of evidence) {
      await tx.query("insert into recovery_evidence (organization_id, run_id, service, minutes, measured_on, shelf_life) values ($1, $2, $3, $4, $5, $6)", [
        run.organizationId,
        run.id,
        e.service,
        e.minutes,
        at.toISOString().slice(0, 10),
        run.shelfLife,
      ]);
    }
  }

  async evidence(q: Queryable, organizationId: number): Promise<RecoveryEvidence[]> {
    const rows = await q.query(
      `select e.service, e.minutes, to_char(e.measured_on, 'YYYY-MM-DD') as measured_on, e.shelf_life, r.number
       from recovery_evidence e join exercise_runs r on r.id = e.run_id
       where e.organization_id = $1 and r.organization_id = $1`,
      [organizationId],
    );
    return rows.map((r) => ({
      service: String(r.service),
      minutes: r.minutes === null ? null : Number(r.minutes),
      measuredOn: String(r.measured_on),
      shelfLife: String(r.shelf_life),
      source: `run #${Number(r.number)}`,
      seq: Number(r.number),
    }));
  }
}
