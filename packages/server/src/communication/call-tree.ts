/**
 * Call trees with acknowledgement. When an incident is declared, each stakeholder group with a
 * `callTree` is activated: every person is sent the activation message on their first channel,
 * with a link to acknowledge (`/ack/<token>`: public, single use, only its hash is stored). Who
 * has not answered within the group's timeout is escalated to their next channel, and after the
 * last channel their alternates (the alternates of their teams in the model) are asked in turn.
 *
 * Activation and escalation are jobs of the job queue, so a restart loses nothing and a re-run
 * asks no one twice (one request per incident, group and person; one message per channel).
 */
import { createHash, randomBytes } from "node:crypto";
import { messageValues, parseDuration, renderMessage, type MessageLanguage, type MessageTemplateInput, type StakeholderGroupInput } from "@continuum/engine";
import type { Contact, DirectoryRepository } from "../directory/directory-repository.js";
import type { IncidentDesk } from "../incidents/incident-desk.js";
import type { Incident } from "../incidents/incidents-repository.js";
import { JobQueue } from "../incidents/job-queue.js";
import type { Database, Queryable } from "../storage/database.js";
import type { Channel, ChannelDelivery } from "./channels.js";
import { Outbox } from "./outbox.js";
import { alternatesOf, communicationOf, peopleOf } from "./stakeholders.js";

export const CALL_TREE_ACTOR = "Continuum (call tree)";
export const DECLARED_JOB = "communication-declared";
export const ESCALATE_JOB = "call-tree-escalate";
const DEFAULT_TIMEOUT_SECONDS = 15 * 60;

/** The activation message when a group names no template. */
const DEFAULT_ACTIVATION: Pick<MessageTemplateInput, "subject" | "body"> = {
  subject: { ko: "[비상 소집] {{title}} ({{incident}})", en: "[Activation] {{title}} ({{incident}})" },
  body: {
    ko: "{{incident}} {{title}}\n영향 서비스: {{services}} ({{since}}부터)\n\n확인하셨으면 아래 링크를 눌러 응답해 주세요:\n{{ack}}",
    en: "{{incident}} {{title}}\nServices affected: {{services}} (since {{since}})\n\nPlease acknowledge by opening this link:\n{{ack}}",
  },
};

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

interface Route {
  channel: Channel;
  address: string;
}

export interface CallRequestRow {
  id: string;
  incident_id: number;
  organization_id: number;
  stakeholder: string;
  person: string;
  name: string;
  alternate_for: string | null;
  channels: string;
  level: number;
  timeout_seconds: number;
  requested_at: Date | string;
  escalate_at: Date | string | null;
  escalated_at: Date | string | null;
  acknowledged_at: Date | string | null;
  acknowledged_via: string | null;
  exercise: boolean;
}

export class CallTrees {
  constructor(
    private readonly db: Database,
    private readonly desk: IncidentDesk,
    private readonly directory: DirectoryRepository,
    private readonly delivery: ChannelDelivery,
    private readonly publicUrl: () => string,
    private readonly wake: () => void,
  ) {}

  private messageKey(incidentId: number, group: string, person: string) {
    return `call:${incidentId}:${group}:${person}`;
  }

  /** A person's channels in the group's order, with the addresses the directory has for them. */
  routesOf(group: Pick<StakeholderGroupInput, "channels">, contact: Contact | undefined): Route[] {
    if (!contact) return [];
    const order = (group.channels?.length ? group.channels : ["email", "sms"]) as Channel[];
    const address = (c: Channel) => (c === "email" ? contact.emails[0] : c === "sms" || c === "voice" ? contact.phones[0] : c === "slack" || c === "teams" ? contact.webhook ?? undefined : undefined);
    return order.flatMap((channel) => {
      const a = address(channel);
      return a && this.delivery.available(channel) ? [{ channel, address: a }] : [];
    });
  }

  /** The job after a declaration: activate every call tree that starts on declaration. */
  async activate(incidentId: number): Promise<void> {
    const incident = await this.incidentById(incidentId);
    if (!incident || incident.status !== "open") return;
    const comms = communicationOf((await this.desk.compiled(incident.organizationId))?.model);
    const groups = comms.groups.filter((g) => g.callTree && g.callTree.onDeclare !== false);
    if (!groups.length) return;
    const clock = await this.desk.incidentClock(incident);
    for (const group of groups) {
      const people = peopleOf(comms.model, group);
      const contacts = await this.directory.of(this.db, incident.organizationId, people.map((p) => p.id));
      const template = (group.callTree?.template && comms.templates.get(group.callTree.template)) || DEFAULT_ACTIVATION;
      const d = parseDuration(group.callTree?.ackTimeout);
      const timeout = d.ok && d.minutes > 0 ? Math.max(1, Math.round(d.minutes * 60)) : DEFAULT_TIMEOUT_SECONDS;
      await this.db.transaction(async (tx) => {
        for (const person of people) {
          await this.ask(tx, { incident, group, person, contact: contacts.get(person.id), template, timeout, clock, alternateFor: null });
        }
        await this.desk.incidents.log(tx, { incidentId: incident.id, kind: "communication", text: `call tree ${group.id} activated: ${people.length} ${people.length === 1 ? "person" : "people"} asked to acknowledge`, actor: CALL_TREE_ACTOR, exercise: incident.exercise });
      });
    }
    this.wake();
  }

  private async ask(
    tx: Queryable,
    a: { incident: Incident; group: StakeholderGroupInput; person: { id: string; name: string }; contact: Contact | undefined; template: Pick<MessageTemplateInput, "subject" | "body">; timeout: number; clock: Awaited<ReturnType<IncidentDesk["incidentClock"]>>; alternateFor: string | null },
  ): Promise<boolean> {
    const token = randomBytes(24).toString("base64url");
    const routes = this.routesOf(a.group, a.contact);
    const inserted = await tx.query(
      `insert into call_requests (organization_id, incident_id, stakeholder, person, name, alternate_for, token_hash, channels, timeout_seconds, escalate_at, exercise)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::integer, now() + make_interval(secs => $9::integer), $10)
       on conflict (incident_id, stakeholder, person) do nothing returning id`,
      [a.incident.organizationId, a.incident.id, a.group.id, a.person.id, a.contact?.name ?? a.person.name, a.alternateFor, hashToken(token), JSON.stringify(routes), a.timeout, a.incident.exercise],
    );
    if (!inserted.length) return false; // asked already (a re-run job): the first request stands
    const first = routes[0];
    if (!first) return true; // unreachable: shown as such; the timeout escalates to the alternates
    const language: MessageLanguage = (a.contact?.languages.find((l) => l.startsWith("ko") || l.startsWith("en"))?.slice(0, 2) as MessageLanguage | undefined) ?? a.group.language ?? "ko";
    const values = messageValues({ number: a.incident.number, title: a.incident.title, ack: `${this.publicUrl()}/ack/${token}` }, a.clock, language);
    const m = renderMessage(a.template, language, values, { exercise: a.incident.exercise });
    await Outbox.enqueue(tx, [
      { organizationId: a.incident.organizationId, incidentId: a.incident.id, messageKey: this.messageKey(a.incident.id, a.group.id, a.person.id), recipient: a.person.id, channel: first.channel, address: first.address, language, subject: m.subject, body: m.body, exercise: a.incident.exercise, fallback: routes[1] ?? null, createdBy: CALL_TREE_ACTOR },
    ]);
    await JobQueue.enqueue(tx, { kind: ESCALATE_JOB, key: `${ESCALATE_JOB}:${a.incident.id}`, payload: { incidentId: a.incident.id }, runAt: new Date(Date.now() + a.timeout * 1000) });
    return true;
  }

  /** The escalation job: who is past their timeout gets the next channel, then their alternates. */
  async escalate(incidentId: number): Promise<void> {
    const incident = await this.incidentById(incidentId);
    if (!incident) return;
    if (incident.status === "open") {
      const due = await this.db.query<CallRequestRow>("select * from call_requests where incident_id = $1 and acknowledged_at is null and escalate_at <= now() order by id", [incidentId]);
      const comms = due.length ? communicationOf((await this.desk.compiled(incident.organizationId))?.model) : null;
      for (const r of due) {
        const routes = JSON.parse(r.channels) as Route[];
        const next = routes[r.level + 1];
        await this.db.transaction(async (tx) => {
          // claim it: another server's job may be at the same row
          const claimed = await tx.query("update call_requests set level = level + 1, escalated_at = now(), escalate_at = $2 where id = $1 and level = $3 and acknowledged_at is null returning id", [r.id, next ? new Date(Date.now() + r.timeout_seconds * 1000) : null, r.level]);
          if (!claimed.length) return;
          const key = this.messageKey(incident.id, r.stakeholder, r.person);
          if (next) {
            const [sent] = await tx.query<{ subject: string; body: string; language: "ko" | "en" }>("select subject, body, language from outbox where organization_id = $1 and message_key = $2 and recipient = $3 order by id limit 1", [incident.organizationId, key, r.person]);
            if (sent) await Outbox.enqueue(tx, [{ organizationId: incident.organizationId, incidentId: incident.id, messageKey: key, recipient: r.person, channel: next.channel, address: next.address, language: sent.language, subject: sent.subject, body: sent.body, exercise: incident.exercise, createdBy: CALL_TREE_ACTOR }]);
            await this.desk.incidents.log(tx, { incidentId: incident.id, kind: "communication", text: `${r.name} did not acknowledge within ${Math.round(r.timeout_seconds / 60) || `${r.timeout_seconds}s`}${r.timeout_seconds >= 60 ? " min" : ""}: escalated to ${next.channel}`, actor: CALL_TREE_ACTOR, exercise: incident.exercise });
            return;
          }
          const group = comms?.groups.find((g) => g.id === r.stakeholder);
          const alternates = group ? alternatesOf(comms!.model, r.person) : [];
          const clock = await this.desk.incidentClock(incident, tx);
          const contacts = await this.directory.of(tx, incident.organizationId, alternates.map((x) => x.id));
          const template = (group?.callTree?.template && comms!.templates.get(group.callTree.template)) || DEFAULT_ACTIVATION;
          const asked: string[] = [];
          for (const alt of alternates) {
            if (await this.ask(tx, { incident, group: group!, person: alt, contact: contacts.get(alt.id), template, timeout: r.timeout_seconds, clock, alternateFor: r.person })) asked.push(alt.name);
          }
          await this.desk.incidents.log(tx, {
            incidentId: incident.id,
            kind: "communication",
            text: asked.length ? `${r.name} did not acknowledge on any channel: alternate${asked.length > 1 ? "s" : ""} ${asked.join(", ")} asked` : `${r.name} did not acknowledge on any channel and has no alternate left to ask`,
            actor: CALL_TREE_ACTOR,
            exercise: incident.exercise,
          });
        });
      }
    }
    const [next] = await this.db.query<{ at: Date | string | null }>("select min(escalate_at) as at from call_requests where incident_id = $1 and acknowledged_at is null and escalate_at is not null", [incidentId]);
    if (next?.at && incident.status === "open") await JobQueue.enqueue(this.db, { kind: ESCALATE_JOB, key: `${ESCALATE_JOB}:${incidentId}`, payload: { incidentId }, runAt: new Date(next.at), replaceRunAt: true });
    this.wake();
    this.desk.live.publish(`incident:${incidentId}`);
  }

  /** An acknowledgement by link (the token) — single use: a second use finds it answered. */
  async acknowledgeToken(token: string): Promise<{ state: "acknowledged" | "already" | "unknown"; name?: string; incident?: Incident }> {
    const [row] = await this.db.query<CallRequestRow>("select * from call_requests where token_hash = $1", [hashToken(token)]);
    if (!row) return { state: "unknown" };
    const incident = await this.incidentById(row.incident_id);
    const done = await this.acknowledge(row, "link");
    return { state: done ? "acknowledged" : "already", name: row.name, incident };
  }

  /** An acknowledgement recorded in the app (the commander reached them by phone). */
  async acknowledgeById(incidentId: number, requestId: number, by: string): Promise<boolean | null> {
    const [row] = await this.db.query<CallRequestRow>("select * from call_requests where incident_id = $1 and id = $2", [incidentId, requestId]);
    if (!row) return null;
    return this.acknowledge(row, `app (${by})`);
  }

  private async acknowledge(row: CallRequestRow, via: string): Promise<boolean> {
    const done = await this.db.transaction(async (tx) => {
      const updated = await tx.query("update call_requests set acknowledged_at = now(), acknowledged_via = $2, escalate_at = null where id = $1 and acknowledged_at is null returning id", [row.id, via]);
      if (!updated.length) return false;
      // the link has been used: pending copies of the message no longer carry it
      await tx.query("update outbox set body = regexp_replace(body, '/ack/[A-Za-z0-9_-]+', '/ack/(used)', 'g') where organization_id = $1 and message_key = $2 and state = 'pending'", [row.organization_id, this.messageKey(row.incident_id, row.stakeholder, row.person)]);
      await this.desk.incidents.log(tx, { incidentId: row.incident_id, kind: "communication", text: `${row.name} acknowledged (${via})`, actor: row.name, exercise: row.exercise });
      return true;
    });
    if (done) this.desk.live.publish(`incident:${row.incident_id}`);
    return done;
  }

  /** Who was asked, reached, acknowledged or escalated, with each channel's delivery state. */
  async status(incident: Incident) {
    const requests = await this.db.query<CallRequestRow>("select * from call_requests where incident_id = $1 order by id", [incident.id]);
    const messages = await this.db.query<{ message_key: string; recipient: string; channel: Channel; state: string; attempts: number; sent_at: Date | string | null; last_error: string | null }>(
      "select message_key, recipient, channel, state, attempts, sent_at, last_error from outbox where organization_id = $1 and incident_id = $2 and message_key like 'call:%' order by id",
      [incident.organizationId, incident.id],
    );
    return requests.map((r) => {
      const key = this.messageKey(incident.id, r.stakeholder, r.person);
      const deliveries = messages.filter((m) => m.message_key === key && m.recipient === r.person).map((m) => ({ channel: m.channel, state: m.state, attempts: m.attempts, sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null, error: m.last_error }));
      const routes = JSON.parse(r.channels) as Route[];
      const state = r.acknowledged_at ? "acknowledged" : !routes.length ? "unreachable" : r.escalated_at ? "escalated" : deliveries.some((d) => d.state === "sent") ? "reached" : deliveries.every((d) => d.state === "failed") && deliveries.length ? "not-reached" : "sending";
      return {
        id: Number(r.id),
        stakeholder: r.stakeholder,
        person: r.person,
        name: r.name,
        alternateFor: r.alternate_for,
        state,
        level: r.level,
        channels: routes.map((x) => x.channel),
        deliveries,
        requestedAt: new Date(r.requested_at).toISOString(),
        escalateAt: r.escalate_at ? new Date(r.escalate_at).toISOString() : null,
        acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
        acknowledgedVia: r.acknowledged_via,
        exercise: r.exercise,
      };
    });
  }

  private async incidentById(id: number): Promise<Incident | undefined> {
    const [row] = await this.db.query<{ organization_id: number; number: number }>("select organization_id, number from incidents where id = $1", [id]);
    return row ? this.desk.incidents.byNumber(this.db, row.organization_id, row.number) : undefined;
  }
}
