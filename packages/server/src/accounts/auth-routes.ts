/** First-run setup, sign-in and sign-out, the signed-in person, and changing one's password. */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { UserInfo } from "../core/access.js";
import { conflict, Problem, unauthorized } from "../core/problem.js";
import { Ref, Slug } from "../core/schemas.js";
import { userOf } from "../core/services.js";
import { DEMO_SETTING } from "../demo.js";
import { uniqueSlug } from "../organizations/organizations-routes.js";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblems, verifyPassword } from "./passwords.js";
import { SESSION_COOKIE, sha256 } from "./authenticator.js";
import { routePlugin } from "../core/route-plugin.js";

const Email = Type.String({ format: "email", maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

const SetupBody = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    organization: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 200, description: "the organization's name" }),
        Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), slug: Type.Optional(Slug) }, { additionalProperties: false }),
      ]),
    ),
  },
  { additionalProperties: false },
);
const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Password }, { additionalProperties: false });
const PasswordBody = Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false });

const Membership = Type.Object({ organization: Ref.organization, role: Ref.role });
const MeAnswer = Type.Object({ user: Ref.user, memberships: Type.Array(Membership), csrfToken: Type.String() });

/** 429 with Retry-After, in seconds. */
export const rateLimited = (seconds: number, field: string, title: string) =>
  new Problem(429, "rate-limited", title, `try again in ${seconds} seconds`, [{ field, message: title.toLowerCase() }], { "retry-after": String(seconds) });

/** An e-mail for a log line: the domain and a short hash, never the text typed (it may be a password). */
export const maskedEmail = (email: string) => {
  const at = email.lastIndexOf("@");
  const domain = at >= 0 ? email.slice(at + 1, at + 1 + 100) : "";
  return `${sha256(email.trim().toLowerCase()).slice(0, 12)}@${domain || "?"}`;
};

export const userJSON = (u: UserInfo) => ({ id: String(u.id), email: u.email, name: u.name, isAdmin: u.isAdmin });
export const orgJSON = (o: { id: number; slug: string; name: string }) => ({ id: String(o.id), slug: o.slug, name: o.name });

export const authRoutes = routePlugin("accounts", async (app, { services }) => {
  const { db, accounts, organizations, auth, limiter, signIns } = services;

  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, expiresAt: Date) => {
    const secure = services.config.secureCookies === "always" || (services.config.secureCookies === "auto" && request.protocol === "https");
    reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
  };

  app.get(
    "/health",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Liveness for load balancers and scripts: the database answers",
        response: { 200: Type.Object({ ok: Type.Boolean(), database: Type.String({ description: "pglite or postgres" }) }) },
      },
    },
    async () => {
      await accounts.countUsers(db);
      return { ok: true, database: db.kind };
    },
  );

  app.get(
    "/setup",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Whether the first administrator still has to be created",
        response: { 200: Type.Object({ needed: Type.Boolean(), demo: Type.Union([Type.String(), Type.Null()], { description: "slug of the demo organization, if loaded" }) }) },
      },
    },
    async () => {
      const needed = (await accounts.countUsers(db)) === 0;
      const demo = (await accounts.setting(db, DEMO_SETTING)) ?? null;
      return { needed, demo };
    },
  );

  app.post(
    "/setup",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Create the first administrator (only while no user exists)",
        description: "Creates the site administrator, signs them in, and makes them administrator of the demo organization (if loaded) and of `organization` (if given).",
        body: SetupBody,
        response: { 201: Type.Object({ user: Ref.user, organization: Type.Union([Ref.organization, Type.Null()]), csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const problems = passwordProblems(body.password, "password", body.email);
      if (problems.length) throw new Problem(400, "weak-password", "The password is too weak", problems[0].message, problems);
      const hash = await hashPassword(body.password);
      const result = await db.transaction(async (tx) => {
        if ((await accounts.countUsers(tx)) > 0 || !(await accounts.setSettingOnce(tx, "setup", new Date().toISOString()))) return null;
        const user = await accounts.createUser(tx, { email: body.email, name: body.name, passwordHash: hash, isAdmin: true });
        const demoSlug = await accounts.setting(tx, DEMO_SETTING);
        const demo = demoSlug ? await organizations.bySlug(tx, demoSlug) : undefined;
        if (demo) await organizations.addMember(tx, demo.id, user.id, "admin");
        let org = demo ?? null;
        if (body.organization !== undefined || !demo) {
          const spec = typeof body.organization === "string" ? { name: body.organization } : (body.organization ?? { name: "My organization" });
          const slug = spec.slug ?? (await uniqueSlug(tx, organizations, spec.name));
          if (await organizations.bySlug(tx, slug)) throw conflict(`an organization "${slug}" exists already`, "organization.slug");
          org = await organizations.create(tx, slug, spec.name);
          await organizations.addMember(tx, org.id, user.id, "admin");
        }
        await organizations.audit(tx, { organizationId: org?.id ?? null, userId: user.id, actor: user.email, action: "setup", ip: request.ip });
        return { user, org };
      });
      if (!result) throw conflict("setup is done: the first administrator exists; sign in instead");
      auth.invalidate();
      const session = await auth.startSession(result.user.id, request.ip, request.headers["user-agent"]);
      setCookie(request, reply, session.cookie, session.expiresAt);
      reply.code(201);
      return { user: userJSON(result.user), organization: result.org ? orgJSON(result.org) : null, csrfToken: session.csrfToken };
    },
  );

  app.post(
    "/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Sign in with e-mail and password (sets the session cookie)",
        description:
          "Failed sign-ins are limited per account (from any address) and per client address (past its limit only accounts that signed in from that address before may try); past a limit the answer is 429 with Retry-After. Sign-ins and failed sign-ins of an account are shown to the admins and auditors of its organizations (`/orgs/{org}/sign-ins`).",
        body: LoginBody,
        response: { 200: Type.Object({ user: Ref.user, csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const attempt = await limiter.begin(request.ip, email);
      if (!attempt.ok) throw rateLimited(attempt.retryAfter, "email", "Too many failed sign-ins");
      const user = await accounts.userByEmail(db, email.trim());
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      const userAgent = request.headers["user-agent"];
      if (!user || !ok) {
        await limiter.failed(attempt);
        if (user) await signIns.record(db, { userId: user.id, email: user.email, outcome: "failure", ip: request.ip, userAgent, reason: "password" });
        // an unknown e-mail belongs to no organization: the server's log only (masked: people type passwords into the e-mail field)
        else request.log.warn({ event: "login.failed", account: maskedEmail(email), ip: request.ip }, "failed sign-in for an unknown e-mail");
        throw unauthorized("the e-mail or the password is wrong");
      }
      await limiter.succeeded(attempt, user.email, user.id, request.ip);
      const old = request.cookies[SESSION_COOKIE];
      if (old) await accounts.deleteSession(db, sha256(old));
      const session = await auth.startSession(user.id, request.ip, userAgent);
      await signIns.record(db, { userId: user.id, email: user.email, outcome: "success", ip: request.ip, userAgent });
      setCookie(request, reply, session.cookie, session.expiresAt);
      return { user: userJSON(user), csrfToken: session.csrfToken };
    },
  );

  app.post(
    "/auth/logout",
    { config: { access: { user: true } }, schema: { tags: ["accounts"], summary: "Sign out (ends this session)", response: { 204: Type.Null() } } },
    async (request, reply) => {
      const p = request.principal;
      if (p?.kind === "session") await accounts.deleteSession(db, p.sessionHash);
      auth.invalidate();
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      config: { access: { user: true } },
      schema: { tags: ["accounts"], summary: "The signed-in person, their organizations and roles, and the CSRF token", response: { 200: MeAnswer } },
    },
    async (request) => {
      const user = userOf(request);
      const p = request.principal as { csrfToken: string };
      const orgs = await organizations.ofUser(db, user.id);
      return { user: userJSON(user), memberships: orgs.map((o) => ({ organization: orgJSON(o), role: o.role })), csrfToken: p.csrfToken };
    },
  );

  app.post(
    "/me/password",
    {
      config: { access: { user: true } },
      schema: { tags: ["accounts"], summary: "Change one's own password (ends one's other sessions)", body: PasswordBody, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { currentPassword, newPassword } = request.body;
      const attempt = await limiter.begin(request.ip, user.email);
      if (!attempt.ok) throw rateLimited(attempt.retryAfter, "currentPassword", "Too many failed attempts");
      const stored = await accounts.userById(db, user.id);
      if (!stored || !(await verifyPassword(stored.passwordHash, currentPassword))) {
        await limiter.failed(attempt);
        throw new Problem(400, "wrong-password", "The current password is wrong", "type the password you signed in with", [{ field: "currentPassword", message: "is wrong" }]);
      }
      await limiter.succeeded(attempt, user.email, user.id, request.ip);
      const problems = passwordProblems(newPassword, "newPassword", user.email);
      if (problems.length) throw new Problem(400, "weak-password", "The password is too weak", problems[0].message, problems);
      await accounts.setPassword(db, user.id, await hashPassword(newPassword));
      const p = request.principal as { sessionHash: string };
      await accounts.deleteSessionsOf(db, user.id, p.sessionHash);
      await organizations.audit(db, { organizationId: null, userId: user.id, actor: user.email, action: "password.changed", ip: request.ip });
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );
});
