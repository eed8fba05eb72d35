/**
 * The checks of an organization's current model with their status (the streak, the last results,
 * uptime over 24 hours), and each check's history of results.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { CheckDefinition } from "@continuum/engine";
import type { FastifyPluginAsync } from "fastify";
import { OrgParams } from "../core/schemas.js";
import { orgOf, type Services } from "../core/services.js";
import type { CheckResult } from "./checks-repository.js";

/** Results shown beside each check in the list (the bar of recent runs). */
export const RECENT_RESULTS = 20;
const DAY_MS = 86_400_000;

const CheckParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.String({ minLength: 1, maxLength: 200 }) });

/** What a check looks at, in one line. */
const targetOf = (c: CheckDefinition) => (c.type === "http" ? `${c.method} ${c.url}` : c.type === "tcp" ? c.host! : `${c.recordType} ${c.query}${c.server ? ` @${c.server}` : ""}`);

const resultJSON = (r: CheckResult) => ({
  id: r.id,
  startedAt: r.startedAt,
  success: r.success,
  responseTimeMs: r.responseTimeMs,
  statusCode: r.statusCode,
  error: r.error,
  conditions: r.conditions,
  revision: r.revision,
});

export const checksRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, checks, checkRunner } = services;
  const tags = ["checks"];

  app.get("/orgs/:org/checks", { config: { access: { org: "model:read" } }, schema: { tags, summary: "The model's checks with their status, uptime over 24 hours and last results", params: OrgParams } }, async (request) => {
    const org = orgOf(request);
    const defined = await checkRunner.checksOf(org.id);
    const [states, uptime, latest] = await Promise.all([checks.states(db, org.id), checks.uptime(db, org.id, new Date(Date.now() - DAY_MS)), checks.latest(db, org.id, RECENT_RESULTS)]);
    const items = defined.map((c) => {
      const s = states.get(c.id);
      const u = uptime.get(c.id);
      const recent = latest.get(c.id) ?? [];
      return {
        id: c.id,
        name: c.name,
        component: c.component,
        type: c.type,
        target: targetOf(c),
        intervalMs: c.intervalMs,
        failureThreshold: c.failureThreshold,
        successThreshold: c.successThreshold,
        conditions: c.conditions.map((x) => x.text),
        state: s?.state ?? "pending",
        failures: s?.failures ?? 0,
        successes: s?.successes ?? 0,
        lastRunAt: s?.lastRunAt ?? null,
        uptime24h: u && u.runs ? Math.round((u.successes / u.runs) * 10000) / 100 : null,
        runs24h: u?.runs ?? 0,
        recent: recent.map(resultJSON),
      };
    });
    return { items, total: items.length };
  });

  app.get(
    "/orgs/:org/checks/:id/results",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "A check's results, newest first (`defined`: whether the current model still has it)",
        params: CheckParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params as Static<typeof CheckParams>;
      const q = request.query as { limit?: number; before?: number };
      // a check removed from the model keeps its history: `defined` says whether it still runs
      const defined = (await checkRunner.checksOf(org.id)).some((c) => c.id === id);
      const total = await checks.countResults(db, org.id, id);
      const items = await checks.results(db, org.id, id, { limit: q.limit ?? 100, before: q.before });
      return { items: items.map(resultJSON), total, defined };
    },
  );
};
