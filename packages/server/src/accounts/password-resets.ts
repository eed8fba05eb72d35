/**
 * SQL of self-service password resets: single-use links (a hash of the token is stored) that
 * expire, and the requests for them, counted for the rate limits.
 */
import type { Queryable } from "../storage/database.js";

export const RESET_LIMITS = {
  /** how long a link works */
  validMinutes: 60,
  /** links mailed to one e-mail per window; past it requests are answered the same, and nothing is sent */
  perEmail: 3,
  /** requests from one address per window (any e-mails); past it 429 */
  perAddress: 20,
  windowMinutes: 60,
};

export class PasswordResets {
  /** Records a request; how many came from the address and for the e-mail within the window, this one included. */
  async recordRequest(q: Queryable, address: string, emailHash: string): Promise<{ fromAddress: number; forEmail: number; retryAfter: number }> {
    await q.query("delete from password_reset_requests where at < now() - $1 * interval '1 minute'", [RESET_LIMITS.windowMinutes]);
    await q.query("insert into password_reset_requests (address, email_hash) values ($1, $2)", [address, emailHash]);
    const rows = await q.query<{ from_address: number; for_email: number; wait: number }>(
      `select count(*) filter (where address = $1)::int as from_address,
              count(*) filter (where email_hash = $2)::int as for_email,
              coalesce(ceil(extract(epoch from (min(at) filter (where address = $1) + $3 * interval '1 minute' - now())))::int, 1) as wait
         from password_reset_requests where address = $1 or email_hash = $2`,
      [address, emailHash, RESET_LIMITS.windowMinutes],
    );
    return { fromAddress: rows[0].from_address, forEmail: rows[0].for_email, retryAfter: Math.max(1, rows[0].wait) };
  }

  /** A new link for the user; their older unused links stop working. */
  async create(q: Queryable, userId: number, tokenHash: string, ip: string): Promise<string> {
    await q.query("update password_resets set used_at = now() where user_id = $1 and used_at is null", [userId]);
    const rows = await q.query<{ expires_at: Date | string }>(
      "insert into password_resets (user_id, token_hash, expires_at, ip) values ($1, $2, now() + $3 * interval '1 minute', $4) returning expires_at",
      [userId, tokenHash, RESET_LIMITS.validMinutes, ip],
    );
    return new Date(rows[0].expires_at).toISOString();
  }

  /** Uses a link: the user it was for, or undefined when it is unknown, used or expired. Once only. */
  async use(q: Queryable, tokenHash: string): Promise<number | undefined> {
    const rows = await q.query<{ user_id: number }>(
      "update password_resets set used_at = now() where token_hash = $1 and used_at is null and expires_at > now() returning user_id",
      [tokenHash],
    );
    return rows[0]?.user_id;
  }
}
