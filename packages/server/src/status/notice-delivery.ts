/**
 * How status notices leave. `StatusDesk` (status-desk.ts) hands every notice to a `DeliverNotice`
 * function in the transaction that made it. The default, `recordNotice`, keeps each notice as a
 * row of `status_notices` and, in the same transaction:
 * - e-mail notices go into the communication outbox (communication/outbox.ts), the one path for
 *   mail with retries, backoff and delivery state per recipient; the notice row says `queued`;
 * - webhook notices get a `status-webhook` job in the SQL job queue, which POSTs the JSON with
 *   retries and backoff (`postWebhookNotice`), so a receiver that is down gets it later.
 */
import { Outbox } from "../communication/outbox.js";
import { JobQueue } from "../incidents/job-queue.js";
import type { Database, Queryable } from "../storage/database.js";
import type { Notice } from "./status-notices.js";

export type DeliverNotice = (q: Queryable, organizationId: number, notice: Notice, updateId: number | null) => Promise<void>;

export const STATUS_WEBHOOK_JOB = "status-webhook";
/** after this many failed POSTs a webhook notice is marked failed and no longer tried */
export const WEBHOOK_ATTEMPTS = 8;
const WEBHOOK_TIMEOUT_MS = 10_000;

export const recordNotice: DeliverNotice = async (q, organizationId, notice, updateId) => {
  const rows = await q.query<{ id: string }>(
    `insert into status_notices (organization_id, subscription_id, update_id, kind, channel, address, subject, body, exercise)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (subscription_id, update_id) do nothing returning id`,
    [organizationId, notice.subscriptionId, updateId, notice.kind, notice.channel, notice.address, notice.subject, notice.body, notice.exercise],
  );
  if (!rows.length) return;
  const id = rows[0].id;
  if (notice.channel === "webhook") await JobQueue.enqueue(q, { kind: STATUS_WEBHOOK_JOB, payload: { noticeId: String(id) } });
  else {
    await Outbox.enqueue(q, [
      { organizationId, messageKey: `status-notice:${id}`, recipient: `status-subscription:${notice.subscriptionId}`, channel: "email", address: notice.address, subject: notice.subject, body: notice.body, exercise: notice.exercise, createdBy: "status page" },
    ]);
    await q.query("update status_notices set state = 'queued' where id = $1", [id]);
  }
};

/** The `status-webhook` job: POST the notice; a failure throws, so the queue tries again with backoff. */
export async function postWebhookNotice(db: Database, noticeId: number): Promise<void> {
  const rows = await db.query<{ address: string; body: string; attempts: number; exercise: boolean }>("select address, body, attempts, exercise from status_notices where id = $1 and state = 'pending' and channel = 'webhook'", [noticeId]);
  const notice = rows[0];
  if (!notice) return;
  const attempts = notice.attempts + 1;
  try {
    const response = await fetch(notice.address, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Continuum status page", ...(notice.exercise ? { "x-continuum-exercise": "true" } : {}) },
      body: notice.body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
    await db.query("update status_notices set state = 'sent', sent_at = now(), attempts = $2, last_error = null where id = $1", [noticeId, attempts]);
  } catch (e) {
    const error = String((e as Error)?.message ?? e).slice(0, 500);
    const gaveUp = attempts >= WEBHOOK_ATTEMPTS;
    await db.query("update status_notices set attempts = $2, last_error = $3, state = $4 where id = $1", [noticeId, attempts, error, gaveUp ? "failed" : "pending"]);
    if (!gaveUp) throw e;
  }
}
