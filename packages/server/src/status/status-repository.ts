/** SQL for the status page: publication, updates, subscriptions. Every query is scoped by organization. */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../storage/database.js";
import type { Localized, Phase, ServiceState, StatusUpdate } from "./service-states.js";
import type { Channel, Subscriber } from "./status-notices.js";
import type { Lang } from "./status-text.js";

export const HISTORY_DAYS = 90;

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = () => randomBytes(24).toString("base64url");

type Row = Record<string, unknown>;

const UPDATE_COLUMNS = `u.id, coalesce(u.thread, u.id) as thread, i.number as incident_number, u.phase, u.title, u.message, u.services, u.exercise, u.author_name, u.at`;

function updateOf(r: Row): StatusUpdate {
  return {
    id: Number(r.id),
    thread: Number(r.thread),
    incidentNumber: r.incident_number === null || r.incident_number === undefined ? null : Number(r.incident_number),
    phase: r.phase as Phase,
    title: JSON.parse(String(r.title)) as Localized,
    message: JSON.parse(String(r.message)) as Localized,
    services: JSON.parse(String(r.services)) as Array<{ id: string; state: ServiceState }>,
    exercise: Boolean(r.exercise),
    authorName: String(r.author_name),
    at: new Date(r.at as string).toISOString(),
  };
}

function subscriberOf(r: Row): Subscriber {
  return { id: Number(r.id), channel: r.channel as Channel, address: String(r.address), services: JSON.parse(String(r.services)) as string[], lang: r.lang as Lang, unsubscribeToken: String(r.unsubscribe_token) };
}

export class StatusRepository {
  async published(q: Queryable, organizationId: number): Promise<boolean> {
    const rows = await q.query<{ published: boolean }>("select published from status_pages where organization_id = $1", [organizationId]);
    return rows[0]?.published ?? false;
  }

  async setPublished(q: Queryable, organizationId: number, published: boolean, by: string): Promise<void> {
    await q.query(
      `insert into status_pages (organization_id, published, changed_by) values ($1, $2, $3)
       on conflict (organization_id) do update set published = excluded.published, changed_by = excluded.changed_by, changed_at = now()`,
      [organizationId, published, by],
    );
  }

  /** Updates of the threads active in the past 90 days, and of every thread not resolved yet. */
  async recentUpdates(q: Queryable, organizationId: number, now: Date): Promise<StatusUpdate[]> {
    const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    const rows = await q.query(
      `select ${UPDATE_COLUMNS} from status_updates u left join incidents i on i.id = u.incident_id
        where u.organization_id = $1 and coalesce(u.thread, u.id) in (
          select coalesce(thread, id) from status_updates where organization_id = $1 and at >= $2
          union
          select t from (select distinct on (coalesce(thread, id)) coalesce(thread, id) as t, phase from status_updates
                          where organization_id = $1 order by coalesce(thread, id), at desc, id desc) latest where phase <> 'resolved')
        order by u.at desc, u.id desc`,
      [organizationId, since],
    );
    return rows.map(updateOf);
  }

  async update(q: Queryable, organizationId: number, id: number): Promise<StatusUpdate | undefined> {
    const rows = await q.query(`select ${UPDATE_COLUMNS} from status_updates u left join incidents i on i.id = u.incident_id where u.organization_id = $1 and u.id = $2`, [organizationId, id]);
    return rows[0] ? updateOf(rows[0]) : undefined;
  }

  /** The thread an incident's updates continue (its first update), if it has one. */
  async threadOfIncident(q: Queryable, organizationId: number, incidentId: number): Promise<number | undefined> {
    const rows = await q.query<{ id: number }>("select id from status_updates where organization_id = $1 and incident_id = $2 and thread is null order by id limit 1", [organizationId, incidentId]);
    return rows[0] ? Number(rows[0].id) : undefined;
  }

  async addUpdate(
    q: Queryable,
    u: { organizationId: number; thread: number | null; incidentId: number | null; phase: Phase; title: Localized; message: Localized; services: Array<{ id: string; state: ServiceState }>; exercise: boolean; authorUser: number | null; authorName: string },
  ): Promise<number> {
    const rows = await q.query<{ id: number }>(
      `insert into status_updates (organization_id, thread, incident_id, phase, title, message, services, exercise, author_user, author_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [u.organizationId, u.thread, u.incidentId, u.phase, JSON.stringify(u.title), JSON.stringify(u.message), JSON.stringify(u.services), u.exercise, u.authorUser, u.authorName],
    );
    return Number(rows[0].id);
  }

  /** A new, unconfirmed subscription; the opt-in token is answered once (only its hash is kept). */
  async subscribe(q: Queryable, s: { organizationId: number; channel: Channel; address: string; services: string[]; lang: Lang }): Promise<{ subscriber: Subscriber; confirmToken: string }> {
    const confirmToken = newToken();
    const rows = await q.query(
      `insert into status_subscriptions (organization_id, channel, address, services, lang, confirm_hash, unsubscribe_token)
       values ($1, $2, $3, $4, $5, $6, $7) returning id, channel, address, services, lang, unsubscribe_token`,
      [s.organizationId, s.channel, s.address, JSON.stringify(s.services), s.lang, tokenHash(confirmToken), newToken()],
    );
    return { subscriber: subscriberOf(rows[0]), confirmToken };
  }

  async confirm(q: Queryable, organizationId: number, token: string): Promise<boolean> {
    const rows = await q.query("update status_subscriptions set confirmed_at = coalesce(confirmed_at, now()) where organization_id = $1 and confirm_hash = $2 and unsubscribed_at is null returning id", [organizationId, tokenHash(token)]);
    return rows.length > 0;
  }

  async unsubscribe(q: Queryable, organizationId: number, token: string): Promise<boolean> {
    const rows = await q.query("update status_subscriptions set unsubscribed_at = coalesce(unsubscribed_at, now()) where organization_id = $1 and unsubscribe_token = $2 returning id", [organizationId, token]);
    return rows.length > 0;
  }

  async isSubscribed(q: Queryable, organizationId: number, token: string): Promise<boolean> {
    const rows = await q.query("select 1 from status_subscriptions where organization_id = $1 and unsubscribe_token = $2 and unsubscribed_at is null", [organizationId, token]);
    return rows.length > 0;
  }

  /** Confirmed, not unsubscribed. */
  async subscribers(q: Queryable, organizationId: number): Promise<Subscriber[]> {
    const rows = await q.query("select id, channel, address, services, lang, unsubscribe_token from status_subscriptions where organization_id = $1 and confirmed_at is not null and unsubscribed_at is null order by id", [organizationId]);
    return rows.map(subscriberOf);
  }

  async subscriptionCounts(q: Queryable, organizationId: number): Promise<{ confirmed: number; pending: number }> {
    const rows = await q.query<{ confirmed: number; pending: number }>(
      `select count(*) filter (where confirmed_at is not null)::int as confirmed, count(*) filter (where confirmed_at is null)::int as pending
         from status_subscriptions where organization_id = $1 and unsubscribed_at is null`,
      [organizationId],
    );
    return rows[0];
  }
}
