/**
 * Incidents: declared by hand or by rule, worked in the incident room (roles with acknowledgement,
 * tasks from the activated plans, decisions, a timeline), stood down, reviewed. Every answer
 * carries the live status of each affected service against its RTO and MTPD.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { BusinessClock } from "@continuum/engine";
import type { FastifyPluginAsync } from "fastify";
import { badRequest, conflict, notFound } from "../core/problem.js";
import { OrgParams } from "../core/schemas.js";
import { orgOf, userOf, type Services } from "../core/services.js";
import { signalJSON } from "../intake/intake-admin-routes.js";
import type { Queryable } from "../storage/database.js";
import { EVENT_STREAM_HEADERS, LiveHub } from "./live.js";
import { INCIDENT_ROLES, SEVERITIES, type Incident, type IncidentRole } from "./incidents-repository.js";

const NumberParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const RoleParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }), role: Type.Union(INCIDENT_ROLES.map((r) => Type.Literal(r))) });
const TaskParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }), task: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const SHOWN_SIGNALS = 200;

/** Live status of one affected service, as every list and room shows it. */
function servicesOf(clock: BusinessClock | null) {
  return (clock?.services ?? []).map((s) => ({
    id: s.id,
    name: s.name,
    tier: s.tier,
    state: s.state,
    downAt: s.downAt,
    upAt: s.upAt,
    rtoMinutes: s.rtoMinutes,
    mtpdMinutes: s.mtpdMinutes,
    rtoBreachAt: s.rtoBreachAt,
    mtpdBreachAt: s.mtpdBreachAt,
    lossSoFar: s.lossSoFar,
    lossProjected: s.lossProjected,
  }));
}

export const incidentsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, desk, organizations } = services;
  const repo = desk.incidents;
  const tags = ["incidents"];
  // open rooms end when the server closes (else closing would wait for every browser to leave)
  const streams = new Set<import("node:http").ServerResponse>();
  app.addHook("preClose", async () => {
    for (const res of streams) res.end();
  });

  async function summary(incident: Incident, q: Queryable = db) {
    const clock = await desk.incidentClock(incident, q);
    const counts = await desk.signalCount(q, incident.id);
    return {
      number: incident.number,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      exercise: incident.exercise,
      root: incident.root,
      declaredBy: incident.declaredByRule ? { rule: incident.declaredByRule, name: incident.declaredByName } : { rule: null, name: incident.declaredByName },
      openedAt: incident.openedAt,
      stoodDownAt: incident.stoodDownAt,
      signals: counts,
      affectedServices: servicesOf(clock),
      plansActivated: (clock?.plans ?? []).map((p) => ({ id: p.id, name: p.name, activatedAt: p.activatedAt, completedAt: p.completedAt })),
      lossSoFar: clock?.lossSoFar ?? 0,
      lossProjected: clock?.lossProjected ?? 0,
      now: clock?.now ?? new Date(desk.now()).toISOString(),
    };
  }

  async function detail(incident: Incident) {
    const clock = await desk.incidentClock(incident);
    const [base, roles, tasks, decisions, timeline, signals, nonconformities] = await Promise.all([
      summary(incident),
      repo.roles(db, incident.id),
      repo.tasks(db, incident.id),
      repo.decisions(db, incident.id),
      repo.timeline(db, incident.id),
      desk.incidentSignals(db, incident.id, false),
      repo.nonconformities(db, incident.organizationId, incident.id),
    ]);
    return {
      ...base,
      standDownReason: incident.standDownReason,
      stoodDownBy: incident.stoodDownBy,
      components: incident.components,
      downNow: clock?.downNow ?? [],
      plans: clock?.plans ?? [],
      roles: INCIDENT_ROLES.map((role) => {
        const a = roles.find((r) => r.role === role);
        return a
          ? { role, user: a.userId === null ? null : { id: String(a.userId), name: a.userName }, team: a.team, assignedBy: a.assignedBy, assignedAt: a.assignedAt, acknowledgedAt: a.acknowledgedAt }
          : { role, user: null, team: null, assignedBy: null, assignedAt: null, acknowledgedAt: null };
      }),
      tasks: tasks.map((t) => ({ ...t, id: String(t.id) })),
      decisions: decisions.map((d) => ({ ...d, id: String(d.id), decidedByUser: d.decidedByUser === null ? null : String(d.decidedByUser) })),
      timeline: timeline.map((e) => ({ ...e, id: String(e.id) })),
      signalList: { items: signals.slice(0, SHOWN_SIGNALS).map(signalJSON), more: Math.max(0, signals.length - SHOWN_SIGNALS) },
      review: incident.review,
      nonconformities: nonconformities.map((n) => ({ ...n, id: String(n.id) })),
    };
  }

  async function load(org: { id: number }, n: number): Promise<Incident> {
    const incident = await repo.byNumber(db, org.id, n);
    if (!incident) throw notFound(`incident ${n}`, "n");
    return incident;
  }
  const mustBeOpen = (incident: Incident) => {
    if (incident.status !== "open") throw conflict(`incident ${incident.number} was stood down at ${incident.stoodDownAt}; it is a record now`, "n");
  };

  app.get(
    "/orgs/:org/incidents",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Incidents, newest first; each with its affected services (rtoBreachAt, mtpdBreachAt) and the plans activated",
        params: OrgParams,
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("stood-down")])) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const org = orgOf(request);
      const list = await repo.list(db, org.id, (request.query as { status?: "open" | "stood-down" }).status);
      return { items: await Promise.all(list.map((i) => summary(i))), total: list.length };
    },
  );

  app.post(
    "/orgs/:org/incidents",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Declare an incident by hand",
        params: OrgParams,
        body: Type.Object(
          {
            title: Text(200),
            severity: Severity,
            components: Type.Optional(Type.Array(Text(200), { maxItems: 1000, description: "components known to be down, since now" })),
            signals: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10000, description: "open signals to attach" })),
            exercise: Type.Optional(Type.Boolean({ description: "a drill: every record of it is marked" })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const body = request.body as { title: string; severity: (typeof SEVERITIES)[number]; components?: string[]; signals?: number[]; exercise?: boolean };
      const state = await services.models.current(org.id);
      for (const [i, c] of (body.components ?? []).entries()) {
        if (!state.componentIndex.has(c)) throw badRequest(`components[${i}]`, `component "${c}" is not in the model`);
      }
      const exercise = body.exercise ?? false;
      const incident = await db.transaction(async (tx) => {
        const created = await repo.create(tx, {
          organizationId: org.id,
          title: body.title,
          severity: body.severity,
          exercise,
          root: body.components?.[0] ?? null,
          rule: null,
          userId: user.id,
          byName: user.name,
          components: body.components ?? [],
        });
        if (body.signals?.length) {
          const ok = await tx.query<{ id: string }>("select id from signals where organization_id = $1 and id = any($2::bigint[]) and ended_at is null and exercise = $3", [org.id, body.signals, exercise]);
          await repo.attachSignals(tx, created.id, ok.map((r) => Number(r.id)));
        }
        await repo.log(tx, { incidentId: created.id, kind: "declared", text: `declared by ${user.name} (${body.severity})${exercise ? " — exercise" : ""}`, actor: user.name, exercise });
        await repo.assignRole(tx, { incidentId: created.id, role: "commander", userId: user.id, userName: user.name, team: null, by: user.name, exercise });
        return created;
      });
      await desk.refreshTasks(incident, true);
      desk.changed(incident);
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "incident.declared", detail: { number: incident.number, exercise }, ip: request.ip });
      reply.code(201);
      return detail(incident);
    },
  );

  app.get("/orgs/:org/incidents/:n", { config: { access: { org: "model:read" } }, schema: { tags, summary: "An incident: clock, roles, tasks, decisions, timeline, signals", params: NumberParams } }, async (request) => {
    const org = orgOf(request);
    return detail(await load(org, (request.params as Static<typeof NumberParams>).n));
  });

  // the incident list, live: `changed` after every change of the organization's incidents (the list re-reads it)
  app.get(
    "/orgs/:org/incidents/live",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Server-sent events: `changed` whenever an incident of the organization changes (re-read the list)",
        params: OrgParams,
        querystring: Type.Object({ once: Type.Optional(Type.Boolean({ description: "answer one `changed` and end (for scripts)" })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      if ((request.query as { once?: boolean }).once) return reply.header("content-type", "text/event-stream; charset=utf-8").send("event: changed\ndata: {}\n\n");
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, EVENT_STREAM_HEADERS);
      let timer: NodeJS.Timeout | undefined;
      // a storm publishes many changes: one event per 500 ms at most
      const changed = () => (timer ??= setTimeout(() => ((timer = undefined), res.write("event: changed\ndata: {}\n\n")), 500));
      const stop = desk.live.listen(LiveHub.organization(org.id), changed);
      const beat = setInterval(() => res.write(": beat\n\n"), 30_000);
      streams.add(res);
      request.raw.on("close", () => {
        streams.delete(res);
        stop();
        clearInterval(beat);
        if (timer) clearTimeout(timer);
      });
      res.write("retry: 2000\n\n");
    },
  );

  // the incident room, live: the whole incident on connect and after every change; a beat keeps proxies from closing it
  app.get(
    "/orgs/:org/incidents/:n/live",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Server-sent events: `incident` with the whole incident on every change",
        params: NumberParams,
        querystring: Type.Object({ once: Type.Optional(Type.Boolean({ description: "send the incident once and end (for scripts)" })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
    const org = orgOf(request);
    const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
    if ((request.query as { once?: boolean }).once) {
      reply.header("content-type", "text/event-stream; charset=utf-8");
      return reply.send(`event: incident\ndata: ${JSON.stringify(await detail(incident))}\n\n`);
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, EVENT_STREAM_HEADERS);
    let pending = false;
    let closed = false;
    const send = async () => {
      if (closed || pending) return;
      pending = true;
      // changes that arrive while one is being sent are folded into the next
      await new Promise((r) => setTimeout(r, 50));
      pending = false;
      try {
        const fresh = (await repo.byNumber(db, org.id, incident.number)) ?? incident;
        if (!closed) res.write(`event: incident\ndata: ${JSON.stringify(await detail(fresh))}\n\n`);
      } catch (e) {
        request.log.warn({ err: e }, "live incident update failed");
      }
    };
    const stop = desk.live.listen(LiveHub.incident(incident.id), () => void send());
    // re-read every 30 s as well: clocks move with time, and other servers may have written
    const beat = setInterval(() => {
      res.write(": beat\n\n");
      void send();
    }, 30_000);
    streams.add(res);
    request.raw.on("close", () => {
      streams.delete(res);
      closed = true;
      stop();
      clearInterval(beat);
    });
    res.write("retry: 2000\n\n");
    void send();
    },
  );

  app.patch(
    "/orgs/:org/incidents/:n",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Change an incident's severity", params: NumberParams, body: Type.Object({ severity: Severity }, { additionalProperties: false }) } },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      mustBeOpen(incident);
      const { severity } = request.body as { severity: (typeof SEVERITIES)[number] };
      await db.transaction(async (tx) => {
        await repo.setSeverity(tx, incident.id, severity);
        await repo.log(tx, { incidentId: incident.id, kind: "severity", text: `severity ${incident.severity} → ${severity}`, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      return detail({ ...incident, severity });
    },
  );

  app.get("/orgs/:org/responders", { config: { access: { org: "model:read" } }, schema: { tags, summary: "Members who can fill incident roles (names only)", params: OrgParams } }, async (request) => {
    const members = await organizations.members(db, orgOf(request).id);
    return { items: members.filter((m) => m.role !== "auditor").map((m) => ({ id: String(m.user.id), name: m.user.name, role: m.role })) };
  });

  app.put(
    "/orgs/:org/incidents/:n/roles/:role",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Assign an incident role (commander, deputy, communications, scribe, operations) to a member; they acknowledge it",
        params: RoleParams,
        body: Type.Object({ userId: Type.String({ pattern: "^[0-9]{1,10}$" }), team: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const { n, role } = request.params as Static<typeof RoleParams>;
      const incident = await load(org, n);
      mustBeOpen(incident);
      const body = request.body as { userId: string; team?: string };
      const member = await organizations.member(db, org.id, Number(body.userId));
      if (!member) throw badRequest("userId", `user ${body.userId} is not a member of this organization`);
      await db.transaction(async (tx) => {
        await repo.assignRole(tx, { incidentId: incident.id, role: role as IncidentRole, userId: member.user.id, userName: member.user.name, team: body.team ?? null, by: user.name, exercise: incident.exercise });
        await repo.log(tx, { incidentId: incident.id, kind: "role", text: `${role}: ${member.user.name}`, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      return detail(incident);
    },
  );

  app.post(
    "/orgs/:org/incidents/:n/acknowledge",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Acknowledge every role of this incident assigned to me", params: NumberParams } },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      const mine = (await repo.roles(db, incident.id)).filter((r) => r.userId === user.id && !r.acknowledgedAt);
      await db.transaction(async (tx) => {
        for (const r of mine) {
          await repo.acknowledgeRole(tx, incident.id, r.role, user.id);
          await repo.log(tx, { incidentId: incident.id, kind: "acknowledged", text: `${user.name} acknowledged ${r.role}`, actor: user.name, exercise: incident.exercise });
        }
      });
      if (mine.length) desk.changed(incident);
      return { acknowledged: mine.map((r) => r.role) };
    },
  );

  app.post(
    "/orgs/:org/incidents/:n/decisions",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Record a decision: what, the options weighed, the rationale",
        params: NumberParams,
        body: Type.Object(
          { decision: Text(2000), options: Type.Optional(Type.Array(Text(500), { maxItems: 20 })), rationale: Type.Optional(Type.String({ maxLength: 4000 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      mustBeOpen(incident);
      const body = request.body as { decision: string; options?: string[]; rationale?: string };
      await db.transaction(async (tx) => {
        await repo.addDecision(tx, { incidentId: incident.id, userId: user.id, by: user.name, decision: body.decision, options: body.options ?? [], rationale: body.rationale ?? "", exercise: incident.exercise });
        await repo.log(tx, { incidentId: incident.id, kind: "decision", text: body.decision, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      reply.code(201);
      return detail(incident);
    },
  );

  app.post(
    "/orgs/:org/incidents/:n/notes",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Add a note to the timeline", params: NumberParams, body: Type.Object({ text: Text(4000) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      await repo.log(db, { incidentId: incident.id, kind: "note", text: (request.body as { text: string }).text, actor: user.name, exercise: incident.exercise });
      desk.changed(incident);
      reply.code(201);
      return detail(incident);
    },
  );

  app.patch(
    "/orgs/:org/incidents/:n/tasks/:task",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Tick a task done (or not done)", params: TaskParams, body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }) } },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const { n, task } = request.params as Static<typeof TaskParams>;
      const incident = await load(org, n);
      mustBeOpen(incident);
      const { done } = request.body as { done: boolean };
      await db.transaction(async (tx) => {
        const t = await repo.completeTask(tx, incident.id, task, user.name, done);
        if (!t) throw notFound(`task ${task}`, "task");
        await repo.log(tx, { incidentId: incident.id, kind: "task", text: `${done ? "done" : "reopened"}: ${t.name} (${t.plan})`, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      return detail(incident);
    },
  );

  app.post(
    "/orgs/:org/incidents/:n/stand-down",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Stand down: the incident's clock is frozen as a record", params: NumberParams, body: Type.Object({ reason: Text(2000) }, { additionalProperties: false }) } },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      mustBeOpen(incident);
      const { reason } = request.body as { reason: string };
      const snapshot = await desk.incidentClock(incident);
      await db.transaction(async (tx) => {
        await repo.standDown(tx, incident.id, user.name, reason, snapshot);
        await repo.log(tx, { incidentId: incident.id, kind: "stand-down", text: reason, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: "incident.stood-down", detail: { number: incident.number }, ip: request.ip });
      return detail((await repo.byNumber(db, org.id, incident.number))!);
    },
  );

  app.post(
    "/orgs/:org/incidents/:n/review",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "The post-incident review; each finding raised becomes a nonconformity (a record)",
        params: NumberParams,
        body: Type.Object(
          {
            summary: Text(8000),
            wentWell: Type.Optional(Type.String({ maxLength: 8000 })),
            toImprove: Type.Optional(Type.String({ maxLength: 8000 })),
            nonconformities: Type.Optional(Type.Array(Type.Object({ title: Text(200), description: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }), { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const user = userOf(request);
      const incident = await load(org, (request.params as Static<typeof NumberParams>).n);
      if (incident.status !== "stood-down") throw conflict(`incident ${incident.number} is still open: stand it down before its review`, "n");
      const body = request.body as { summary: string; wentWell?: string; toImprove?: string; nonconformities?: Array<{ title: string; description?: string }> };
      await db.transaction(async (tx) => {
        await repo.setReview(tx, incident.id, { summary: body.summary, wentWell: body.wentWell ?? "", toImprove: body.toImprove ?? "", by: user.name, at: new Date().toISOString() });
        for (const n of body.nonconformities ?? []) {
          await repo.raiseNonconformity(tx, { organizationId: org.id, incidentId: incident.id, title: n.title, description: n.description ?? "", by: user.name, exercise: incident.exercise });
        }
        await repo.log(tx, { incidentId: incident.id, kind: "review", text: `review recorded; ${body.nonconformities?.length ?? 0} nonconformities raised`, actor: user.name, exercise: incident.exercise });
      });
      desk.changed(incident);
      reply.code(201);
      return detail((await repo.byNumber(db, org.id, incident.number))!);
    },
  );

  app.get("/orgs/:org/nonconformities", { config: { access: { org: "model:read" } }, schema: { tags, summary: "Nonconformities raised by reviews, newest first", params: OrgParams } }, async (request) => {
    const list = await repo.nonconformities(db, orgOf(request).id);
    return { items: list.map((n) => ({ ...n, id: String(n.id), incidentId: n.incidentId === null ? null : String(n.incidentId) })) };
  });
};
