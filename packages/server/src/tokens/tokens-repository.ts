/** SQL for API tokens. Only a hash of each token is stored; the token itself is shown once. */
import type { Role, TokenScope } from "../core/access.js";
import type { Queryable } from "../storage/database.js";

export interface ApiToken {
  id: number;
  organizationId: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** its creator's current role in the organization (null: not a member any more, so the token does not work) */
  creatorRole: Role | null;
}

type TokenRow = {
  id: number;
  organization_id: number;
  name: string;
  prefix: string;
  scopes: string;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  creator_role: Role | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const tokenOf = (r: TokenRow): ApiToken => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  prefix: r.prefix,
  scopes: JSON.parse(r.scopes) as TokenScope[],
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: iso(r.created_at)!,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
  creatorRole: r.creator_role ?? null,
});

const SELECT = `select t.id, t.organization_id, t.name, t.prefix, t.scopes, t.created_by, u.name as created_by_name, t.created_at, t.last_used_at, t.revoked_at, m.role as creator_role
  from api_tokens t left join users u on u.id = t.created_by
  left join memberships m on m.organization_id = t.organization_id and m.user_id = t.created_by`;

export class TokensRepository {
  async create(q: Queryable, t: { organizationId: number; name: string; tokenHash: string; prefix: string; scopes: TokenScope[]; createdBy: number | null }): Promise<ApiToken> {
    const rows = await q.query<{ id: number }>(
      "insert into api_tokens (organization_id, name, token_hash, prefix, scopes, created_by) values ($1, $2, $3, $4, $5, $6) returning id",
      [t.organizationId, t.name, t.tokenHash, t.prefix, JSON.stringify(t.scopes), t.createdBy],
    );
    return (await this.byId(q, t.organizationId, rows[0].id))!;
  }

  async byId(q: Queryable, organizationId: number, id: number): Promise<ApiToken | undefined> {
    const rows = await q.query<TokenRow>(`${SELECT} where t.organization_id = $1 and t.id = $2`, [organizationId, id]);
    return rows[0] && tokenOf(rows[0]);
  }

  /**
   * A live token by its hash, with its creator's current role in the token's organization: a
   * revoked token, or one whose creator is no longer a member, does not authenticate.
   */
  /**
   * A live token by its hash, with its creator's current role in the token's organization: a
   * revoked token, or one whose creator is no longer a member, does not authenticate.
   */
  async byHash(q: Queryable, tokenHash: string): Promise<(ApiToken & { creatorRole: Role }) | undefined> {
    const rows = await q.query<TokenRow>(`${SELECT} where t.token_hash = $1 and t.revoked_at is null and m.role is not null`, [tokenHash]);
    return rows[0] && (tokenOf(rows[0]) as ApiToken & { creatorRole: Role });
  }

  async list(q: Queryable, organizationId: number, includeRevoked: boolean): Promise<ApiToken[]> {
    const rows = await q.query<TokenRow>(`${SELECT} where t.organization_id = $1 ${includeRevoked ? "" : "and t.revoked_at is null"} order by t.id`, [organizationId]);
    return rows.map(tokenOf);
  }

  async revoke(q: Queryable, organizationId: number, id: number): Promise<boolean> {
    const rows = await q.query("update api_tokens set revoked_at = now() where organization_id = $1 and id = $2 and revoked_at is null returning id", [organizationId, id]);
    return rows.length === 1;
  }

  async touch(q: Queryable, id: number): Promise<void> {
    await q.query("update api_tokens set last_used_at = now() where id = $1", [id]);
  }
}
