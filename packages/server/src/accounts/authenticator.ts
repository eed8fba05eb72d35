/**
 * Who is calling: a session cookie or an API token, and their role in an organization. An API
 * token acts with the lesser of its scopes and its creator's current role. Lookups are
 * cached for a few seconds (the hot path of every request); any change to sessions, members or
 * tokens made by this process clears the cache at once.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { permissionsOfRole, permissionsOfToken, type OrgContext, type Principal, type UserInfo } from "../core/access.js";
import type { Database } from "../storage/database.js";
import type { OrganizationsRepository, Organization } from "../organizations/organizations-repository.js";
import type { TokensRepository } from "../tokens/tokens-repository.js";
import type { AccountsRepository } from "./accounts-repository.js";
import { unauthorized } from "../core/problem.js";

export const SESSION_COOKIE = "continuum_session";
export const TOKEN_PREFIX = "ctm_";
const CACHE_MS = 5000;
const CACHE_LIMIT = 10_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Cached<T> {
  value: T;
  at: number;
}

class TtlCache<T> {
  private readonly map = new Map<string, Cached<T>>();
  get(key: string): T | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at > CACHE_MS) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: T) {
    if (this.map.size >= CACHE_LIMIT) this.map.clear();
    this.map.set(key, { value, at: Date.now() });
  }
  clear() {
    this.map.clear();
  }
}

export class Authenticator {
  private readonly sessions = new TtlCache<{ principal: Principal; lastSeenAt: number } | null>();
  private readonly tokens = new TtlCache<Principal | null>();
  private readonly orgs = new TtlCache<Organization | null>();
  private readonly roles = new TtlCache<OrgContext | null>();
  private readonly creators = new TtlCache<UserInfo | null>();

  constructor(
    private readonly db: Database,
    private readonly accounts: AccountsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tokenStore: TokensRepository,
    private readonly sessionMs: number,
  ) {}

  /** Forget every cached answer (after a change to sessions, members, roles or tokens). */
  invalidate(): void {
    this.sessions.clear();
    this.tokens.clear();
    this.orgs.clear();
    this.roles.clear();
    this.creators.clear();
  }

  /**
   * The caller, from `Authorization: Bearer` (an API token) or the session cookie; null when
   * neither is given. A token that is given but not valid is an error, never an anonymous call.
   */
  async authenticate(authorization: string | undefined, cookie: string | undefined): Promise<Principal | null> {
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m) throw unauthorized("the Authorization header must be `Bearer <token>`");
      const principal = await this.token(m[1]);
      if (!principal) throw unauthorized("the API token is not valid: it was revoked, is mistyped, or its creator no longer belongs to the organization");
      return principal;
    }
    if (cookie) return this.session(cookie);
    return null;
  }

  private async token(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
    const hash = sha256(secret);
    const hit = this.tokens.get(hash);
    if (hit !== undefined) return hit;
    const t = await this.tokenStore.byHash(this.db, hash);
    const principal: Principal | null = t
      ? { kind: "token", token: { id: t.id, name: t.name, organizationId: t.organizationId, scopes: t.scopes, createdBy: t.createdBy, creatorRole: t.creatorRole } }
      : null;
    this.tokens.set(hash, principal);
    if (t && (!t.lastUsedAt || Date.now() - Date.parse(t.lastUsedAt) > 60_000)) void this.tokenStore.touch(this.db, t.id).catch(() => undefined);
    return principal;
  }

  private async session(cookie: string): Promise<Principal | null> {
    if (cookie.length > 200) return null;
    const hash = sha256(cookie);
    let hit = this.sessions.get(hash);
    if (hit === undefined) {
      const s = await this.accounts.session(this.db, hash);
      hit = s ? { principal: { kind: "session", user: s.user, sessionHash: hash, csrfToken: s.csrfToken }, lastSeenAt: s.lastSeenAt } : null;
      this.sessions.set(hash, hit);
    }
    if (hit && Date.now() - hit.lastSeenAt > TOUCH_EVERY_MS) {
      hit.lastSeenAt = Date.now();
      void this.accounts.touchSession(this.db, hash, new Date(Date.now() + this.sessionMs)).catch(() => undefined);
    }
    return hit?.principal ?? null;
  }

  /** A new session for a user: the cookie value (never stored) and its CSRF token. */
  async startSession(userId: number, ip?: string, userAgent?: string): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
    const cookie = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(Date.now() + this.sessionMs);
    await this.accounts.createSession(this.db, { idHash: sha256(cookie), userId, csrfToken, expiresAt, ip, userAgent });
    return { cookie, csrfToken, expiresAt };
  }

  async organizationBySlug(slug: string): Promise<Organization | null> {
    let org = this.orgs.get(slug);
    if (org === undefined) {
      org = (await this.organizations.bySlug(this.db, slug)) ?? null;
      this.orgs.set(slug, org);
    }
    return org;
  }

  /** The caller's view of an organization, or null when it does not exist or is not theirs. */
  async organization(principal: Principal, slug: string | undefined): Promise<OrgContext | null> {
    if (!slug) return null;
    const org = await this.organizationBySlug(slug);
    if (!org) return null;
    if (principal.kind === "token") {
      if (principal.token.organizationId !== org.id) return null;
      return { id: org.id, slug: org.slug, name: org.name, permissions: permissionsOfToken(principal.token.scopes, principal.token.creatorRole) };
    }
    const key = `${org.id}:${principal.user.id}`;
    let ctx = this.roles.get(key);
    if (ctx === undefined) {
      const role = await this.organizations.role(this.db, org.id, principal.user.id);
      ctx = role ? { id: org.id, slug: org.slug, name: org.name, role, permissions: permissionsOfRole(role) } : null;
      this.roles.set(key, ctx);
    }
    return ctx;
  }

  /** The person who created an API token (changes made with it are theirs). */
  async tokenCreator(userId: number | null): Promise<UserInfo | null> {
    if (userId === null) return null;
    const key = String(userId);
    let u = this.creators.get(key);
    if (u === undefined) {
      const found = await this.accounts.userById(this.db, userId);
      u = found ? { id: found.id, email: found.email, name: found.name, isAdmin: found.isAdmin } : null;
      this.creators.set(key, u);
    }
    return u;
  }
}
