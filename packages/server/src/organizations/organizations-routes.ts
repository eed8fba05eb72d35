/** Organizations (tenants), their members and roles, administrator password resets, and the audit trail. */
import { Type } from "@sinclair/typebox";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblems } from "../accounts/passwords.js";
import { orgJSON } from "../accounts/auth-routes.js";
import type { Role } from "../core/access.js";
import { decodeCursor, encodeCursor, pageOf } from "../core/pagination.js";
import { conflict, forbidden, notFound, Problem } from "../core/problem.js";
import { OrgParams, Page, PageQuery, Ref, Slug } from "../core/schemas.js";
import { orgOf, userOf } from "../core/services.js";
import type { Queryable } from "../storage/database.js";
import type { Member, OrganizationsRepository } from "./organizations-repository.js";
import { routePlugin } from "../core/route-plugin.js";

const MemberSchema = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  role: Ref.role,
  since: Type.String({ format: "date-time" }),
});
const MemberParams = Type.Object({ org: Type.String({ maxLength: 63 }), userId: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const RoleBody = Type.Object({ role: Ref.role }, { additionalProperties: false });
const ResetBody = Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) }, { additionalProperties: false });
const CreateOrgBody = Type.Object({ slug: Slug, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const OrgItem = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  role: Type.Union([Ref.role, Type.Null()], { description: "the caller's role; null for an API token" }),
});
const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: "date-time" }),
  actor: Type.String(),
  action: Type.String(),
  detail: Type.Object({}, { additionalProperties: true }),
  ip: Type.Union([Type.String(), Type.Null()]),
});

const SignInItem = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: "date-time" }),
  user: Type.Union([Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }), Type.Null()]),
  outcome: Type.Union([Type.Literal("success"), Type.Literal("failure")]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()], { description: "why a sign-in failed (`password`)" }),
});

const memberJSON = (m: Member) => ({ user: { id: String(m.user.id), email: m.user.email, name: m.user.name }, role: m.role, since: m.since });

/** A slug from a name, made unique among the organizations. */
export async function uniqueSlug(q: Queryable, organizations: OrganizationsRepository, name: string): Promise<string> {
  const base =
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "organization";
  let slug = base;
  for (let i = 2; await organizations.bySlug(q, slug); i++) slug = `${base}-${i}`;
  return slug;
}

export const organizationsRoutes = routePlugin("organizations", async (app, { services }) => {
  const { db, organizations, accounts, auth, signIns } = services;

  app.get(
    "/orgs",
    {
      config: { access: { user: true, tokens: true } },
      schema: { tags: ["organizations"], summary: "The caller's organizations (for an API token: its own)", response: { 200: Type.Object({ items: Type.Array(OrgItem) }) } },
    },
    async (request) => {
      const p = request.principal!;
      if (p.kind === "token") {
        const org = await organizations.byId(db, p.token.organizationId);
        return { items: org ? [{ ...orgJSON(org), role: null }] : [] };
      }
      const orgs = await organizations.ofUser(db, p.user.id);
      return { items: orgs.map((o) => ({ ...orgJSON(o), role: o.role })) };
    },
  );

  app.post(
    "/orgs",
    {
      config: { access: "siteAdmin" },
      schema: { tags: ["organizations"], summary: "Create an organization (site administrators); the creator becomes its admin", body: CreateOrgBody, response: { 201: OrgItem } },
    },
    async (request, reply) => {
      const user = userOf(request);
      const body = request.body;
      const org = await db.transaction(async (tx) => {
        if (await organizations.bySlug(tx, body.slug)) throw conflict(`an organization "${body.slug}" exists already`, "slug");
        const created = await organizations.create(tx, body.slug, body.name);
        await organizations.addMember(tx, created.id, user.id, "admin");
        await organizations.audit(tx, { organizationId: created.id, userId: user.id, actor: user.email, action: "organization.created", detail: { slug: body.slug }, ip: request.ip });
        return created;
      });
      auth.invalidate();
      reply.code(201);
      return { ...orgJSON(org), role: "admin" as Role };
    },
  );

  app.get(
    "/orgs/:org",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["organizations"],
        summary: "One organization, the caller's role and what it may do",
        params: OrgParams,
        response: {
          200: Type.Object({
            organization: Ref.organization,
            role: Type.Union([Ref.role, Type.Null()]),
            permissions: Type.Array(Type.String()),
            currentRevision: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const state = await services.models.current(org.id);
      return { organization: orgJSON(org), role: org.role ?? null, permissions: [...org.permissions].sort(), currentRevision: state.revision?.number ?? 0 };
    },
  );

  app.get(
    "/orgs/:org/members",
    {
      config: { access: { org: "members:read" } },
      schema: {
        tags: ["organizations"],
        summary: "Members and their roles (admin, auditor); people join by invitation (`/orgs/{org}/invitations`)",
        params: OrgParams,
        querystring: Type.Object({ ...PageQuery, role: Type.Optional(Ref.role), q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Page(MemberSchema) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      let members = await organizations.members(db, org.id);
      if (query.role) members = members.filter((m) => m.role === query.role);
      if (query.q) {
        const q = query.q.toLowerCase();
        members = members.filter((m) => m.user.email.includes(q) || m.user.name.toLowerCase().includes(q));
      }
      const page = pageOf(members, query.limit ?? 50, query.cursor, (m) => String(m.user.id));
      return { ...page, items: page.items.map(memberJSON) };
    },
  );

  const changeMember = async (orgId: number, userId: number, change: { role?: Role; remove?: boolean }) =>
    db.transaction(async (tx) => {
      await organizations.lock(tx, orgId);
      const member = await organizations.member(tx, orgId, userId);
      if (!member) throw notFound(`member ${userId}`, "userId");
      const losesAdmin = member.role === "admin" && (change.remove || (change.role && change.role !== "admin"));
      if (losesAdmin && (await organizations.countAdmins(tx, orgId)) <= 1) {
        throw conflict("an organization keeps at least one admin: make someone else admin first", change.remove ? "userId" : "role");
      }
      if (change.remove) await organizations.removeMember(tx, orgId, userId);
      else await organizations.setRole(tx, orgId, userId, change.role!);
      return member;
    });

  app.patch(
    "/orgs/:org/members/:userId",
    {
      config: { access: { org: "members:write" } },
      schema: { tags: ["organizations"], summary: "Change a member's role", params: MemberParams, body: RoleBody, response: { 200: MemberSchema } },
    },
    async (request) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const { userId } = request.params;
      const { role } = request.body;
      const before = await changeMember(org.id, userId, { role });
      await organizations.audit(db, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "member.role", detail: { user: before.user.email, from: before.role, to: role }, ip: request.ip });
      auth.invalidate();
      return memberJSON((await organizations.member(db, org.id, userId))!);
    },
  );

  app.delete(
    "/orgs/:org/members/:userId",
    {
      config: { access: { org: "members:write" } },
      schema: { tags: ["organizations"], summary: "Remove a member from the organization (the account stays)", params: MemberParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const { userId } = request.params;
      const before = await changeMember(org.id, userId, { remove: true });
      await organizations.audit(db, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "member.removed", detail: { user: before.user.email, role: before.role }, ip: request.ip });
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/orgs/:org/members/:userId/password",
    {
      config: { access: { org: "members:write" } },
      schema: {
        tags: ["organizations"],
        summary: "Reset a member's password (admin); ends their sessions",
        description:
          "Only for an account that belongs to this organization alone and is not a site administrator: a reset must never reach into another tenant " +
          "(site administrators may reset anyone's). Until the person changes the password the admin set, their account cannot join another organization.",
        params: MemberParams,
        body: ResetBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const { userId } = request.params;
      const { newPassword } = request.body;
      const member = await organizations.member(db, org.id, userId);
      if (!member) throw notFound(`member ${userId}`, "userId");
      if (!admin.isAdmin) {
        if (member.user.isAdmin) throw forbidden("only a site administrator may reset a site administrator's password");
        if ((await organizations.ofUser(db, userId)).some((o) => o.id !== org.id)) {
          throw forbidden("this person also belongs to other organizations: only they (Account, change password) or a site administrator may change their password");
        }
      }
      const problems = passwordProblems(newPassword, "newPassword", member.user.email);
      if (problems.length) throw new Problem(400, "weak-password", "The password is too weak", problems[0].message, problems);
      await accounts.setPassword(db, userId, await hashPassword(newPassword), true);
      await accounts.deleteSessionsOf(db, userId);
      await organizations.audit(db, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "member.password-reset", detail: { user: member.user.email }, ip: request.ip });
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/orgs/:org/audit",
    {
      config: { access: { org: "audit:read" } },
      schema: {
        tags: ["organizations"],
        summary: "The audit trail, newest first: members, roles, invitations, password resets, tokens (admin, auditor); model changes are in /revisions",
        description: "Filters: `action` (exact, or a family: `token` matches `token.created` and `token.revoked`), `actor` (part of the name or e-mail, any case), `from` (inclusive) and `to` (exclusive) times. `actions` lists the actions recorded, for a filter's choices.",
        params: OrgParams,
        querystring: Type.Object(
          {
            ...PageQuery,
            action: Type.Optional(Type.String({ maxLength: 100 })),
            actor: Type.Optional(Type.String({ maxLength: 254 })),
            from: Type.Optional(Type.String({ format: "date-time" })),
            to: Type.Optional(Type.String({ format: "date-time" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditItem, { actions: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { limit = 50, cursor, ...filter } = request.query;
      const c = decodeCursor<{ before: number }>(cursor, (v) => Number.isInteger(v.before));
      const rows = await organizations.auditEvents(db, org.id, { ...filter, before: c?.before, limit: limit + 1 });
      const items = rows.slice(0, limit);
      const total = await organizations.countAuditEvents(db, org.id, filter);
      const actions = await organizations.auditActions(db, org.id);
      return { items: items.map(({ userId: _u, ...e }) => e), total, nextCursor: rows.length > limit ? encodeCursor({ before: items[items.length - 1].id }) : null, actions };
    },
  );

  app.get(
    "/orgs/:org/sign-ins",
    {
      config: { access: { org: "audit:read" } },
      schema: {
        tags: ["organizations"],
        summary: "Sign-ins and failed sign-ins of the organization's members, newest first (admin, auditor)",
        description:
          "Each sign-in of an account is shown to every organization the account belongs to at that moment. Failed sign-ins for e-mails without an account belong to no organization: they are in the server's log only.",
        params: OrgParams,
        querystring: Type.Object({ ...PageQuery, outcome: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("failure")])) }, { additionalProperties: false }),
        response: { 200: Page(SignInItem) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      const limit = query.limit ?? 50;
      const c = decodeCursor<{ before: number }>(query.cursor, (v) => Number.isInteger(v.before));
      const rows = await signIns.list(db, org.id, { before: c?.before, limit: limit + 1, outcome: query.outcome });
      const items = rows.slice(0, limit);
      const total = await signIns.count(db, org.id, query.outcome);
      return { items, total, nextCursor: rows.length > limit ? encodeCursor({ before: items[items.length - 1].id }) : null };
    },
  );
});
