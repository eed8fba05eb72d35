/**
 * Invitations: the only way a person joins an organization. An admin invites an e-mail with a
 * role; the person accepts with the link: a new person sets their own name and password, an
 * existing account signs in as itself. So no organization ever sets a password for, or learns the
 * name of, an account another organization uses, and the invitation's answer is the same whether
 * or not an account exists (no enumeration).
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { randomToken, safeEqual, sha256, SESSION_COOKIE } from "../accounts/authenticator.js";
import { orgJSON, userJSON } from "../accounts/auth-routes.js";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblems } from "../accounts/passwords.js";
import { pageOf } from "../core/pagination.js";
import { conflict, forbidden, notFound, Problem } from "../core/problem.js";
import { OrgParams, Page, PageQuery, Ref } from "../core/schemas.js";
import { orgOf, userOf } from "../core/services.js";
import type { Invitation } from "./invitations-repository.js";
import { routePlugin } from "../core/route-plugin.js";

/** How long an accept link works. */
export const INVITATION_DAYS = 7;
const TOKEN_PREFIX = "inv_";

const InvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Ref.role,
  status: Type.Union([Type.Literal("pending"), Type.Literal("accepted"), Type.Literal("revoked"), Type.Literal("expired")]),
  invitedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  expiresAt: Type.String({ format: "date-time" }),
  acceptedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
const LinkAnswer = Type.Object({
  delivery: Type.Union([Type.Literal("link"), Type.Literal("mail")], { description: "`link`: no mail delivery is configured, pass `acceptUrl` on yourself; `mail`: it was sent" }),
  acceptUrl: Type.Union([Type.String(), Type.Null()], { description: "the accept link (holds the secret token), when delivery is `link`" }),
});
const CreatedInvitation = Type.Composite([Type.Object({ invitation: InvitationSchema }), LinkAnswer]);
const InviteBody = Type.Object({ email: Type.String({ format: "email", maxLength: 254 }), role: Ref.role }, { additionalProperties: false });
const InvitationParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const AcceptBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "a new account: your name" })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH, description: "a new account: your password" })),
  },
  { additionalProperties: false },
);
const Invited = Type.Object({
  organization: Ref.organization,
  email: Type.String(),
  role: Ref.role,
  invitedBy: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String({ format: "date-time" }),
});

const invitationJSON = (i: Invitation) => ({
  id: String(i.id),
  email: i.email,
  role: i.role,
  status: i.status,
  invitedBy: i.invitedBy ? { id: String(i.invitedBy.id), name: i.invitedBy.name } : null,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
});

const acceptUrl = (request: FastifyRequest, token: string) => `${request.protocol}://${request.host}/invite/${encodeURIComponent(token)}`;

const gone = (i: Invitation) =>
  new Problem(410, "invitation-gone", "The invitation cannot be used", `this invitation was ${i.status === "pending" ? "used" : i.status}; ask the organization's admin for a new one`, [
    { field: "token", message: `the invitation is ${i.status}` },
  ]);

export const invitationsRoutes = routePlugin("invitations", async (app, { services }) => {
  const { db, invitations, organizations, accounts, auth } = services;

  /** Sends (or, without mail, hands over) a fresh link for an invitation. */
  const deliver = async (request: FastifyRequest, invitation: Invitation, token: string, org: { slug: string; name: string }, invitedBy: string) => {
    const url = acceptUrl(request, token);
    const delivery = services.invitationDelivery;
    await delivery.deliver({ to: invitation.email, organization: org, role: invitation.role, invitedBy, acceptUrl: url, expiresAt: invitation.expiresAt }, request.log);
    return { delivery: delivery.kind, acceptUrl: delivery.kind === "link" ? url : null };
  };

  app.get(
    "/orgs/:org/invitations",
    {
      config: { access: { org: "members:read" } },
      schema: {
        tags: ["organizations"],
        summary: "Invitations of the organization, newest first (admin, auditor); pending ones only unless `all`",
        params: OrgParams,
        querystring: Type.Object({ ...PageQuery, all: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
        response: { 200: Page(InvitationSchema) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      const list = await invitations.list(db, org.id, !query.all);
      const page = pageOf(list, query.limit ?? 50, query.cursor, (i) => String(i.id));
      return { ...page, items: page.items.map(invitationJSON) };
    },
  );

  app.post(
    "/orgs/:org/invitations",
    {
      config: { access: { org: "members:write" } },
      schema: {
        tags: ["organizations"],
        summary: "Invite a person by e-mail with a role (admin)",
        description:
          "The person joins when they accept with the link: a new person sets their own name and password, someone with an account signs in as it. " +
          "The answer is the same whether or not the e-mail has an account. The link works once, for " +
          `${INVITATION_DAYS} days; inviting the same e-mail again replaces the pending invitation. Without mail delivery the answer carries the link to pass on.`,
        params: OrgParams,
        body: InviteBody,
        response: { 201: CreatedInvitation },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const body = request.body;
      const email = body.email.trim().toLowerCase();
      const token = TOKEN_PREFIX + randomToken(32);
      const invitation = await db.transaction(async (tx) => {
        await organizations.lock(tx, org.id);
        // members are listed to this admin already: saying so reveals nothing about other organizations
        const existing = await accounts.userByEmail(tx, email);
        if (existing && (await organizations.role(tx, org.id, existing.id))) throw conflict(`${email} is a member already; change the role in the list of members`, "email");
        const created = await invitations.create(tx, { organizationId: org.id, email, role: body.role, tokenHash: sha256(token), invitedBy: admin.id, validDays: INVITATION_DAYS });
        await organizations.audit(tx, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "invitation.created", detail: { email, role: body.role }, ip: request.ip });
        return created;
      });
      reply.code(201);
      return { invitation: invitationJSON(invitation), ...(await deliver(request, invitation, token, org, admin.name)) };
    },
  );

  app.post(
    "/orgs/:org/invitations/:id/link",
    {
      config: { access: { org: "members:write" } },
      schema: {
        tags: ["organizations"],
        summary: "A new accept link for a pending invitation (admin); the previous link stops working",
        description: "Only a hash of the token is stored, so a lost link cannot be shown again: this makes a new one (and sends it, with mail delivery).",
        params: InvitationParams,
        response: { 200: LinkAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const { id } = request.params;
      const invitation = await invitations.byId(db, org.id, id);
      if (!invitation) throw notFound(`invitation ${id}`, "id");
      const token = TOKEN_PREFIX + randomToken(32);
      if (!(await invitations.renewToken(db, org.id, id, sha256(token)))) throw conflict(`the invitation is ${invitation.status}; invite again instead`, "id");
      await organizations.audit(db, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "invitation.link", detail: { email: invitation.email }, ip: request.ip });
      return deliver(request, invitation, token, org, admin.name);
    },
  );

  app.delete(
    "/orgs/:org/invitations/:id",
    {
      config: { access: { org: "members:write" } },
      schema: { tags: ["organizations"], summary: "Revoke a pending invitation (admin): its link stops working", params: InvitationParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const admin = userOf(request);
      const { id } = request.params;
      const invitation = await invitations.byId(db, org.id, id);
      if (!invitation) throw notFound(`invitation ${id}`, "id");
      if (!(await invitations.revoke(db, org.id, id))) throw conflict(`the invitation is ${invitation.status} already`, "id");
      await organizations.audit(db, { organizationId: org.id, userId: admin.id, actor: admin.email, action: "invitation.revoked", detail: { email: invitation.email }, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  /** The pending invitation of a token, or the reason it cannot be used. */
  const pending = async (token: string) => {
    const invitation = await invitations.byTokenHash(db, sha256(token));
    if (!invitation) throw notFound("invitation (the link is mistyped, or was replaced by a newer one)", "token");
    if (invitation.status !== "pending") throw gone(invitation);
    return invitation;
  };

  app.get(
    "/invitations/:token",
    {
      config: { access: "public" },
      schema: {
        tags: ["organizations"],
        summary: "What an accept link invites to (for the accept page)",
        description: "Public: the token is the secret. 404 for an unknown token, 410 when it was used, revoked or has expired. Says nothing about whether the e-mail has an account.",
        security: [],
        params: TokenParams,
        response: { 200: Invited },
      },
    },
    async (request) => {
      const { token } = request.params;
      const invitation = await pending(token);
      const org = (await organizations.byId(db, invitation.organizationId))!;
      return { organization: orgJSON(org), email: invitation.email, role: invitation.role, invitedBy: invitation.invitedBy?.name ?? null, expiresAt: invitation.expiresAt };
    },
  );

  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, expiresAt: Date) => {
    const secure = services.config.secureCookies === "always" || (services.config.secureCookies === "auto" && request.protocol === "https");
    reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
  };

  app.post(
    "/invitations/:token/accept",
    {
      config: { access: "public" },
      schema: {
        tags: ["organizations"],
        summary: "Accept an invitation: as a new person (name and password), or signed in as the invited account",
        description:
          "With `name` and `password`: creates the account, joins, and signs in (only when no account has this e-mail: otherwise 409, sign in as it first). " +
          "Without them: needs the session of the account with the invited e-mail (and its `x-csrf-token`). An account whose password an organization's admin reset " +
          "(so that admin knows it) must change it first (409 `password-change-needed`). The link works once.",
        security: [],
        params: TokenParams,
        body: AcceptBody,
        response: { 200: Type.Object({ user: Ref.user, organization: Ref.organization, role: Ref.role, csrfToken: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const body = request.body;
      const invitation = await pending(token);
      const org = (await organizations.byId(db, invitation.organizationId))!;

      if (body.password !== undefined || body.name !== undefined) {
        // a new person: their own name and password
        const errors = [];
        if (!body.name?.trim()) errors.push({ field: "name", message: "your name is needed" });
        if (body.password === undefined) errors.push({ field: "password", message: "a password is needed" });
        else errors.push(...passwordProblems(body.password, "password", invitation.email));
        if (errors.length) throw new Problem(400, "validation", "Invalid request", errors[0].message, errors);
        const hash = await hashPassword(body.password!);
        const user = await db.transaction(async (tx) => {
          if (await accounts.userByEmail(tx, invitation.email)) {
            throw new Problem(409, "account-exists", "This e-mail has an account", `sign in as ${invitation.email} and accept again`, [{ field: "email", message: "has an account: sign in to accept" }]);
          }
          const created = await accounts.createUser(tx, { email: invitation.email, name: body.name!.trim(), passwordHash: hash, isAdmin: false });
          if (!(await invitations.accept(tx, invitation.id, created.id))) throw gone({ ...invitation, status: "accepted" });
          await organizations.addMember(tx, org.id, created.id, invitation.role);
          await organizations.audit(tx, { organizationId: org.id, userId: created.id, actor: created.email, action: "invitation.accepted", detail: { email: created.email, role: invitation.role, account: "new" }, ip: request.ip });
          return created;
        }).catch((e: unknown) => {
          // two accepts racing to create the same e-mail: the loser is told to sign in
          if ((e as { code?: string }).code === "23505") throw new Problem(409, "account-exists", "This e-mail has an account", `sign in as ${invitation.email} and accept again`, [{ field: "email", message: "has an account" }]);
          throw e;
        });
        auth.invalidate();
        const session = await auth.startSession(user.id, request.ip, request.headers["user-agent"]);
        setCookie(request, reply, session.cookie, session.expiresAt);
        return { user: userJSON(user), organization: orgJSON(org), role: invitation.role, csrfToken: session.csrfToken };
      }

      // an existing account: signed in as itself
      const p = request.principal;
      if (!p || p.kind !== "session") {
        throw new Problem(401, "unauthorized", "Sign in to accept", `sign in as ${invitation.email} and accept again, or give a name and password to create the account`, [{ field: "session", message: "missing" }]);
      }
      const csrf = request.headers["x-csrf-token"];
      if (typeof csrf !== "string" || !safeEqual(csrf, p.csrfToken)) {
        throw new Problem(403, "csrf", "Missing or wrong CSRF token", "send the header x-csrf-token with the csrfToken from GET /api/v1/me", [{ field: "x-csrf-token", message: "missing or wrong" }]);
      }
      if (p.user.email !== invitation.email) throw forbidden(`this invitation is for another e-mail address; sign out and sign in as ${invitation.email}`);
      await db.transaction(async (tx) => {
        const account = await accounts.userById(tx, p.user.id);
        if (account?.passwordResetByAdmin) {
          throw new Problem(409, "password-change-needed", "Change your password first", "an organization's administrator set your password; change it (Account) and accept again", [{ field: "password", message: "set by an administrator" }]);
        }
        if (await organizations.role(tx, org.id, p.user.id)) throw conflict(`you are a member of ${org.name} already`, "token");
        if (!(await invitations.accept(tx, invitation.id, p.user.id))) throw gone({ ...invitation, status: "accepted" });
        await organizations.addMember(tx, org.id, p.user.id, invitation.role);
        await organizations.audit(tx, { organizationId: org.id, userId: p.user.id, actor: p.user.email, action: "invitation.accepted", detail: { email: p.user.email, role: invitation.role, account: "existing" }, ip: request.ip });
      });
      auth.invalidate();
      return { user: userJSON(p.user), organization: orgJSON(org), role: invitation.role, csrfToken: null };
    },
  );
});
