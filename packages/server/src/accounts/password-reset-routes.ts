/**
 * Self-service password reset: a person who forgot their password asks for a link by e-mail and
 * sets a new password with it. The answer to the request is the same whether or not the e-mail
 * has an account (and the mail is sent after the answer, so its time says nothing either); the
 * link works once, for an hour; requests are limited per address (429) and per e-mail (silently:
 * no more mail). Offered only when the server can send mail (CONTINUUM_SMTP_URL).
 */
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { Problem } from "../core/problem.js";
import { routePlugin } from "../core/route-plugin.js";
import { bilingual } from "../mail/mailer.js";
import { randomToken, sha256 } from "./authenticator.js";
import { rateLimited } from "./auth-routes.js";
import { RESET_LIMITS } from "./password-resets.js";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblems } from "./passwords.js";

const RequestBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
const CompleteBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200, description: "the token of the link in the mail (after `#token=`)" }), newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

/** The link of the mail: the token is in the fragment, which browsers never send to a server or a proxy's log. */
const resetUrl = (request: FastifyRequest, token: string) => `${request.protocol}://${request.host}/reset-password#token=${encodeURIComponent(token)}`;

export function passwordResetMail(url: string, expiresAt: string): { subject: string; text: string } {
  const until = `${expiresAt.slice(0, 16).replace("T", " ")} UTC`;
  return {
    subject: "Continuum: 비밀번호 재설정 / password reset",
    text: bilingual(
      ["Continuum 계정의 비밀번호 재설정을 요청하셨습니다.", `아래 링크에서 새 비밀번호를 정하세요 (한 번만 사용할 수 있으며 ${until}까지 유효합니다):`, url, "", "요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다."],
      ["Someone asked to reset the password of your Continuum account.", `Set a new password with this link (it works once, until ${until}):`, url, "", "If it was not you, ignore this mail: your password stays as it is."],
    ),
  };
}

const notOffered = () =>
  new Problem(404, "no-mail", "Password reset by e-mail is not offered here", "this server sends no mail (CONTINUUM_SMTP_URL is not set): an administrator of your organization can reset your password in Members", [
    { field: "email", message: "no mail delivery is configured" },
  ]);

export const passwordResetRoutes = routePlugin("password-reset", async (app, { services }) => {
  const { db, accounts, organizations, passwordResets, auth } = services;

  app.get(
    "/auth/password-reset",
    {
      config: { access: "public" },
      schema: { tags: ["accounts"], summary: "Whether self-service password reset is offered (the server sends mail)", response: { 200: Type.Object({ available: Type.Boolean() }) } },
    },
    async () => ({ available: services.mailer !== null }),
  );

  app.post(
    "/auth/password-reset",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Ask for a password-reset link by e-mail",
        description:
          `The answer is 202 whether or not the e-mail has an account. The link works once, for ${RESET_LIMITS.validMinutes} minutes; a newer link replaces it. ` +
          `At most ${RESET_LIMITS.perEmail} links are mailed to one e-mail per ${RESET_LIMITS.windowMinutes} minutes; an address may ask ${RESET_LIMITS.perAddress} times in that time, then 429 with Retry-After. 404 (type no-mail) when this server sends no mail.`,
        body: RequestBody,
        response: { 202: Type.Object({ accepted: Type.Literal(true), detail: Type.String() }) },
      },
    },
    async (request, reply) => {
      const mailer = services.mailer;
      if (!mailer) throw notOffered();
      const email = request.body.email.trim().toLowerCase();
      const count = await passwordResets.recordRequest(db, request.ip, sha256(email));
      if (count.fromAddress > RESET_LIMITS.perAddress) throw rateLimited(count.retryAfter, "email", "Too many password-reset requests");
      const user = count.forEmail > RESET_LIMITS.perEmail ? undefined : await accounts.userByEmail(db, email);
      if (user) {
        const token = randomToken(32);
        const expiresAt = await passwordResets.create(db, user.id, sha256(token), request.ip);
        await organizations.audit(db, { organizationId: null, userId: user.id, actor: user.email, action: "password.reset-requested", ip: request.ip });
        const mail = passwordResetMail(resetUrl(request, token), expiresAt);
        // after the answer: how long the mail takes must not tell whether the account exists
        setImmediate(() => void mailer.send({ to: user.email, ...mail }).catch((e: unknown) => request.log.error({ err: e, event: "password-reset.mail-failed" }, "the password-reset mail could not be sent")));
      }
      reply.code(202);
      return { accepted: true as const, detail: "if an account has this e-mail, a link to set a new password is on its way" };
    },
  );

  app.post(
    "/auth/password-reset/complete",
    {
      config: { access: "public" },
      schema: {
        tags: ["accounts"],
        summary: "Set a new password with the link's token; every session of the account ends",
        body: CompleteBody,
        response: { 204: Type.Null(), 410: Type.Ref("Problem", { description: "the link is unknown, used or expired" }) },
      },
    },
    async (request, reply) => {
      const { token, newPassword } = request.body;
      const weak = passwordProblems(newPassword, "newPassword");
      if (weak.length) throw new Problem(400, "weak-password", "The password is too weak", weak[0].message, weak);
      const hash = await hashPassword(newPassword);
      const done = await db.transaction(async (tx) => {
        const userId = await passwordResets.use(tx, sha256(token));
        if (userId === undefined) return undefined;
        const user = await accounts.userById(tx, userId);
        if (!user) return undefined;
        const problems = passwordProblems(newPassword, "newPassword", user.email);
        if (problems.length) throw new Problem(400, "weak-password", "The password is too weak", problems[0].message, problems);
        await accounts.setPassword(tx, user.id, hash);
        await accounts.deleteSessionsOf(tx, user.id);
        await services.limiter.forget(user.email, tx);
        await organizations.audit(tx, { organizationId: null, userId: user.id, actor: user.email, action: "password.reset", ip: request.ip });
        return user;
      });
      if (!done) {
        throw new Problem(410, "reset-link-gone", "The link cannot be used", "the link was used already, has expired or was replaced by a newer one: ask for a new link", [
          { field: "token", message: "is used, expired or unknown" },
        ]);
      }
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );
});
