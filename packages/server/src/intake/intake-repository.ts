/** SQL for intake: keys (hashed), mapping rules, heartbeat monitors and signals. */
import type { Queryable } from "../storage/database.js";
import type { MappingRule } from "./mapping.js";
import type { IncomingAlert, SignalSource } from "./payloads.js";

export interface IntakeKey {
  id: number;
  organizationId: number;
  name: string;
  prefix: string;
  hmacSecret: string | null;
  exercise: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Heartbeat {
  id: number;
  organizationId: number;
  name: string;
  prefix: string;
  component: string;
  intervalSeconds: number;
  exercise: boolean;
  state: "pending" | "up" | "down";
  lastSeenAt: string | null;
  lastMessage: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface Signal {
  id: number;
  source: SignalSource;
  dedupKey: string;
  summary: string;
  labels: Record<string, string>;
  components: string[];
  rule: string | null;
  startedAt: string;
  endedAt: string | null;
  acknowledgedAt: string | null;
  receivedAt: string;
  exercise: boolean;
  incidentId: number | null;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

type Row = Record<string, unknown>;
const keyOf = (r: Row): IntakeKey => ({
  id: r.id as number,
  organizationId: r.organization_id as number,
  name: r.name as string,
  prefix: r.prefix as string,
  hmacSecret: (r.hmac_secret as string | null) ?? null,
  exercise: r.exercise as boolean,
  createdAt: iso(r.created_at)!,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});
const heartbeatOf = (r: Row): Heartbeat => ({
  id: r.id as number,
  organizationId: r.organization_id as number,
  name: r.name as string,
  prefix: r.prefix as string,
  component: r.component as string,
  intervalSeconds: r.interval_seconds as number,
  exercise: r.exercise as boolean,
  state: r.state as Heartbeat["state"],
  lastSeenAt: iso(r.last_seen_at),
  lastMessage: (r.last_message as string | null) ?? null,
  createdAt: iso(r.created_at)!,
  revokedAt: iso(r.revoked_at),
});
export const SIGNAL_COLUMNS = "id, source, dedup_key, summary, labels, components, rule, started_at, ended_at, acknowledged_at, received_at, exercise, incident_id";
export const signalOf = (r: Row): Signal => ({
  id: Number(r.id),
  source: r.source as SignalSource,
  dedupKey: r.dedup_key as string,
  summary: r.summary as string,
  labels: JSON.parse(r.labels as string) as Record<string, string>,
  components: JSON.parse(r.components as string) as string[],
  rule: (r.rule as string | null) ?? null,
  startedAt: iso(r.started_at)!,
  endedAt: iso(r.ended_at),
  acknowledgedAt: iso(r.acknowledged_at),
  receivedAt: iso(r.received_at)!,
  exercise: r.exercise as boolean,
  incidentId: (r.incident_id as number | null) ?? null,
});

const FIRING_BATCH = 500;

/** Open signals with the same components (see openSignalSets). */
export interface SignalSet extends Signal {
  componentsText: string;
  count: number;
}

export interface StoredAlert extends IncomingAlert {
  components: string[];
  rule: string | null;
}

export class IntakeRepository {
  // ---- keys --------------------------------------------------------------------------------
  async createKey(q: Queryable, k: { organizationId: number; name: string; keyHash: string; prefix: string; hmacSecret: string | null; exercise: boolean; createdBy: number | null }): Promise<IntakeKey> {
    const rows = await q.query(
      "insert into intake_keys (organization_id, name, key_hash, prefix, hmac_secret, exercise, created_by) values ($1, $2, $3, $4, $5, $6, $7) returning *",
      [k.organizationId, k.name, k.keyHash, k.prefix, k.hmacSecret, k.exercise, k.createdBy],
    );
    return keyOf(rows[0]);
  }
  async keyByHash(q: Queryable, hash: string): Promise<IntakeKey | undefined> {
    const rows = await q.query("select * from intake_keys where key_hash = $1 and revoked_at is null", [hash]);
    return rows[0] && keyOf(rows[0]);
  }
  async keys(q: Queryable, organizationId: number): Promise<IntakeKey[]> {
    return (await q.query("select * from intake_keys where organization_id = $1 order by id", [organizationId])).map(keyOf);
  }
  async revokeKey(q: Queryable, organizationId: number, id: number): Promise<boolean> {
    const rows = await q.query("update intake_keys set revoked_at = coalesce(revoked_at, now()) where organization_id = $1 and id = $2 returning id", [organizationId, id]);
    return rows.length > 0;
  }
  async touchKey(q: Queryable, id: number): Promise<void> {
    await q.query("update intake_keys set last_used_at = now() where id = $1", [id]);
  }

  // ---- rules -------------------------------------------------------------------------------
  async rules(q: Queryable, organizationId: number): Promise<MappingRule[]> {
    const rows = await q.query<{ rule: string }>("select rule from intake_rules where organization_id = $1 order by position", [organizationId]);
    return rows.map((r) => JSON.parse(r.rule) as MappingRule);
  }
  async replaceRules(tx: Queryable, organizationId: number, rules: MappingRule[]): Promise<void> {
    await tx.query("delete from intake_rules where organization_id = $1", [organizationId]);
    for (const [i, rule] of rules.entries()) {
      await tx.query("insert into intake_rules (organization_id, position, rule) values ($1, $2, $3)", [organizationId, i, JSON.stringify(rule)]);
    }
  }

  // ---- heartbeats --------------------------------------------------------------------------
  async createHeartbeat(q: Queryable, h: { organizationId: number; name: string; tokenHash: string; prefix: string; component: string; intervalSeconds: number; exercise: boolean }): Promise<Heartbeat> {
    const rows = await q.query(
      "insert into heartbeats (organization_id, name, token_hash, prefix, component, interval_seconds, exercise) values ($1, $2, $3, $4, $5, $6, $7) returning *",
      [h.organizationId, h.name, h.tokenHash, h.prefix, h.component, h.intervalSeconds, h.exercise],
    );
    return heartbeatOf(rows[0]);
  }
  async heartbeats(q: Queryable, organizationId: number): Promise<Heartbeat[]> {
    return (await q.query("select * from heartbeats where organization_id = $1 order by id", [organizationId])).map(heartbeatOf);
  }
  async heartbeatByHash(q: Queryable, hash: string): Promise<Heartbeat | undefined> {
    const rows = await q.query("select * from heartbeats where token_hash = $1 and revoked_at is null", [hash]);
    return rows[0] && heartbeatOf(rows[0]);
  }
  async heartbeatById(q: Queryable, id: number): Promise<Heartbeat | undefined> {
    const rows = await q.query("select * from heartbeats where id = $1 and revoked_at is null", [id]);
    return rows[0] && heartbeatOf(rows[0]);
  }
  async revokeHeartbeat(q: Queryable, organizationId: number, id: number): Promise<boolean> {
    const rows = await q.query("update heartbeats set revoked_at = coalesce(revoked_at, now()) where organization_id = $1 and id = $2 returning id", [organizationId, id]);
    return rows.length > 0;
  }
  /** Records a beat; answers the state it had before. */
  async beat(tx: Queryable, id: number, state: "up" | "down", message: string | null): Promise<Heartbeat["state"]> {
    const rows = await tx.query<{ state: Heartbeat["state"] }>("select state from heartbeats where id = $1 for update", [id]);
    await tx.query("update heartbeats set state = $2, last_seen_at = now(), last_message = $3 where id = $1", [id, state, message]);
    return rows[0]?.state ?? "pending";
  }
  /** Marks a monitor down when its last beat is older than its interval; true when it did. */
  async markMissed(tx: Queryable, id: number): Promise<Heartbeat | undefined> {
    const rows = await tx.query(
      `update heartbeats set state = 'down' where id = $1 and revoked_at is null and state <> 'down'
         and coalesce(last_seen_at, created_at) + make_interval(secs => interval_seconds) <= now() returning *`,
      [id],
    );
    return rows[0] && heartbeatOf(rows[0]);
  }

  // ---- signals -----------------------------------------------------------------------------
  /**
   * Stores alerts: a firing alert opens a signal or refreshes the open one with its key; a resolved
   * one closes it (or is recorded closed when it was never seen open); an acknowledgement marks it.
   */
  async storeAlerts(tx: Queryable, organizationId: number, source: SignalSource, alerts: StoredAlert[], exercise: boolean): Promise<{ opened: number; updated: number; closed: number }> {
    let opened = 0;
    let updated = 0;
    let closed = 0;
    // firing alerts: one statement per 500 (the same key twice in one request: the last wins)
    const firing = new Map<string, StoredAlert>();
    for (const a of alerts) if (a.status === "firing") firing.set(a.dedupKey, a);
    const batch = [...firing.values()];
    for (let i = 0; i < batch.length; i += FIRING_BATCH) {
      const chunk = batch.slice(i, i + FIRING_BATCH);
      const params: unknown[] = [organizationId, source, exercise];
      const values = chunk.map((a) => {
        params.push(a.dedupKey, a.summary, JSON.stringify(a.labels), JSON.stringify(a.components), a.rule, a.startedAt, a.raw);
        const n = params.length;
        return `($1, $2, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, $3)`;
      });
      const rows = await tx.query<{ inserted: boolean }>(
        `insert into signals (organization_id, source, dedup_key, summary, labels, components, rule, started_at, raw, exercise)
           values ${values.join(", ")}
         on conflict (organization_id, source, dedup_key) where ended_at is null
           do update set summary = excluded.summary, labels = excluded.labels, components = excluded.components, rule = excluded.rule,
             raw = excluded.raw, updated_at = now()
         returning (xmax = 0) as inserted`,
        params,
      );
      for (const r of rows) if (r.inserted) opened++;
      else updated++;
    }
    for (const a of alerts) {
      if (a.status === "resolved") {
        const rows = await tx.query(
          "update signals set ended_at = $4, raw = $5, updated_at = now() where organization_id = $1 and source = $2 and dedup_key = $3 and ended_at is null returning id",
          [organizationId, source, a.dedupKey, a.endedAt ?? new Date(), a.raw],
        );
        if (!rows.length) {
          await tx.query(
            `insert into signals (organization_id, source, dedup_key, summary, labels, components, rule, started_at, ended_at, raw, exercise)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [organizationId, source, a.dedupKey, a.summary, JSON.stringify(a.labels), JSON.stringify(a.components), a.rule, a.startedAt, a.endedAt ?? new Date(), a.raw, exercise],
          );
        }
        closed++;
      } else if (a.status === "acknowledged") {
        await tx.query("update signals set acknowledged_at = coalesce(acknowledged_at, now()), updated_at = now() where organization_id = $1 and source = $2 and dedup_key = $3 and ended_at is null", [
          organizationId,
          source,
          a.dedupKey,
        ]);
        updated++;
      }
    }
    return { opened, updated, closed };
  }

  /**
   * The open signals folded by what they say (the same components, drill or not, incident):
   * each set once with its earliest start and how many alerts it stands for. Re-projection reads
   * this, so its cost follows the number of components alerting, not the number of alerts.
   */
  async openSignalSets(q: Queryable, organizationId: number): Promise<SignalSet[]> {
    const rows = await q.query<{ components: string; exercise: boolean; incident_id: number | null; started_at: Date | string; n: number }>(
      `select components, exercise, incident_id, min(started_at) as started_at, count(*)::int as n
         from signals where organization_id = $1 and ended_at is null group by components, exercise, incident_id`,
      [organizationId],
    );
    return rows.map((r, i) => ({
      id: -1 - i,
      source: "alertmanager",
      dedupKey: "",
      summary: "",
      labels: {},
      components: JSON.parse(r.components) as string[],
      componentsText: r.components,
      rule: null,
      startedAt: new Date(r.started_at).toISOString(),
      endedAt: null,
      acknowledgedAt: null,
      receivedAt: new Date(r.started_at).toISOString(),
      exercise: r.exercise,
      incidentId: r.incident_id ?? null,
      count: r.n,
    }));
  }

  async signals(q: Queryable, organizationId: number, options: { open?: boolean; limit: number; before?: number }): Promise<Signal[]> {
    const params: unknown[] = [organizationId];
    let where = "organization_id = $1";
    if (options.open) where += " and ended_at is null";
    if (options.before) {
      params.push(options.before);
      where += ` and id < $${params.length}`;
    }
    params.push(options.limit);
    return (await q.query(`select ${SIGNAL_COLUMNS} from signals where ${where} order by id desc limit $${params.length}`, params)).map(signalOf);
  }
  async countSignals(q: Queryable, organizationId: number, open: boolean): Promise<number> {
    const rows = await q.query<{ n: number }>(`select count(*)::int as n from signals where organization_id = $1${open ? " and ended_at is null" : ""}`, [organizationId]);
    return rows[0].n;
  }
}
