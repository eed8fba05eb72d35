/** SQL for invitations: only a hash of each token is stored; the token itself travels in the accept link. */
import type { Role } from "../core/access.js";
import type { Queryable } from "../storage/database.js";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface Invitation {
  id: number;
  organizationId: number;
  email: string;
  role: Role;
  invitedBy: { id: number; name: string } | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  status: InvitationStatus;
}

type Row = {
  id: number;
  organization_id: number;
  email: string;
  role: Role;
  invited_by: number | null;
  invited_by_name: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  accepted_at: Date | string | null;
  revoked_at: Date | string | null;
  expired: boolean;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const invitationOf = (r: Row): Invitation => ({
  id: r.id,
  organizationId: r.organization_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by === null ? null : { id: r.invited_by, name: r.invited_by_name ?? "" },
  createdAt: iso(r.created_at)!,
  expiresAt: iso(r.expires_at)!,
  acceptedAt: iso(r.accepted_at),
  revokedAt: iso(r.revoked_at),
  status: r.accepted_at !== null ? "accepted" : r.revoked_at !== null ? "revoked" : r.expired ? "expired" : "pending",
});

const SELECT = `select i.id, i.organization_id, i.email, i.role, i.invited_by, u.name as invited_by_name, i.created_at, i.expires_at,
  i.accepted_at, i.revoked_at, i.expires_at <= now() as expired
  from invitations i left join users u on u.id = i.invited_by`;
const PENDING = "i.accepted_at is null and i.revoked_at is null and i.expires_at > now()";

export class InvitationsRepository {
  /** A new pending invitation; an earlier pending one for the same e-mail is revoked (its link stops working). */
  async create(q: Queryable, i: { organizationId: number; email: string; role: Role; tokenHash: string; invitedBy: number; validDays: number }): Promise<Invitation> {
    await q.query(`update invitations i set revoked_at = now() where i.organization_id = $1 and i.email = $2 and ${PENDING}`, [i.organizationId, i.email]);
    const rows = await q.query<{ id: number }>(
      "insert into invitations (organization_id, email, role, token_hash, invited_by, expires_at) values ($1, $2, $3, $4, $5, now() + $6 * interval '1 day') returning id",
      [i.organizationId, i.email, i.role, i.tokenHash, i.invitedBy, i.validDays],
    );
    return (await this.byId(q, i.organizationId, rows[0].id))!;
  }

  async byId(q: Queryable, organizationId: number, id: number): Promise<Invitation | undefined> {
    const rows = await q.query<Row>(`${SELECT} where i.organization_id = $1 and i.id = $2`, [organizationId, id]);
    return rows[0] && invitationOf(rows[0]);
  }

  /** Any invitation by its token's hash, whatever its status. */
  async byTokenHash(q: Queryable, tokenHash: string, lock = false): Promise<Invitation | undefined> {
    const rows = await q.query<Row>(`${SELECT} where i.token_hash = $1${lock ? " for update of i" : ""}`, [tokenHash]);
    return rows[0] && invitationOf(rows[0]);
  }

  async list(q: Queryable, organizationId: number, pendingOnly: boolean): Promise<Invitation[]> {
    const rows = await q.query<Row>(`${SELECT} where i.organization_id = $1${pendingOnly ? ` and ${PENDING}` : ""} order by i.id desc`, [organizationId]);
    return rows.map(invitationOf);
  }

  async revoke(q: Queryable, organizationId: number, id: number): Promise<boolean> {
    const rows = await q.query(`update invitations i set revoked_at = now() where i.organization_id = $1 and i.id = $2 and ${PENDING} returning i.id`, [organizationId, id]);
    return rows.length === 1;
  }

  /** A new token for a pending invitation (the old link stops working); false when it is not pending. */
  async renewToken(q: Queryable, organizationId: number, id: number, tokenHash: string): Promise<boolean> {
    const rows = await q.query(`update invitations i set token_hash = $3 where i.organization_id = $1 and i.id = $2 and ${PENDING} returning i.id`, [organizationId, id, tokenHash]);
    return rows.length === 1;
  }

  /** Marks a pending invitation accepted; false when someone else used it first (single use). */
  async accept(q: Queryable, id: number, userId: number): Promise<boolean> {
    const rows = await q.query(`update invitations i set accepted_at = now(), accepted_by = $2 where i.id = $1 and ${PENDING} returning i.id`, [id, userId]);
    return rows.length === 1;
  }
}
