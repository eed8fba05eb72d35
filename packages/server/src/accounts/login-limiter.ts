/**
 * Sign-in limits, kept in the database so that every process serving one database shares them.
 *
 * - Per account (the e-mail, from any address): `max` failures within the window, then 429 for
 *   that e-mail until the oldest failure leaves the window. This is what stops guessing one
 *   account's password, wherever the guesses come from.
 * - Per address: `max × ADDRESS_FACTOR` failures (any e-mails) within the window throttle the
 *   address: from then on only accounts that signed in successfully from that address before
 *   (within KNOWN_ADDRESS_DAYS) may still try; anyone else gets 429 without a password check.
 *   So invented e-mails sprayed from an office's one NAT address do not lock its people out,
 *   and spraying many accounts from one address stops.
 *
 * An attempt is reserved (a row written) before the password is checked and the rows counted
 * after, so parallel attempts in several processes cannot pass the limit together. A refused or
 * successful attempt removes its reservation; a failed one stays as the failure.
 */
import type { Database, Queryable } from "../storage/database.js";

export interface LoginLimits {
  /** failed sign-ins allowed per account (e-mail) within the window */
  max: number;
  windowSeconds: number;
}

/** an address may fail this many times as often as one account before it is throttled */
export const ADDRESS_FACTOR = 20;
/** how long a successful sign-in makes an address "known" for the account */
export const KNOWN_ADDRESS_DAYS = 90;
const PRUNE_EVERY_MS = 60_000;

export type Attempt = { ok: true; ids: number[] } | { ok: false; retryAfter: number; reason: "account" | "address" };

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `address:${ip}`;

export class LoginLimiter {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    readonly limits: LoginLimits,
  ) {}

  get addressMax(): number {
    return this.limits.max * ADDRESS_FACTOR;
  }

  /** Reserves a sign-in attempt, or says how many seconds to wait. */
  async begin(ip: string, email: string): Promise<Attempt> {
    await this.prune();
    const keys = [accountKey(email), addressKey(ip)];
    // One account's attempts take their turn (a transaction-scoped advisory lock on the account):
    // each sees every attempt reserved before it, so parallel guesses in several processes neither
    // pass the limit together nor refuse each other all at once (which would record no failure).
    return this.db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext($1))", [keys[0]]);
      const inserted = await tx.query<{ id: number }>("insert into login_failures (key) values ($1), ($2) returning id", keys);
      const ids = inserted.map((r) => r.id);
      const counts = await tx.query<{ key: string; n: number; wait: number }>(
        `select key, count(*)::int as n,
                ceil(extract(epoch from (min(at) + $2 * interval '1 second' - now())))::int as wait
           from login_failures where key in ($1, $3) and at > now() - $2 * interval '1 second' group by key`,
        [keys[0], this.limits.windowSeconds, keys[1]],
      );
      const of = (key: string) => counts.find((c) => c.key === key);
      const account = of(keys[0]);
      const address = of(keys[1]);
      let refused: Attempt | undefined;
      if (account && account.n > this.limits.max) refused = { ok: false, retryAfter: Math.max(1, account.wait), reason: "account" };
      else if (address && address.n > this.addressMax && !(await this.knownAddress(email, ip, tx))) {
        refused = { ok: false, retryAfter: Math.max(1, address.wait), reason: "address" };
      }
      if (refused) {
        await tx.query("delete from login_failures where id = any($1::int[])", [ids]);
        return refused;
      }
      return { ok: true, ids } as Attempt;
    });
  }

  /** The attempt succeeded: its reservation goes, the account's failures are forgotten, the address becomes known. */
  async succeeded(attempt: Attempt, email: string, userId: number, ip: string): Promise<void> {
    if (attempt.ok) await this.release(attempt.ids);
    await this.db.query("delete from login_failures where key = $1", [accountKey(email)]);
    await this.db.query(
      `insert into sign_in_addresses (user_id, address) values ($1, $2)
       on conflict (user_id, address) do update set last_at = now()`,
      [userId, ip],
    );
  }

  /** The account's failures are forgotten: its password was just reset by the person. */
  async forget(email: string, q: Queryable = this.db): Promise<void> {
    await q.query("delete from login_failures where key = $1", [accountKey(email)]);
  }

  /** The attempt failed: its reservation stays, as the failure it is (nothing to do; named for the reader). */
  async failed(_attempt: Attempt): Promise<void> {}

  private async release(ids: number[]): Promise<void> {
    if (ids.length) await this.db.query("delete from login_failures where id = any($1::int[])", [ids]);
  }

  private async knownAddress(email: string, ip: string, db: Queryable = this.db): Promise<boolean> {
    const rows = await db.query(
      `select 1 from sign_in_addresses s join users u on u.id = s.user_id
        where u.email = $1 and s.address = $2 and s.last_at > now() - $3 * interval '1 day'`,
      [email.trim().toLowerCase(), ip, KNOWN_ADDRESS_DAYS],
    );
    return rows.length > 0;
  }

  /** Old failures and old known addresses go; at most once a minute per process. */
  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.db.query("delete from login_failures where at < now() - $1 * interval '1 second'", [this.limits.windowSeconds]);
    await this.db.query("delete from sign_in_addresses where last_at < now() - $1 * interval '1 day'", [KNOWN_ADDRESS_DAYS]);
  }
}
