/**
 * Who may do what. Every route under /api/v1 declares its access in `config.access`; one hook
 * (see core/app.ts) enforces it before the handler runs, so no handler can forget a check.
 */

export const ROLES = ["admin", "editor", "responder", "viewer", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "model:read", // the model, components, history, diffs, export, analysis, scenarios, what-if runs
  "scenario:write", // save, change and delete scenarios
  "model:write", // import, edit components, restore a revision
  "members:read",
  "members:write", // add, change, remove members; reset their passwords
  "tokens:read",
  "tokens:write",
  "audit:read", // the audit trail of the organization
  "incident:write", // declare and work incidents: roles, decisions, tasks, stand-down, review; run drills (exercises/)
  "status:publish", // publish or unpublish the public status page
  "plans:approve", // approve a plan document in review, or send it back (admins: top management's delegate)
  "contacts:read", // people's contact details (the directory): only the roles that reach people in a crisis
  "contacts:write", // import and change the directory
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  editor: ["model:read", "scenario:write", "model:write", "incident:write", "contacts:read", "contacts:write"],
  responder: ["model:read", "scenario:write", "incident:write", "contacts:read"],
  viewer: ["model:read"],
  auditor: ["model:read", "members:read", "tokens:read", "audit:read"],
};

export const TOKEN_SCOPES = ["model:read", "model:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What an API token may do: `model:write` includes reading, as with git remotes. */
export const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  "model:read": ["model:read"],
  "model:write": ["model:read", "model:write", "scenario:write"],
};

export function permissionsOfRole(role: Role): Set<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

export function permissionsOfScopes(scopes: readonly TokenScope[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const s of scopes) for (const p of SCOPE_PERMISSIONS[s] ?? []) out.add(p);
  return out;
}

/**
 * What an API token may do now: the lesser of its scopes and its creator's CURRENT role in the
 * token's organization (a token never does more than the person who made it may do today).
 */
export function permissionsOfToken(scopes: readonly TokenScope[], creatorRole: Role): Set<Permission> {
  const role = permissionsOfRole(creatorRole);
  return new Set([...permissionsOfScopes(scopes)].filter((p) => role.has(p)));
}

/**
 * A route's access rule:
 * - `public`: anyone (setup, login, health);
 * - `user`: any signed-in person (a session); `tokens: true` lets API tokens in as well;
 * - `siteAdmin`: a signed-in site administrator;
 * - `intake`: an alert sender; the route checks its intake key or push token itself (intake/);
 * - `{ org: permission }`: a member of the organization named by `:org` whose role (or token
 *   scope) grants the permission. Others get 404 for an organization they cannot see, 403 when
 *   they can see it but the role does not allow the action.
 */
export type Access = "public" | { user: true; tokens?: boolean } | "siteAdmin" | { org: Permission } | "intake";

export interface UserInfo {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
}

export type Principal =
  | { kind: "session"; user: UserInfo; sessionHash: string; csrfToken: string }
  | { kind: "token"; token: { id: number; name: string; organizationId: number; scopes: TokenScope[]; createdBy: number | null; creatorRole: Role } };

export interface OrgContext {
  id: number;
  slug: string;
  name: string;
  /** the member's role; undefined for an API token */
  role?: Role;
  permissions: Set<Permission>;
}

/** How a change is attributed in revisions and the audit trail. */
export interface Actor {
  userId: number | null;
  name: string;
  email: string | null;
  token: string | null;
  ip?: string;
}

export function actorOf(principal: Principal, ip?: string, tokenCreator?: UserInfo | null): Actor {
  if (principal.kind === "session") return { userId: principal.user.id, name: principal.user.name, email: principal.user.email, token: null, ip };
  return {
    userId: principal.token.createdBy,
    name: tokenCreator ? tokenCreator.name : `token ${principal.token.name}`,
    email: tokenCreator?.email ?? null,
    token: principal.token.name,
    ip,
  };
}
