/** SQL for people and their sessions. */
import type { UserInfo } from "../core/access.js";
import type { Queryable } from "../storage/database.js";

type UserRow = { id: number; email: string; name: string; is_admin: boolean; password_hash: string; created_at: Date | string; password_reset_by_admin: boolean };

export interface StoredUser extends UserInfo {
  passwordHash: string;
  createdAt: string;
  /** an organization's administrator set the current password (they know it) */
  passwordResetByAdmin: boolean;
}

const userOf = (r: UserRow): StoredUser => ({
  id: r.id,
  email: r.email,
  name: r.name,
  isAdmin: r.is_admin,
  passwordHash: r.password_hash,
  createdAt: new Date(r.created_at).toISOString(),
  passwordResetByAdmin: r.password_reset_by_admin,
});

export interface SessionRecord {
  user: UserInfo;
  csrfToken: string;
  expiresAt: number;
  lastSeenAt: number;
}

export class AccountsRepository {
  async countUsers(q: Queryable): Promise<number> {
    const rows = await q.query<{ n: number }>("select count(*)::int as n from users");
    return rows[0].n;
  }

  async siteAdminIds(q: Queryable): Promise<number[]> {
    const rows = await q.query<{ id: number }>("select id from users where is_admin order by id");
    return rows.map((r) => r.id);
  }

  async userByEmail(q: Queryable, email: string): Promise<StoredUser | undefined> {
    const rows = await q.query<UserRow>("select * from users where email = $1", [email.toLowerCase()]);
    return rows[0] && userOf(rows[0]);
  }

  async userById(q: Queryable, id: number): Promise<StoredUser | undefined> {
    const rows = await q.query<UserRow>("select * from users where id = $1", [id]);
    return rows[0] && userOf(rows[0]);
  }

  async createUser(q: Queryable, u: { email: string; name: string; passwordHash: string; isAdmin: boolean }): Promise<StoredUser> {
    const rows = await q.query<UserRow>("insert into users (email, name, password_hash, is_admin) values ($1, $2, $3, $4) returning *", [
      u.email.toLowerCase(),
      u.name,
      u.passwordHash,
      u.isAdmin,
    ]);
    return userOf(rows[0]);
  }

  /** `byAdmin`: an organization's administrator set it (see invitations: such an account joins no other organization until the person changes it). */
  async setPassword(q: Queryable, userId: number, passwordHash: string, byAdmin = false): Promise<void> {
    await q.query("update users set password_hash = $2, password_changed_at = now(), password_reset_by_admin = $3 where id = $1", [userId, passwordHash, byAdmin]);
  }

  // ---- sessions ---------------------------------------------------------------------------

  async createSession(q: Queryable, s: { idHash: string; userId: number; csrfToken: string; expiresAt: Date; ip?: string; userAgent?: string }): Promise<void> {
    await q.query("insert into sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5, $6)", [
      s.idHash,
      s.userId,
      s.csrfToken,
      s.expiresAt.toISOString(),
      s.ip ?? null,
      (s.userAgent ?? "").slice(0, 300) || null,
    ]);
  }

  async session(q: Queryable, idHash: string): Promise<SessionRecord | undefined> {
    const rows = await q.query<{ csrf_token: string; expires_at: Date | string; last_seen_at: Date | string; id: number; email: string; name: string; is_admin: boolean }>(
      `select s.csrf_token, s.expires_at, s.last_seen_at, u.id, u.email, u.name, u.is_admin
       from sessions s join users u on u.id = s.user_id where s.id_hash = $1 and s.expires_at > now()`,
      [idHash],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      user: { id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin },
      csrfToken: r.csrf_token,
      expiresAt: new Date(r.expires_at).getTime(),
      lastSeenAt: new Date(r.last_seen_at).getTime(),
    };
  }

  /** Slides the session's expiry (called at most every few minutes per session). */
  async touchSession(q: Queryable, idHash: string, expiresAt: Date): Promise<void> {
    await q.query("update sessions set last_seen_at = now(), expires_at = $2 where id_hash = $1", [idHash, expiresAt.toISOString()]);
  }

  async deleteSession(q: Queryable, idHash: string): Promise<void> {
    await q.query("delete from sessions where id_hash = $1", [idHash]);
  }

  /** Ends every session of a user, except `keep` (the one changing its own password). */
  async deleteSessionsOf(q: Queryable, userId: number, keep?: string): Promise<void> {
    await q.query("delete from sessions where user_id = $1 and id_hash <> $2", [userId, keep ?? ""]);
  }

  async deleteExpiredSessions(q: Queryable): Promise<void> {
    await q.query("delete from sessions where expires_at <= now()");
  }

  // ---- settings ---------------------------------------------------------------------------

  async setting(q: Queryable, key: string): Promise<string | undefined> {
    const rows = await q.query<{ value: string }>("select value from settings where key = $1", [key]);
    return rows[0]?.value;
  }

  /** Sets a setting once; false when it was set already (used to make setup happen once). */
  async setSettingOnce(q: Queryable, key: string, value: string): Promise<boolean> {
    const rows = await q.query("insert into settings (key, value) values ($1, $2) on conflict (key) do nothing returning key", [key, value]);
    return rows.length === 1;
  }

  async setSetting(q: Queryable, key: string, value: string): Promise<void> {
    await q.query("insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value", [key, value]);
  }
}
