/** SQL for checks: each run's result (history) and each check's streak. Every query names its organization. */
import type { ConditionOutcome } from "@continuum/engine";
import type { Queryable } from "../storage/database.js";

export interface CheckResult {
  id: number;
  checkId: string;
  component: string;
  revision: number | null;
  startedAt: string;
  success: boolean;
  responseTimeMs: number;
  statusCode: number | null;
  error: string | null;
  conditions: ConditionOutcome[];
}

export interface CheckState {
  checkId: string;
  state: "pending" | "up" | "down";
  failures: number;
  successes: number;
  streakStartedAt: string | null;
  lastRunAt: string | null;
}

/** How many results are kept per check (about a day at one a minute); older ones are dropped as new ones come. */
export const RESULTS_KEPT = 2000;

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const resultOf = (r: Row): CheckResult => ({
  id: Number(r.id),
  checkId: r.check_id as string,
  component: r.component as string,
  revision: (r.revision as number | null) ?? null,
  startedAt: iso(r.started_at)!,
  success: r.success as boolean,
  responseTimeMs: r.response_time_ms as number,
  statusCode: (r.status_code as number | null) ?? null,
  error: (r.error as string | null) ?? null,
  conditions: JSON.parse(r.conditions as string) as ConditionOutcome[],
});
const stateOf = (r: Row): CheckState => ({
  checkId: r.check_id as string,
  state: r.state as CheckState["state"],
  failures: r.failures as number,
  successes: r.successes as number,
  streakStartedAt: iso(r.streak_started_at),
  lastRunAt: iso(r.last_run_at),
});

export class ChecksRepository {
  /** The header of the organization's current model revision (where the `checks` section is kept). */
  async currentHeader(q: Queryable, organizationId: number): Promise<{ revision: number; header: Record<string, unknown> } | undefined> {
    const rows = await q.query<{ number: number; header: string }>(
      "select r.number, r.header from organizations o join revisions r on r.organization_id = o.id and r.number = o.current_revision where o.id = $1",
      [organizationId],
    );
    return rows[0] && { revision: rows[0].number, header: JSON.parse(rows[0].header) as Record<string, unknown> };
  }

  async addResult(tx: Queryable, organizationId: number, r: Omit<CheckResult, "id">): Promise<void> {
    await tx.query(
      `insert into check_results (organization_id, check_id, component, revision, started_at, success, response_time_ms, status_code, error, conditions)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [organizationId, r.checkId, r.component, r.revision, r.startedAt, r.success, Math.round(r.responseTimeMs), r.statusCode, r.error, JSON.stringify(r.conditions)],
    );
    await tx.query(
      `delete from check_results where organization_id = $1 and check_id = $2
         and id <= (select id from check_results where organization_id = $1 and check_id = $2 order by id desc offset $3 limit 1)`,
      [organizationId, r.checkId, RESULTS_KEPT],
    );
  }

  /**
   * Counts one run into the check's streak (locked: runs of one check on several servers take
   * turns) and answers the streak as it now is, with the state it had before.
   */
  async countRun(tx: Queryable, organizationId: number, checkId: string, success: boolean, at: string): Promise<{ before: CheckState["state"]; now: CheckState }> {
    await tx.query("insert into check_states (organization_id, check_id) values ($1, $2) on conflict do nothing", [organizationId, checkId]);
    const rows = await tx.query("select * from check_states where organization_id = $1 and check_id = $2 for update", [organizationId, checkId]);
    const before = stateOf(rows[0]);
    const continues = success ? before.successes > 0 : before.failures > 0;
    const updated = await tx.query(
      `update check_states set failures = $3, successes = $4, streak_started_at = $5, last_run_at = $6
         where organization_id = $1 and check_id = $2 returning *`,
      [organizationId, checkId, success ? 0 : before.failures + 1, success ? before.successes + 1 : 0, continues ? before.streakStartedAt : at, at],
    );
    return { before: before.state, now: stateOf(updated[0]) };
  }

  async setState(tx: Queryable, organizationId: number, checkId: string, state: CheckState["state"]): Promise<void> {
    await tx.query("update check_states set state = $3 where organization_id = $1 and check_id = $2", [organizationId, checkId, state]);
  }

  async states(q: Queryable, organizationId: number): Promise<Map<string, CheckState>> {
    const rows = await q.query("select * from check_states where organization_id = $1", [organizationId]);
    return new Map(rows.map((r) => [r.check_id as string, stateOf(r)]));
  }

  /** Per check: runs and successes since `since`, for uptime. */
  async uptime(q: Queryable, organizationId: number, since: Date): Promise<Map<string, { runs: number; successes: number }>> {
    const rows = await q.query<{ check_id: string; runs: number; ok: number }>(
      "select check_id, count(*)::int as runs, count(*) filter (where success)::int as ok from check_results where organization_id = $1 and started_at >= $2 group by check_id",
      [organizationId, since],
    );
    return new Map(rows.map((r) => [r.check_id, { runs: r.runs, successes: r.ok }]));
  }

  /** The latest results of each check, newest first (`per` of each). */
  async latest(q: Queryable, organizationId: number, per: number): Promise<Map<string, CheckResult[]>> {
    const rows = await q.query(
      `select * from (select r.*, row_number() over (partition by check_id order by id desc) as n from check_results r where organization_id = $1) x
         where n <= $2 order by check_id, id desc`,
      [organizationId, per],
    );
    const out = new Map<string, CheckResult[]>();
    for (const r of rows) {
      const list = out.get(r.check_id as string) ?? [];
      list.push(resultOf(r));
      out.set(r.check_id as string, list);
    }
    return out;
  }

  async results(q: Queryable, organizationId: number, checkId: string, options: { limit: number; before?: number }): Promise<CheckResult[]> {
    const params: unknown[] = [organizationId, checkId, options.limit];
    let more = "";
    if (options.before) {
      params.push(options.before);
      more = " and id < $4";
    }
    return (await q.query(`select * from check_results where organization_id = $1 and check_id = $2${more} order by id desc limit $3`, params)).map(resultOf);
  }

  async countResults(q: Queryable, organizationId: number, checkId: string): Promise<number> {
    const rows = await q.query<{ n: number }>("select count(*)::int as n from check_results where organization_id = $1 and check_id = $2", [organizationId, checkId]);
    return rows[0].n;
  }
}
