/** SQL for organizations (tenants), their members, and the audit trail. */
import type { Role } from "../core/access.js";
import type { Queryable } from "../storage/database.js";

export interface Organization {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  currentRevision: number;
}

export interface Member {
  user: { id: number; email: string; name: string; isAdmin: boolean };
  role: Role;
  since: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  userId: number | null;
  action: string;
  detail: Record<string, unknown>;
  ip: string | null;
}

type OrgRow = { id: number; slug: string; name: string; created_at: Date | string; current_revision: number };
const orgOf = (r: OrgRow): Organization => ({ id: r.id, slug: r.slug, name: r.name, createdAt: new Date(r.created_at).toISOString(), currentRevision: r.current_revision });

type MemberRow = { id: number; email: string; name: string; is_admin: boolean; role: Role; created_at: Date | string };
const memberOf = (r: MemberRow): Member => ({ user: { id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin }, role: r.role, since: new Date(r.created_at).toISOString() });

export class OrganizationsRepository {
  async bySlug(q: Queryable, slug: string): Promise<Organization | undefined> {
    const rows = await q.query<OrgRow>("select * from organizations where slug = $1", [slug]);
    return rows[0] && orgOf(rows[0]);
  }

  async byId(q: Queryable, id: number): Promise<Organization | undefined> {
    const rows = await q.query<OrgRow>("select * from organizations where id = $1", [id]);
    return rows[0] && orgOf(rows[0]);
  }

  async create(q: Queryable, slug: string, name: string): Promise<Organization> {
    const rows = await q.query<OrgRow>("insert into organizations (slug, name) values ($1, $2) returning *", [slug, name]);
    return orgOf(rows[0]);
  }

  /** Locks the organization's row until the transaction ends (membership changes take turns). */
  async lock(tx: Queryable, id: number): Promise<void> {
    await tx.query("select id from organizations where id = $1 for update", [id]);
  }

  async count(q: Queryable): Promise<number> {
    const rows = await q.query<{ n: number }>("select count(*)::int as n from organizations");
    return rows[0].n;
  }

  /** The organizations a user belongs to, with the role in each. */
  async ofUser(q: Queryable, userId: number): Promise<Array<Organization & { role: Role }>> {
    const rows = await q.query<OrgRow & { role: Role }>(
      "select o.*, m.role from memberships m join organizations o on o.id = m.organization_id where m.user_id = $1 order by o.slug",
      [userId],
    );
    return rows.map((r) => ({ ...orgOf(r), role: r.role }));
  }

  async role(q: Queryable, organizationId: number, userId: number): Promise<Role | undefined> {
    const rows = await q.query<{ role: Role }>("select role from memberships where organization_id = $1 and user_id = $2", [organizationId, userId]);
    return rows[0]?.role;
  }

  async members(q: Queryable, organizationId: number): Promise<Member[]> {
    const rows = await q.query<MemberRow>(
      "select u.id, u.email, u.name, u.is_admin, m.role, m.created_at from memberships m join users u on u.id = m.user_id where m.organization_id = $1 order by u.email",
      [organizationId],
    );
    return rows.map(memberOf);
  }

  async member(q: Queryable, organizationId: number, userId: number): Promise<Member | undefined> {
    const rows = await q.query<MemberRow>(
      "select u.id, u.email, u.name, u.is_admin, m.role, m.created_at from memberships m join users u on u.id = m.user_id where m.organization_id = $1 and m.user_id = $2",
      [organizationId, userId],
    );
    return rows[0] && memberOf(rows[0]);
  }

  async addMember(q: Queryable, organizationId: number, userId: number, role: Role): Promise<void> {
    await q.query("insert into memberships (organization_id, user_id, role) values ($1, $2, $3)", [organizationId, userId, role]);
  }

  async setRole(q: Queryable, organizationId: number, userId: number, role: Role): Promise<void> {
    await q.query("update memberships set role = $3 where organization_id = $1 and user_id = $2", [organizationId, userId, role]);
  }

  async removeMember(q: Queryable, organizationId: number, userId: number): Promise<void> {
    await q.query("delete from memberships where organization_id = $1 and user_id = $2", [organizationId, userId]);
  }

  async countAdmins(q: Queryable, organizationId: number): Promise<number> {
    const rows = await q.query<{ n: number }>("select count(*)::int as n from memberships where organization_id = $1 and role = 'admin'", [organizationId]);
    return rows[0].n;
  }

  // ---- audit trail --------------------------------------------------------------------------

  async audit(q: Queryable, e: { organizationId: number | null; userId: number | null; actor: string; action: string; detail?: Record<string, unknown>; ip?: string }): Promise<void> {
    await q.query("insert into audit_events (organization_id, user_id, actor, action, detail, ip) values ($1, $2, $3, $4, $5, $6)", [
      e.organizationId,
      e.userId,
      e.actor,
      e.action,
      JSON.stringify(e.detail ?? {}),
      e.ip ?? null,
    ]);
  }

  async countAuditEvents(q: Queryable, organizationId: number, filter: AuditFilter = {}): Promise<number> {
    const { where, params } = auditWhere(organizationId, filter);
    const rows = await q.query<{ n: number }>(`select count(*)::int as n from audit_events where ${where}`, params);
    return rows[0].n;
  }

  async auditEvents(q: Queryable, organizationId: number, options: AuditFilter & { before?: number; limit: number }): Promise<AuditEvent[]> {
    const { where, params } = auditWhere(organizationId, options);
    let sql = where;
    if (options.before !== undefined) {
      params.push(options.before);
      sql += ` and id < $${params.length}`;
    }
    params.push(options.limit);
    const rows = await q.query<{ id: number; at: Date | string; actor: string; user_id: number | null; action: string; detail: string; ip: string | null }>(
      `select id, at, actor, user_id, action, detail, ip from audit_events where ${sql} order by id desc limit $${params.length}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, userId: r.user_id, action: r.action, detail: JSON.parse(r.detail), ip: r.ip }));
  }

  /** The actions recorded for the organization, for a filter's choices. */
  async auditActions(q: Queryable, organizationId: number): Promise<string[]> {
    const rows = await q.query<{ action: string }>("select distinct action from audit_events where organization_id = $1 order by action", [organizationId]);
    return rows.map((r) => r.action);
  }
}

/** Filters of the audit trail: an action (`token` also matches `token.created`), who (part of the name or e-mail), a time range. */
export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function auditWhere(organizationId: number, f: AuditFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [organizationId];
  let where = "organization_id = $1";
  if (f.action) {
    params.push(f.action, `${f.action}.%`);
    where += ` and (action = $${params.length - 1} or action like $${params.length})`;
  }
  if (f.actor) {
    params.push(`%${f.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where += ` and lower(actor) like $${params.length}`;
  }
  if (f.from) {
    params.push(f.from);
    where += ` and at >= $${params.length}`;
  }
  if (f.to) {
    params.push(f.to);
    where += ` and at < $${params.length}`;
  }
  return { where, params };
}
