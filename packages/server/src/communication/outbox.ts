/**
 * The outbox: every message goes into the database first (one row per recipient per channel) and
 * is delivered by a job, so nothing is lost while a channel or the server is down.
 *
 * - Idempotent: the row's key is (message, recipient, channel); enqueuing the same message again
 *   (a retry, a re-run job after a crash, a double click) finds the row and adds nothing. The
 *   row's id is the message id every channel carries (e-mail Message-ID, webhook Idempotency-Key),
 *   so a receiver can also drop a repeat of a send whose success was never recorded.
 * - Retries with exponential backoff (base × 2^(attempt−1), capped); after the last attempt the
 *   row fails and the message is queued on its second channel, when it has one.
 * - Delivered by the `outbox` job of the job queue (one pending per server set, rows claimed with
 *   FOR UPDATE SKIP LOCKED, a claim expiring after 60 s), which reschedules itself for the next
 *   retry due.
 */
import { JobQueue } from "../incidents/job-queue.js";
import type { Database, Queryable } from "../storage/database.js";
import type { Channel, ChannelDelivery } from "./channels.js";

export interface OutboxMessage {
  organizationId: number;
  incidentId?: number | null;
  /** what message this is: the same key for the same message to many recipients */
  messageKey: string;
  recipient: string;
  channel: Channel;
  address: string;
  language?: "ko" | "en";
  subject: string;
  body: string;
  exercise: boolean;
  /** the second channel, tried when this one has failed for good */
  fallback?: { channel: Channel; address: string } | null;
  createdBy: string;
}

export interface OutboxOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  batch: number;
  concurrency: number;
}

export const OUTBOX_DEFAULTS: OutboxOptions = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 6, batch: 200, concurrency: 16 };
export const OUTBOX_JOB = "outbox";

interface OutboxRow {
  id: string;
  organization_id: number;
  incident_id: number | null;
  message_key: string;
  recipient: string;
  channel: Channel;
  address: string;
  language: "ko" | "en";
  subject: string;
  body: string;
  exercise: boolean;
  attempts: number;
  fallback: string | null;
  created_by: string;
}

/** The wait before retry number `attempt` (1 = the first retry). */
export function backoffMs(attempt: number, o: Pick<OutboxOptions, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export class Outbox {
  readonly options: OutboxOptions;

  constructor(
    private readonly db: Database,
    private readonly delivery: ChannelDelivery,
    options: Partial<OutboxOptions> = {},
    /** told which incidents' messages changed state (their rooms look again) */
    private readonly changed: (incidentIds: number[]) => void = () => undefined,
  ) {
    this.options = { ...OUTBOX_DEFAULTS, ...options };
  }

  /**
   * Queues messages in the caller's transaction (so they commit with what caused them) and the
   * job that delivers them. Returns how many were new (a repeat of a queued message is not).
   * The status page and every other sender hand their messages over here.
   */
  static async enqueue(q: Queryable, messages: readonly OutboxMessage[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < messages.length; i += 500) {
      const chunk = messages.slice(i, i + 500);
      const params: unknown[] = [];
      const values = chunk.map((m) => {
        params.push(m.organizationId, m.incidentId ?? null, m.messageKey, m.recipient, m.channel, m.address, m.language ?? "ko", m.subject, m.body, m.exercise, m.fallback ? JSON.stringify(m.fallback) : null, m.createdBy);
        const b = params.length - 12;
        return `(${Array.from({ length: 12 }, (_, k) => `$${b + k + 1}`).join(", ")})`;
      });
      const rows = await q.query(
        `insert into outbox (organization_id, incident_id, message_key, recipient, channel, address, language, subject, body, exercise, fallback, created_by)
         values ${values.join(", ")} on conflict (organization_id, message_key, recipient, channel) do nothing returning id`,
        params,
      );
      added += rows.length;
    }
    if (added) await JobQueue.enqueue(q, { kind: OUTBOX_JOB, key: OUTBOX_JOB });
    return added;
  }

  /** The job: delivers every due message, then schedules itself for the next retry due. */
  async flush(): Promise<void> {
    for (;;) {
      const rows = await this.db.query<OutboxRow>(
        `update outbox set locked_until = now() + interval '60 seconds'
          where id in (select id from outbox where state = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
                        order by next_attempt_at, id limit ${this.options.batch} for update skip locked)
          returning id, organization_id, incident_id, message_key, recipient, channel, address, language, subject, body, exercise, attempts, fallback, created_by`,
      );
      if (!rows.length) break;
      const sent: string[] = [];
      const failed: Array<{ row: OutboxRow; error: string }> = [];
      let next = 0;
      const worker = async () => {
        while (next < rows.length) {
          const row = rows[next++];
          try {
            await this.delivery.deliver({ id: `m${row.id}`, channel: row.channel, address: row.address, subject: row.subject, body: row.body, exercise: row.exercise });
            sent.push(row.id);
          } catch (e) {
            failed.push({ row, error: String((e as Error)?.message ?? e).slice(0, 500) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker));
      if (sent.length) await this.db.query("update outbox set state = 'sent', sent_at = now(), attempts = attempts + 1, locked_until = null, last_error = null where id = any($1::bigint[])", [sent]);
      for (const f of failed) await this.failed(f.row, f.error);
      const incidents = [...new Set(rows.map((r) => r.incident_id).filter((i): i is number => i !== null))];
      if (incidents.length) this.changed(incidents);
    }
    const due = await this.db.query<{ at: Date | string | null }>("select min(next_attempt_at) as at from outbox where state = 'pending'");
    if (due[0]?.at) await JobQueue.enqueue(this.db, { kind: OUTBOX_JOB, key: OUTBOX_JOB, runAt: new Date(due[0].at), replaceRunAt: true });
  }

  private async failed(row: OutboxRow, error: string): Promise<void> {
    const attempts = row.attempts + 1;
    await this.db.transaction(async (tx) => {
      if (attempts < this.options.maxAttempts) {
        await tx.query("update outbox set attempts = $2, locked_until = null, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) where id = $1", [row.id, attempts, error, backoffMs(attempts, this.options) / 1000]);
        return;
      }
      await tx.query("update outbox set state = 'failed', attempts = $2, locked_until = null, last_error = $3 where id = $1", [row.id, attempts, error]);
      const fallback = row.fallback ? (JSON.parse(row.fallback) as { channel: Channel; address: string }) : null;
      if (fallback) {
        await Outbox.enqueue(tx, [{ organizationId: row.organization_id, incidentId: row.incident_id, messageKey: row.message_key, recipient: row.recipient, channel: fallback.channel, address: fallback.address, language: row.language, subject: row.subject, body: row.body, exercise: row.exercise, createdBy: row.created_by }]);
      }
    });
  }
}
