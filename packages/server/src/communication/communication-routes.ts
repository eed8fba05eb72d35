/**
 * Crisis communication of an incident over HTTP: the call tree (who is reached, who is not), the
 * deadline clocks, messages previewed and sent through the outbox, a CAP 1.2 public warning and a
 * printable sheet; and the public acknowledgement page `/ack/:token`.
 */
import { Type, type Static } from "@sinclair/typebox";
import { capTime, capXml, deadlineClocks, messageValues, renderMessage, type CapAlert, type MessageLanguage } from "@continuum/engine";
import type { FastifyPluginAsync } from "fastify";
import { badRequest, notFound } from "../core/problem.js";
import { actorFor, orgOf, userOf, type Services } from "../core/services.js";
import type { Incident } from "../incidents/incidents-repository.js";
import { CHANNELS, type Channel } from "./channels.js";
import { Outbox, type OutboxMessage } from "./outbox.js";
import { communicationOf, peopleOf } from "./stakeholders.js";

const NumberParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const RequestParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }), id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const ClockParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }), clock: Type.String({ minLength: 1, maxLength: 100 }) });
const Language = Type.Union([Type.Literal("ko"), Type.Literal("en")]);
const MessageBody = Type.Object(
  {
    template: Type.String({ minLength: 1, maxLength: 100 }),
    stakeholders: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    cause: Type.Optional(Type.String({ maxLength: 2000 })),
    contact: Type.Optional(Type.String({ maxLength: 500 })),
    /** the client's id for this send: sending twice with it queues nothing new */
    sendId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" })),
  },
  { additionalProperties: false },
);
const CapQuery = Type.Object({ template: Type.String({ minLength: 1, maxLength: 100 }), language: Type.Optional(Language), area: Type.Optional(Type.String({ maxLength: 500 })) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A small bilingual page (the acknowledgement link works on any phone, without the app). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}button{font-size:1.1rem;padding:.75rem 1.5rem;background:#0b57d0;color:#fff;border:0;border-radius:6px}.ex{background:#fde68a;padding:.25rem .5rem;font-weight:700}</style></head>
<body><main>${body}</main></body></html>`;
}

export const communicationRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, desk, communication } = services;
  const tags = ["communication"];

  async function incidentOf(organizationId: number, n: number): Promise<Incident> {
    const incident = await desk.incidents.byNumber(db, organizationId, n);
    if (!incident) throw notFound(`incident ${n}`, "n");
    return incident;
  }

  async function doneMarks(incidentId: number): Promise<Record<string, string>> {
    const rows = await db.query<{ clock: string; done_at: Date | string }>("select clock, done_at from deadline_marks where incident_id = $1", [incidentId]);
    return Object.fromEntries(rows.map((r) => [r.clock, new Date(r.done_at).toISOString()]));
  }

  app.get<{ Params: Static<typeof NumberParams> }>(
    "/orgs/:org/incidents/:n/communication",
    { config: { access: { org: "model:read" } }, schema: { tags, summary: "The call tree (who is reached, who acknowledged, who was escalated) and the deadline clocks", params: NumberParams } },
    async (request) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const comms = communicationOf((await desk.compiled(org.id))?.model);
      const clock = await desk.incidentClock(incident);
      const now = incident.status === "stood-down" && incident.stoodDownAt ? Date.parse(incident.stoodDownAt) : desk.now();
      return {
        exercise: incident.exercise,
        callTree: await communication.callTrees.status(incident),
        clocks: deadlineClocks(comms.rules, { now, declaredAt: incident.openedAt, services: clock?.services ?? [], done: await doneMarks(incident.id) }),
        templates: [...comms.templates.values()].map((t) => ({ id: t.id, name: t.name ?? t.id, audience: t.audience ?? [] })),
        stakeholders: comms.groups.map((g) => ({ id: g.id, name: g.name ?? g.id, kind: g.kind, callTree: Boolean(g.callTree) })),
      };
    },
  );

  app.post<{ Params: Static<typeof RequestParams> }>(
    "/orgs/:org/incidents/:n/call-tree/:id/acknowledge",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Record that a person of the call tree acknowledged (reached another way)", params: RequestParams } },
    async (request) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const actor = await actorFor(request, services);
      const done = await communication.callTrees.acknowledgeById(incident.id, request.params.id, actor.name);
      if (done === null) throw notFound(`call-tree request ${request.params.id}`, "id");
      return { acknowledged: true, already: !done };
    },
  );

  app.post<{ Params: Static<typeof ClockParams> }>(
    "/orgs/:org/incidents/:n/clocks/:clock/done",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Mark a deadline clock done (the notice was given, the press conference held)", params: ClockParams } },
    async (request) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const comms = communicationOf((await desk.compiled(org.id))?.model);
      if (!comms.rules.some((r) => r.id === request.params.clock)) throw notFound(`deadline clock "${request.params.clock}"`, "clock");
      const actor = await actorFor(request, services);
      await db.transaction(async (tx) => {
        const added = await tx.query("insert into deadline_marks (incident_id, clock, done_by, exercise) values ($1, $2, $3, $4) on conflict do nothing returning clock", [incident.id, request.params.clock, actor.name, incident.exercise]);
        if (added.length) await desk.incidents.log(tx, { incidentId: incident.id, kind: "communication", text: `deadline ${request.params.clock} met`, actor: actor.name, exercise: incident.exercise });
      });
      desk.live.publish(`incident:${incident.id}`);
      return { clock: request.params.clock, done: true };
    },
  );

  /** The messages of a template for the groups: rendered per recipient language, one per channel. */
  async function compose(org: { id: number }, incident: Incident, body: Static<typeof MessageBody>) {
    const cm = await desk.compiled(org.id);
    const comms = communicationOf(cm?.model);
    const template = comms.templates.get(body.template);
    if (!template) throw badRequest("template", `"${body.template}" is not a template of the model`, `templates: ${[...comms.templates.keys()].join(", ") || "none"}`);
    const wanted = body.stakeholders?.length ? body.stakeholders : (template.audience ?? []);
    const groups = wanted.map((id, i) => {
      const g = comms.groups.find((x) => x.id === id);
      if (!g) throw badRequest(`stakeholders[${i}]`, `"${id}" is not a stakeholder group of the model`);
      return g;
    });
    const clock = await desk.incidentClock(incident);
    const facts = { number: incident.number, title: incident.title, cause: body.cause, contact: body.contact };
    const preview = Object.fromEntries((["ko", "en"] as const).map((l) => [l, renderMessage(template, l, messageValues(facts, clock, l), { exercise: incident.exercise })]));
    const recipients: Array<Omit<OutboxMessage, "organizationId" | "messageKey" | "createdBy">> = [];
    for (const g of groups) {
      const people = peopleOf(comms.model, g);
      const contacts = await services.directory.of(db, incident.organizationId, people.map((p) => p.id));
      for (const p of people) {
        const routes = communication.callTrees.routesOf(g, contacts.get(p.id));
        const language = (contacts.get(p.id)?.languages.find((l) => l === "ko" || l === "en") as MessageLanguage | undefined) ?? g.language ?? "ko";
        if (routes[0]) recipients.push({ recipient: p.id, channel: routes[0].channel, address: routes[0].address, fallback: routes[1] ?? null, language, subject: preview[language].subject, body: preview[language].body, exercise: incident.exercise, incidentId: incident.id });
      }
      for (const a of g.addresses ?? []) {
        const channel: Channel = /^https?:/.test(a) ? "slack" : "email";
        const language = g.language ?? "ko";
        recipients.push({ recipient: a, channel, address: a, language, subject: preview[language].subject, body: preview[language].body, exercise: incident.exercise, incidentId: incident.id });
      }
      for (const [i, w] of (g.webhooks ?? []).entries()) {
        const language = g.language ?? "ko";
        recipients.push({ recipient: `${g.id}#webhook${i + 1}`, channel: w.format as Channel, address: w.url, language, subject: preview[language].subject, body: preview[language].body, exercise: incident.exercise, incidentId: incident.id });
      }
    }
    return { preview, recipients, groups: groups.map((g) => g.id) };
  }

  app.post<{ Params: Static<typeof NumberParams>; Body: Static<typeof MessageBody> }>(
    "/orgs/:org/incidents/:n/messages/preview",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Preview a message: the template filled in Korean and English, and how many recipients per channel", params: NumberParams, body: MessageBody } },
    async (request) => {
      const org = orgOf(request);
      const { preview, recipients, groups } = await compose(org, await incidentOf(org.id, request.params.n), request.body);
      const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, recipients.filter((r) => r.channel === c).length]).filter(([, n]) => n));
      return { ko: preview.ko, en: preview.en, stakeholders: groups, recipients: recipients.length, byChannel };
    },
  );

  app.post<{ Params: Static<typeof NumberParams>; Body: Static<typeof MessageBody> }>(
    "/orgs/:org/incidents/:n/messages",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Send a message to stakeholder groups through the outbox (retried, a second channel after a failure)", params: NumberParams, body: MessageBody } },
    async (request, reply) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const { recipients } = await compose(org, incident, request.body);
      if (!recipients.length) throw badRequest("stakeholders", "no one in these groups can be reached (no directory entry with an address, no list address, no webhook)");
      const user = userOf(request);
      const messageKey = `send:${incident.id}:${request.body.sendId ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`}`;
      const queued = await db.transaction(async (tx) => {
        const n = await Outbox.enqueue(tx, recipients.map((r) => ({ ...r, organizationId: org.id, messageKey, createdBy: user.name })));
        if (n) await desk.incidents.log(tx, { incidentId: incident.id, kind: "communication", text: `message ${request.body.template} queued for ${n} recipient${n === 1 ? "" : "s"}`, actor: user.name, exercise: incident.exercise });
        return n;
      });
      services.jobs.wake();
      return reply.code(202).send({ messageKey, queued, recipients: recipients.length });
    },
  );

  app.get<{ Params: Static<typeof NumberParams>; Querystring: Static<typeof CapQuery> }>(
    "/orgs/:org/incidents/:n/cap",
    { config: { access: { org: "model:read" } }, schema: { tags, summary: "A public warning as a CAP 1.2 alert (status Exercise for a drill)", params: NumberParams, querystring: CapQuery } },
    async (request, reply) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const comms = communicationOf((await desk.compiled(org.id))?.model);
      const template = comms.templates.get(request.query.template);
      if (!template) throw badRequest("template", `"${request.query.template}" is not a template of the model`);
      const clock = await desk.incidentClock(incident);
      const infos = (request.query.language ? [request.query.language] : (["ko", "en"] as const)).map((language) => {
        const m = renderMessage(template, language, messageValues({ number: incident.number, title: incident.title }, clock, language));
        return {
          language: language === "ko" ? "ko-KR" : "en-US",
          category: ["Infra" as const],
          event: language === "ko" ? "서비스 장애" : "Service outage",
          urgency: "Immediate" as const,
          severity: incident.severity === "sev1" ? ("Severe" as const) : incident.severity === "sev2" ? ("Moderate" as const) : ("Minor" as const),
          certainty: "Observed" as const,
          senderName: org.name,
          headline: m.subject.slice(0, 160),
          description: m.body,
          area: [{ areaDesc: request.query.area ?? (language === "ko" ? "서비스 이용 지역 전체" : "Everywhere the service is used") }],
        };
      });
      const alert: CapAlert = {
        identifier: `continuum-${org.slug}-${incident.number}-${Date.parse(incident.openedAt)}`,
        sender: `continuum@${org.slug}`,
        sent: capTime(desk.now()),
        status: incident.exercise ? "Exercise" : "Actual",
        msgType: "Alert",
        scope: "Public",
        note: incident.exercise ? "EXERCISE / 훈련" : undefined,
        info: infos,
      };
      return reply.type("application/xml; charset=utf-8").send(capXml(alert));
    },
  );

  app.get<{ Params: Static<typeof NumberParams> }>(
    "/orgs/:org/incidents/:n/communication/sheet",
    { config: { access: { org: "contacts:read" } }, schema: { tags, summary: "A printable call sheet: who to call and how, for when every system is down", params: NumberParams } },
    async (request, reply) => {
      const org = orgOf(request);
      const incident = await incidentOf(org.id, request.params.n);
      const tree = await communication.callTrees.status(incident);
      const contacts = await services.directory.of(db, org.id, tree.map((t) => t.person));
      const rows = tree
        .map((t) => {
          const c = contacts.get(t.person);
          return `<tr><td>${escapeHtml(t.name)}${t.alternateFor ? ` <small>(대리 / alternate for ${escapeHtml(t.alternateFor)})</small>` : ""}</td><td>${escapeHtml(t.stakeholder)}</td><td>${escapeHtml((c?.phones ?? []).join(", "))}</td><td>${escapeHtml((c?.emails ?? []).join(", "))}</td><td>${t.acknowledgedAt ? "✓" : "☐"}</td></tr>`;
        })
        .join("");
      const title = `${incident.exercise ? "[훈련 / EXERCISE] " : ""}#${incident.number} ${incident.title}`;
      return reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
        .send(page(title, `<h1>${escapeHtml(title)}</h1><p>비상 연락망 / Call sheet — ${escapeHtml(new Date().toISOString())}</p><table border="1" cellpadding="4"><thead><tr><th>이름 Name</th><th>그룹 Group</th><th>전화 Phone</th><th>이메일 E-mail</th><th>응답 Ack</th></tr></thead><tbody>${rows}</tbody></table>`));
    },
  );
};

/** The public acknowledgement link: a page with one button (a mail scanner that opens links acknowledges nothing). */
export const acknowledgementPages: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
  // the page's form posts no fields: the token is in the path
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
  app.get<{ Params: Static<typeof TokenParams> }>("/ack/:token", { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    reply.type("text/html; charset=utf-8").header("content-security-policy", csp).header("cache-control", "no-store").header("referrer-policy", "no-referrer");
    return page(
      "응답 확인 / Acknowledge",
      `<h1>비상 소집 응답 / Acknowledge</h1><p>아래 버튼을 누르면 지휘자에게 응답이 전달됩니다.<br>Press the button to tell the incident commander you have the message.</p>
<form method="post" action="/ack/${escapeHtml(request.params.token)}"><button type="submit">응답합니다 / I acknowledge</button></form>`,
    );
  });
  app.post<{ Params: Static<typeof TokenParams> }>("/ack/:token", { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
    reply.type("text/html; charset=utf-8").header("content-security-policy", csp).header("cache-control", "no-store").header("referrer-policy", "no-referrer");
    const r = await services.communication.callTrees.acknowledgeToken(request.params.token);
    if (r.state === "unknown") return reply.code(404).send(page("없는 링크 / Unknown link", "<h1>알 수 없는 링크 / Unknown link</h1><p>이 링크는 유효하지 않습니다. This link is not valid.</p>"));
    const ex = r.incident?.exercise ? '<p class="ex">훈련 / EXERCISE</p>' : "";
    const what = r.incident ? escapeHtml(`#${r.incident.number} ${r.incident.title}`) : "";
    if (r.state === "already") return page("이미 응답함 / Already acknowledged", `${ex}<h1>이미 응답했습니다 / Already acknowledged</h1><p>${what}</p>`);
    return page("응답 완료 / Acknowledged", `${ex}<h1>응답이 기록되었습니다 / Acknowledged</h1><p>${escapeHtml(r.name ?? "")} — ${what}</p>`);
  });
};
