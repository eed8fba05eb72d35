/**
 * An organization's intake settings: keys (made by admins, answered once), heartbeat monitors,
 * mapping rules with a preview, and the signals received.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyPluginAsync } from "fastify";
import { sha256 } from "../accounts/authenticator.js";
import { badRequest, notFound } from "../core/problem.js";
import { OrgParams } from "../core/schemas.js";
import { orgOf, userOf, type Services } from "../core/services.js";
import { JobQueue } from "../incidents/job-queue.js";
import { INTAKE_KEY_PREFIX, newIntakeKey, newPushToken, PUSH_TOKEN_PREFIX } from "./intake-gate.js";
import type { Heartbeat, IntakeKey, Signal } from "./intake-repository.js";
import { mapAlert, ruleProblem, type MappingRule } from "./mapping.js";
import { SOURCES } from "./payloads.js";

const IdParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const Source = Type.Union(SOURCES.map((s) => Type.Literal(s)));
const Labels = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 2000 }));
const RuleSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    source: Type.Optional(Source),
    match: Type.Optional(Labels),
    matchRe: Type.Optional(Labels),
    components: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

const keyJSON = (k: IntakeKey) => ({
  id: String(k.id),
  name: k.name,
  prefix: k.prefix,
  hmac: k.hmacSecret !== null,
  exercise: k.exercise,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});
const heartbeatJSON = (h: Heartbeat) => ({
  id: String(h.id),
  name: h.name,
  prefix: h.prefix,
  component: h.component,
  intervalSeconds: h.intervalSeconds,
  exercise: h.exercise,
  state: h.state,
  lastSeenAt: h.lastSeenAt,
  lastMessage: h.lastMessage,
  createdAt: h.createdAt,
  revokedAt: h.revokedAt,
});
export const signalJSON = (s: Signal) => ({
  id: String(s.id),
  source: s.source,
  dedupKey: s.dedupKey,
  summary: s.summary,
  labels: s.labels,
  components: s.components,
  rule: s.rule,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  acknowledgedAt: s.acknowledgedAt,
  receivedAt: s.receivedAt,
  exercise: s.exercise,
  incident: s.incidentId,
});

export const intakeAdminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, intake, intakeGate, organizations, models, jobs, desk } = services;
  const tags = ["intake"];

  app.get("/orgs/:org/intake-keys", { config: { access: { org: "tokens:read" } }, schema: { tags, summary: "The organization's intake keys (never the keys themselves)", params: OrgParams } }, async (request) => {
    const org = orgOf(request);
    return { items: (await intake.keys(db, org.id)).map(keyJSON) };
  });

  app.post(
    "/orgs/:org/intake-keys",
    {
      config: { access: { org: "tokens:write" } },
      schema: {
        tags,
        summary: "Make an intake key (admin); the answer holds the key, shown once",
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            hmacSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 200, description: "Grafana's HMAC secret: signatures are then required" })),
            exercise: Type.Optional(Type.Boolean({ description: "every alert through this key is a drill" })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const body = request.body as { name: string; hmacSecret?: string; exercise?: boolean };
      const secret = newIntakeKey();
      const created = await intake.createKey(db, {
        organizationId: org.id,
        name: body.name,
        keyHash: sha256(secret),
        prefix: secret.slice(0, INTAKE_KEY_PREFIX.length + 6),
        hmacSecret: body.hmacSecret ?? null,
        exercise: body.exercise ?? false,
        createdBy: user.id,
      });
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "intake-key.created", detail: { key: body.name }, ip: request.ip });
      reply.code(201);
      return { ...keyJSON(created), key: secret };
    },
  );

  app.delete("/orgs/:org/intake-keys/:id", { config: { access: { org: "tokens:write" } }, schema: { tags, summary: "Revoke an intake key (it stops working at once)", params: IdParams } }, async (request, reply) => {
    const org = orgOf(request);
    const user = userOf(request);
    const { id } = request.params as Static<typeof IdParams>;
    if (!(await intake.revokeKey(db, org.id, id))) throw notFound(`intake key ${id}`, "id");
    intakeGate.invalidate();
    await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "intake-key.revoked", detail: { id }, ip: request.ip });
    return reply.code(204).send();
  });

  // ---- heartbeats ----------------------------------------------------------------------------
  app.get("/orgs/:org/heartbeats", { config: { access: { org: "tokens:read" } }, schema: { tags, summary: "Heartbeat monitors and their state", params: OrgParams } }, async (request) => {
    return { items: (await intake.heartbeats(db, orgOf(request).id)).map(heartbeatJSON) };
  });

  app.post(
    "/orgs/:org/heartbeats",
    {
      config: { access: { org: "tokens:write" } },
      schema: {
        tags,
        summary: "Make a heartbeat monitor (admin); the answer holds its push address, shown once",
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            component: Type.String({ minLength: 1, maxLength: 200 }),
            intervalSeconds: Type.Integer({ minimum: 1, maximum: 86400 }),
            exercise: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const body = request.body as { name: string; component: string; intervalSeconds: number; exercise?: boolean };
      const state = await models.current(org.id);
      if (!state.componentIndex.has(body.component)) throw badRequest("component", `component "${body.component}" is not in the model`);
      const token = newPushToken();
      const created = await db.transaction(async (tx) => {
        const h = await intake.createHeartbeat(tx, {
          organizationId: org.id,
          name: body.name,
          tokenHash: sha256(token),
          prefix: token.slice(0, PUSH_TOKEN_PREFIX.length + 6),
          component: body.component,
          intervalSeconds: body.intervalSeconds,
          exercise: body.exercise ?? false,
        });
        // a monitor that never beats is down after its first interval
        await JobQueue.enqueue(tx, { kind: "heartbeat-check", key: `heartbeat:${h.id}`, payload: { heartbeatId: h.id }, runAt: new Date(Date.now() + h.intervalSeconds * 1000), replaceRunAt: true });
        return h;
      });
      jobs.wake();
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "heartbeat.created", detail: { name: body.name }, ip: request.ip });
      reply.code(201);
      return { ...heartbeatJSON(created), token, pushPath: `/api/v1/intake/push/${token}?status=up&msg=OK&ping=` };
    },
  );

  app.delete("/orgs/:org/heartbeats/:id", { config: { access: { org: "tokens:write" } }, schema: { tags, summary: "Remove a heartbeat monitor", params: IdParams } }, async (request, reply) => {
    const org = orgOf(request);
    const { id } = request.params as Static<typeof IdParams>;
    if (!(await intake.revokeHeartbeat(db, org.id, id))) throw notFound(`heartbeat ${id}`, "id");
    return reply.code(204).send();
  });

  // ---- mapping rules -------------------------------------------------------------------------
  const checkRules = async (organizationId: number, rules: MappingRule[]) => {
    const state = await models.current(organizationId);
    for (const [i, rule] of rules.entries()) {
      const problem = ruleProblem(rule);
      if (problem) throw badRequest(`rules[${i}]`, `rules[${i}] (${rule.name}): ${problem}`);
      for (const [j, c] of rule.components.entries()) {
        if (!state.componentIndex.has(c)) throw badRequest(`rules[${i}].components[${j}]`, `rules[${i}].components[${j}]: component "${c}" is not in the model`);
      }
    }
  };

  app.get("/orgs/:org/intake-rules", { config: { access: { org: "model:read" } }, schema: { tags, summary: "Mapping rules: alert labels or source → components, first match wins", params: OrgParams } }, async (request) => {
    return { rules: await intake.rules(db, orgOf(request).id) };
  });

  app.put(
    "/orgs/:org/intake-rules",
    {
      config: { access: { org: "model:write" } },
      schema: { tags, summary: "Replace the mapping rules", params: OrgParams, body: Type.Object({ rules: Type.Array(RuleSchema, { maxItems: 1000 }) }, { additionalProperties: false }) },
    },
    async (request) => {
      const org = orgOf(request);
      const { rules } = request.body as { rules: MappingRule[] };
      await checkRules(org.id, rules);
      await db.transaction((tx) => intake.replaceRules(tx, org.id, rules));
      intakeGate.invalidate();
      return { rules };
    },
  );

  app.post(
    "/orgs/:org/intake-rules/preview",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Which components an alert with these labels would mark down (with the saved rules, or the rules given)",
        params: OrgParams,
        body: Type.Object(
          {
            source: Source,
            labels: Labels,
            defaultLabel: Type.Optional(Type.String({ maxLength: 200 })),
            rules: Type.Optional(Type.Array(RuleSchema, { maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const org = orgOf(request);
      const body = request.body as { source: (typeof SOURCES)[number]; labels: Record<string, string>; defaultLabel?: string; rules?: MappingRule[] };
      if (body.rules) for (const [i, r] of body.rules.entries()) if (ruleProblem(r)) throw badRequest(`rules[${i}]`, `rules[${i}]: ${ruleProblem(r)}`);
      const rules = body.rules ?? (await intake.rules(db, org.id));
      const defaults: Record<string, string> = { alertmanager: "component", grafana: "component", pagerduty: "source", cloudevents: "subject", heartbeat: "component" };
      const mapping = mapAlert(rules, body.source, body.labels, body.defaultLabel ?? defaults[body.source]);
      const state = await models.current(org.id);
      return { ...mapping, unknown: mapping.components.filter((c) => !state.componentIndex.has(c)) };
    },
  );

  // ---- signals and the business clock -------------------------------------------------------
  app.get(
    "/orgs/:org/signals",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Signals received, newest first",
        params: OrgParams,
        querystring: Type.Object(
          { open: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const org = orgOf(request);
      const q = request.query as { open?: boolean; limit?: number; before?: number };
      const items = await intake.signals(db, org.id, { open: q.open, limit: q.limit ?? 100, before: q.before });
      const total = await intake.countSignals(db, org.id, q.open ?? false);
      return { items: items.map(signalJSON), total };
    },
  );

  app.get(
    "/orgs/:org/business-clock",
    {
      config: { access: { org: "model:read" } },
      schema: { tags: ["incidents"], summary: "What every open signal means for the business, projected from now", params: OrgParams, querystring: Type.Object({ exercise: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    },
    async (request) => {
      const org = orgOf(request);
      const clock = await desk.organizationClock(org.id, (request.query as { exercise?: boolean }).exercise ?? false);
      return clock ?? { now: new Date(desk.now()).toISOString(), since: null, horizonEnd: null, services: [], downNow: [], plans: [], lossSoFar: 0, lossProjected: 0, unknownComponents: [] };
    },
  );
};
