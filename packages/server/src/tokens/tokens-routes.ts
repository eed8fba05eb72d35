/** API tokens for CI and automation: scoped to one organization, shown once, revocable. */
import { Type } from "@sinclair/typebox";
import { randomToken, sha256, TOKEN_PREFIX } from "../accounts/authenticator.js";
import { pageOf } from "../core/pagination.js";
import { notFound } from "../core/problem.js";
import { OrgParams, Page, PageQuery, Ref } from "../core/schemas.js";
import { routePlugin } from "../core/route-plugin.js";
import { orgOf, userOf } from "../core/services.js";
import type { ApiToken } from "./tokens-repository.js";

const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Ref.scope),
  prefix: Type.String({ description: "the first characters of the token, to recognise it" }),
  createdAt: Type.String({ format: "date-time" }),
  createdBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  active: Type.Boolean({ description: "false when revoked, or when its creator no longer belongs to the organization (a token acts with the lesser of its scopes and its creator's current role)" }),
});
const CreatedToken = Type.Composite([TokenSchema, Type.Object({ token: Type.String({ description: "the token itself: shown this once, store it now" }) })]);
const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Array(Ref.scope, { minItems: 1, maxItems: 2, uniqueItems: true }) },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

const tokenJSON = (t: ApiToken) => ({
  id: String(t.id),
  name: t.name,
  scopes: t.scopes,
  prefix: t.prefix,
  createdAt: t.createdAt,
  createdBy: t.createdBy === null ? null : { id: String(t.createdBy), name: t.createdByName ?? "" },
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
  active: t.revokedAt === null && t.creatorRole !== null,
});

export const tokensRoutes = routePlugin("tokens", async (app, { services }) => {
  const { db, tokens, organizations, auth } = services;

  app.get(
    "/orgs/:org/tokens",
    {
      config: { access: { org: "tokens:read" } },
      schema: {
        tags: ["tokens"],
        summary: "The organization's API tokens (never the tokens themselves)",
        params: OrgParams,
        querystring: Type.Object({ ...PageQuery, includeRevoked: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
        response: { 200: Page(TokenSchema) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      const list = await tokens.list(db, org.id, query.includeRevoked ?? false);
      const page = pageOf(list, query.limit ?? 50, query.cursor, (t) => String(t.id));
      return { ...page, items: page.items.map(tokenJSON) };
    },
  );

  app.post(
    "/orgs/:org/tokens",
    {
      config: { access: { org: "tokens:write" } },
      schema: {
        tags: ["tokens"],
        summary: "Create an API token (admin); the answer holds the token, shown once",
        description:
          "Scopes: `model:read` (read the model, history, export, analysis) and `model:write` (import, edit, scenarios; includes reading). " +
          "A token never does more than its creator's current role allows, and stops working when its creator leaves the organization.",
        params: OrgParams,
        body: CreateBody,
        response: { 201: CreatedToken },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const body = request.body;
      const secret = TOKEN_PREFIX + randomToken(32);
      const created = await tokens.create(db, { organizationId: org.id, name: body.name, tokenHash: sha256(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6), scopes: body.scopes, createdBy: user.id });
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "token.created", detail: { token: body.name, scopes: body.scopes }, ip: request.ip });
      reply.code(201);
      return { ...tokenJSON(created), token: secret };
    },
  );

  app.delete(
    "/orgs/:org/tokens/:id",
    {
      config: { access: { org: "tokens:write" } },
      schema: { tags: ["tokens"], summary: "Revoke an API token (it stops working at once)", params: TokenParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const { id } = request.params;
      const token = await tokens.byId(db, org.id, id);
      if (!token) throw notFound(`token ${id}`, "id");
      await tokens.revoke(db, org.id, id);
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "token.revoked", detail: { token: token.name }, ip: request.ip });
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );
});
