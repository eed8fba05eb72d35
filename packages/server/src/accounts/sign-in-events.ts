/**
 * Sign-ins and failed sign-ins of known accounts, recorded in the audit trail once per
 * organization the account belongs to, so that each organization's admins and auditors see the
 * sign-ins of their members. A failure for an unknown e-mail belongs to no organization: it goes
 * to the server's log only (see auth-routes.ts).
 */
import type { Queryable } from "../storage/database.js";

export const SIGN_IN_ACTIONS = { success: "login", failure: "login.failed" } as const;
export type SignInOutcome = keyof typeof SIGN_IN_ACTIONS;

export interface SignInEvent {
  id: number;
  at: string;
  user: { id: string; email: string; name: string } | null;
  outcome: SignInOutcome;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
}

type Row = { id: number; at: Date | string; actor: string; user_id: number | null; name: string | null; action: string; detail: string; ip: string | null };

export class SignInEvents {
  /** One audit row per organization of the account (one row without organization when it has none). */
  async record(q: Queryable, e: { userId: number; email: string; outcome: SignInOutcome; ip: string; userAgent?: string; reason?: string }): Promise<void> {
    const detail = JSON.stringify({ ...(e.userAgent ? { userAgent: e.userAgent.slice(0, 200) } : {}), ...(e.reason ? { reason: e.reason } : {}) });
    const action = SIGN_IN_ACTIONS[e.outcome];
    const rows = await q.query(
      `insert into audit_events (organization_id, user_id, actor, action, detail, ip)
       select m.organization_id, $1, $2, $3, $4, $5 from memberships m where m.user_id = $1 returning id`,
      [e.userId, e.email, action, detail, e.ip],
    );
    if (rows.length === 0) {
      await q.query("insert into audit_events (organization_id, user_id, actor, action, detail, ip) values (null, $1, $2, $3, $4, $5)", [e.userId, e.email, action, detail, e.ip]);
    }
  }

  async count(q: Queryable, organizationId: number, outcome?: SignInOutcome): Promise<number> {
    const actions = outcome ? [SIGN_IN_ACTIONS[outcome]] : Object.values(SIGN_IN_ACTIONS);
    const rows = await q.query<{ n: number }>("select count(*)::int as n from audit_events where organization_id = $1 and action = any($2::text[])", [organizationId, actions]);
    return rows[0].n;
  }

  /** Newest first; `before` is the id of the last event of the previous page. */
  async list(q: Queryable, organizationId: number, options: { before?: number; limit: number; outcome?: SignInOutcome }): Promise<SignInEvent[]> {
    const actions = options.outcome ? [SIGN_IN_ACTIONS[options.outcome]] : Object.values(SIGN_IN_ACTIONS);
    const rows = await q.query<Row>(
      `select a.id, a.at, a.actor, a.user_id, u.name, a.action, a.detail, a.ip
         from audit_events a
         -- the name only while the person is still a member (a former member's later name is not this organization's to see)
         left join memberships m on m.organization_id = a.organization_id and m.user_id = a.user_id
         left join users u on u.id = m.user_id
        where a.organization_id = $1 and a.action = any($2::text[]) and ($3::int is null or a.id < $3)
        order by a.id desc limit $4`,
      [organizationId, actions, options.before ?? null, options.limit],
    );
    return rows.map((r) => {
      const detail = JSON.parse(r.detail) as { userAgent?: string; reason?: string };
      return {
        id: r.id,
        at: new Date(r.at).toISOString(),
        user: r.user_id === null ? null : { id: String(r.user_id), email: r.actor, name: r.name ?? "" },
        outcome: r.action === SIGN_IN_ACTIONS.success ? "success" : "failure",
        ip: r.ip,
        userAgent: detail.userAgent ?? null,
        reason: detail.reason ?? null,
      };
    });
  }
}
