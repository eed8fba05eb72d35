/**
 * A small job queue in the database (heartbeat misses, re-projection after new signals).
 *
 * Why not pg-boss or graphile-worker: graphile-worker takes a node-postgres pool and LISTEN/NOTIFY,
 * which PGlite (the default embedded database, one connection in this process) does not offer;
 * pg-boss runs on PGlite only through a hand-written adapter that inlines parameters into SQL text
 * (pg-boss issue #563). Both also bring their own schema and maintenance loops. One table and
 * `FOR UPDATE SKIP LOCKED` run unchanged on both databases and are all this needs: on PostgreSQL
 * several servers claim different jobs and never the same one; a claim expires, so a job whose
 * server died runs again.
 *
 * A job may have a key: at most one pending job per key. Enqueuing again under a key that is
 * being run changes its nonce, so the runner leaves it for another turn: nothing enqueued while
 * a job ran is missed.
 */
import { randomUUID } from "node:crypto";
import type { Database, Queryable } from "../storage/database.js";

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

const CLAIM_SECONDS = 60;
const BATCH = 10;

export class JobQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;

  constructor(
    private readonly db: Database,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: { pollMs?: number; log?: (e: unknown, kind: string) => void } = {},
  ) {}

  /** Adds a job (in the caller's transaction, so it commits with what caused it). */
  static async enqueue(q: Queryable, job: { kind: string; key?: string; payload?: Record<string, unknown>; runAt?: Date; replaceRunAt?: boolean }): Promise<void> {
    const payload = JSON.stringify({ ...job.payload, nonce: randomUUID() });
    const runAt = job.runAt ?? new Date();
    if (!job.key) {
      await q.query("insert into jobs (kind, payload, run_at) values ($1, $2, $3)", [job.kind, payload, runAt]);
      return;
    }
    await q.query(
      `insert into jobs (kind, key, payload, run_at) values ($1, $2, $3, $4)
       on conflict (key) do update set payload = excluded.payload, run_at = ${job.replaceRunAt ? "excluded.run_at" : "least(jobs.run_at, excluded.run_at)"}`,
      [job.kind, job.key, payload, runAt],
    );
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Look for due jobs now (after an enqueue in this process). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs every due job once (tests and the bench call this to settle). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runDue();
      total += n;
      if (n === 0) return total;
    }
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const next = this.again ? 0 : (this.options.pollMs ?? 500);
        this.again = false;
        this.schedule(next);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      while (!this.stopped && (await this.runDue()) > 0);
    } catch (e) {
      this.options.log?.(e, "queue");
    }
  }

  private async runDue(): Promise<number> {
    const claimed = await this.db.query<{ id: string; kind: string; payload: string; attempts: number }>(
      `update jobs set locked_until = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = attempts + 1
        where id in (select id from jobs where run_at <= now() and (locked_until is null or locked_until < now())
                      order by run_at limit ${BATCH} for update skip locked)
        returning id, kind, payload, attempts`,
    );
    for (const job of claimed) {
      const handler = this.handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
        await handler(JSON.parse(job.payload) as Record<string, unknown>);
        // done, unless it was enqueued again while it ran (its nonce changed): then it runs again
        const gone = await this.db.query("delete from jobs where id = $1 and payload = $2 returning id", [job.id, job.payload]);
        if (!gone.length) await this.db.query("update jobs set locked_until = null where id = $1", [job.id]);
      } catch (e) {
        this.options.log?.(e, job.kind);
        const backoff = Math.min(300, 2 ** Math.min(job.attempts, 8));
        await this.db
          .query("update jobs set locked_until = null, run_at = now() + make_interval(secs => $2), last_error = $3 where id = $1", [job.id, backoff, String((e as Error)?.message ?? e).slice(0, 500)])
          .catch(() => undefined);
      }
    }
    return claimed.length;
  }
}
