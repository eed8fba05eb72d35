/**
 * The incident desk: turns open signals into incidents and keeps each incident's business clock.
 *
 * After new signals (a re-projection job per organization) it groups the open signals by root
 * failure (the engine's dependency structure), attaches new signals to the open incident of their
 * group, and opens an incident for a group when a rule says so (by default: a tier-1 service's
 * projected RTO breach is less than 60 minutes away, or already past). Activated plans' steps
 * become tasks with owners and the engine's due times. Drills (exercise signals) open exercise
 * incidents only, and real alerts never join a drill.
 */
import { businessClock, groupSignalComponents, type BusinessClock, type ClockSignal, type CompiledModel } from "@continuum/engine";
import type { ModelStore } from "../model/model-store.js";
import type { Database, Queryable } from "../storage/database.js";
import { SIGNAL_COLUMNS, signalOf, type IntakeRepository, type Signal, type SignalSet } from "../intake/intake-repository.js";
import { LiveHub } from "./live.js";
import type { Incident, IncidentsRepository, Severity } from "./incidents-repository.js";

/** An automatic declaration rule: data, so that organizations may get their own later. */
export interface DeclarationRule {
  id: string;
  tier: number;
  target: "rto" | "mtpd";
  withinMinutes: number;
  severity: Severity;
}

export const DEFAULT_RULES: readonly DeclarationRule[] = [{ id: "tier1-rto-within-60m", tier: 1, target: "rto", withinMinutes: 60, severity: "sev1" }];

export const RULE_ACTOR = "Continuum (rule)";

/** An unchanged group or incident is projected again at most this often (clocks move with time). */
export const REEVALUATE_MS = 60_000;

/**
 * What a projection depends on: each component with its earliest start. During an alert storm
 * most new alerts repeat components already down, which changes nothing to project.
 */
function signature(root: string | null, signals: readonly Signal[]): string {
  const earliest = new Map<string, number>();
  for (const s of signals) {
    const t = Date.parse(s.startedAt);
    for (const c of s.components) if (!(earliest.get(c)! <= t)) earliest.set(c, t);
  }
  return `${root}|${[...earliest].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, t]) => `${c}@${t}`).join(",")}`;
}

export function ruleFires(rule: DeclarationRule, clock: BusinessClock): boolean {
  return clock.services.some((s) => {
    if (s.tier !== rule.tier) return false;
    const m = rule.target === "rto" ? s.minutesToRtoBreach : s.minutesToMtpdBreach;
    return m !== null && m <= rule.withinMinutes;
  });
}

export class IncidentDesk {
  constructor(
    private readonly db: Database,
    private readonly models: ModelStore,
    private readonly intake: IntakeRepository,
    readonly incidents: IncidentsRepository,
    readonly live: LiveHub,
    private readonly rules: readonly DeclarationRule[] = DEFAULT_RULES,
    private readonly clockNow: () => number = Date.now,
  ) {}

  /** key → the signature last projected and when (groups without an incident; incidents' tasks) */
  private readonly projected = new Map<string, { signature: string; at: number }>();

  /** True when this input was projected recently (and records it otherwise). */
  private seenRecently(key: string, sig: string): boolean {
    const last = this.projected.get(key);
    const now = this.now();
    if (last && last.signature === sig && now - last.at < REEVALUATE_MS) return true;
    this.projected.set(key, { signature: sig, at: now });
    if (this.projected.size > 10_000) this.projected.delete(this.projected.keys().next().value!);
    return false;
  }

  now(): number {
    return this.clockNow();
  }

  async compiled(organizationId: number): Promise<CompiledModel | null> {
    return (await this.models.current(organizationId)).loaded?.compiled ?? null;
  }

  /** The business clock of every open signal of the organization (drills apart). */
  async organizationClock(organizationId: number, exercise = false): Promise<BusinessClock | null> {
    const cm = await this.compiled(organizationId);
    if (!cm) return null;
    const open = (await this.intake.openSignalSets(this.db, organizationId)).filter((s) => s.exercise === exercise);
    return businessClock(cm, clockSignals(open), { now: this.now() });
  }

  /** An incident's clock: its open signals and the components declared down by hand; frozen at stand-down. */
  async incidentClock(incident: Incident, q: Queryable = this.db): Promise<BusinessClock | null> {
    if (incident.status === "stood-down" && incident.snapshot) return incident.snapshot as BusinessClock;
    const cm = await this.compiled(incident.organizationId);
    if (!cm) return null;
    const signals = await this.openComponents(q, incident.id);
    const declared = incident.components.map((component) => ({ component, since: Date.parse(incident.openedAt) }));
    return businessClock(cm, [...clockSignals(signals), ...rootDown(incident.root, signals), ...declared], { now: this.now() });
  }

  /**
   * What an incident's open signals say is down, each set of components once with its earliest
   * start (a storm of 60,000 alerts on 500 hosts is 500 rows here, not 60,000).
   */
  async openComponents(q: Queryable, incidentId: number): Promise<Signal[]> {
    const rows = await q.query<{ components: string; started_at: Date | string }>(
      "select components, min(started_at) as started_at from signals where incident_id = $1 and ended_at is null group by components",
      [incidentId],
    );
    return rows.map((r, i) => ({
      id: -i,
      source: "alertmanager",
      dedupKey: "",
      summary: "",
      labels: {},
      components: JSON.parse(r.components) as string[],
      rule: null,
      startedAt: new Date(r.started_at).toISOString(),
      endedAt: null,
      acknowledgedAt: null,
      receivedAt: new Date(r.started_at).toISOString(),
      exercise: false,
      incidentId,
    }));
  }

  async incidentSignals(q: Queryable, incidentId: number, openOnly: boolean): Promise<Signal[]> {
    const rows = await q.query(`select ${SIGNAL_COLUMNS} from signals where incident_id = $1${openOnly ? " and ended_at is null" : ""} order by started_at, id limit 1000`, [incidentId]);
    return rows.map(signalOf);
  }

  async signalCount(q: Queryable, incidentId: number): Promise<{ open: number; total: number }> {
    const rows = await q.query<{ open: number; total: number }>(
      "select count(*) filter (where ended_at is null)::int as open, count(*)::int as total from signals where incident_id = $1",
      [incidentId],
    );
    return rows[0];
  }

  /** The re-projection job: group, attach, declare, refresh tasks, tell the rooms. */
  async reproject(organizationId: number): Promise<void> {
    const cm = await this.compiled(organizationId);
    if (!cm) return;
    const open = await this.intake.openSignalSets(this.db, organizationId);
    const alerts = (sets: readonly SignalSet[]) => sets.reduce((n, s) => n + s.count, 0);
    const touched = new Set<number>();
    for (const exercise of [false, true]) {
      const signals = open.filter((s) => s.exercise === exercise && s.components.some((c) => cm.index.has(c)));
      if (!signals.some((s) => s.incidentId === null)) continue;
      const openIncidents = (await this.incidents.list(this.db, organizationId, "open")).filter((i) => i.exercise === exercise);
      const byId = new Map(openIncidents.map((i) => [i.id, i]));
      const { groups } = groupSignalComponents(cm, [...new Set(signals.flatMap((s) => s.components))]);
      const byComponent = new Map<string, SignalSet[]>();
      for (const s of signals) {
        for (const c of s.components) {
          const list = byComponent.get(c);
          if (list) list.push(s);
          else byComponent.set(c, [s]);
        }
      }
      for (const group of groups) {
        const members = new Set(group.components);
        const groupSignals = [...new Set(group.components.flatMap((c) => byComponent.get(c) ?? []))];
        const fresh = groupSignals.filter((s) => s.incidentId === null);
        if (!fresh.length) continue;
        let incident =
          groupSignals.map((s) => (s.incidentId === null ? undefined : byId.get(s.incidentId))).find((i) => i !== undefined) ??
          openIncidents.find((i) => i.root !== null && (i.root === group.root || members.has(i.root)));
        if (incident) {
          await this.db.transaction(async (tx) => {
            await this.incidents.attachOpenSets(tx, { organizationId, incidentId: incident!.id, exercise, components: fresh.map((s) => s.componentsText) });
            const n = alerts(fresh);
            await this.incidents.log(tx, { incidentId: incident!.id, kind: "signals", text: `${n} alert${n === 1 ? "" : "s"} joined (root ${group.root})`, actor: RULE_ACTOR, exercise });
          });
          for (const s of fresh) s.incidentId = incident.id;
          touched.add(incident.id);
          continue;
        }
        if (this.seenRecently(`group:${organizationId}:${exercise}:${group.root}`, signature(group.root, groupSignals))) continue;
        const clock = businessClock(cm, [...clockSignals(groupSignals), ...rootDown(group.root, groupSignals)], { now: this.now() });
        const rule = this.rules.find((r) => ruleFires(r, clock));
        if (!rule) continue;
        const rootName = cm.model.components[cm.index.get(group.root) ?? -1]?.name;
        incident = await this.db.transaction(async (tx) => {
          const created = await this.incidents.create(tx, {
            organizationId,
            title: `${rootName ?? group.root}: ${alerts(groupSignals)} alert${alerts(groupSignals) === 1 ? "" : "s"}`,
            severity: rule.severity,
            exercise,
            root: group.root,
            rule: rule.id,
            userId: null,
            byName: RULE_ACTOR,
            components: [],
          });
          await this.incidents.attachOpenSets(tx, { organizationId, incidentId: created.id, exercise, components: groupSignals.filter((s) => s.incidentId === null).map((s) => s.componentsText) });
          const first = clock.services.find((s) => s.tier === rule.tier && s.rtoBreachAt);
          await this.incidents.log(tx, {
            incidentId: created.id,
            kind: "declared",
            text: `declared by rule ${rule.id}: root ${group.root}${group.inferred ? " (inferred)" : ""}, ${alerts(groupSignals)} alerts${first ? `; ${first.id} breaches its RTO at ${first.rtoBreachAt}` : ""}`,
            actor: RULE_ACTOR,
            exercise,
          });
          return created;
        });
        openIncidents.push(incident);
        byId.set(incident.id, incident);
        for (const s of groupSignals) s.incidentId = incident.id;
        touched.add(incident.id);
      }
    }
    // every open incident's clock may have moved (a resolved alert, a new one); tasks follow the
    // schedule of incidents that gained alerts now, and of the others once a minute
    for (const i of await this.incidents.list(this.db, organizationId, "open")) {
      if (touched.has(i.id) || !this.seenRecently(`refresh:${i.id}`, "")) await this.refreshTasks(i);
      this.live.publish(LiveHub.incident(i.id));
    }
    this.live.publish(LiveHub.organization(organizationId));
  }

  /** The activated plans' steps as tasks: owners from the plan, due times from the engine's schedule. */
  async refreshTasks(incident: Incident, force = false): Promise<void> {
    if (incident.status !== "open") return;
    const signals = await this.openComponents(this.db, incident.id);
    if (this.seenRecently(`tasks:${incident.id}`, `${signature(incident.root, signals)}|${incident.components.join(",")}`) && !force) return;
    const clock = await this.incidentClock(incident);
    if (!clock) return;
    const cm = await this.compiled(incident.organizationId);
    await this.db.transaction(async (tx) => {
      for (const plan of clock.plans) {
        const owner = cm?.model.plans.find((p) => p.id === plan.id)?.owner ?? null;
        let added = 0;
        for (const step of plan.steps) {
          const inserted = await this.incidents.upsertTask(tx, {
            incidentId: incident.id,
            plan: plan.id,
            step: step.id,
            name: step.name ?? step.id,
            owner: step.owner ?? owner,
            dueAt: step.end,
            waitingFor: step.waitingFor,
            exercise: incident.exercise,
          });
          if (inserted) added++;
        }
        if (added) {
          await this.incidents.log(tx, {
            incidentId: incident.id,
            kind: "plan",
            text: `plan ${plan.id} activates at ${plan.activatedAt}: ${added} task${added === 1 ? "" : "s"}`,
            actor: RULE_ACTOR,
            exercise: incident.exercise,
          });
        }
      }
    });
  }

  changed(incident: Incident): void {
    this.live.publish(LiveHub.incident(incident.id));
    this.live.publish(LiveHub.organization(incident.organizationId));
  }
}

/**
 * The group's root is down since its first alert: when the root was inferred (many alerts in one
 * site, none about the site), the incident is the loss of that site, and the plans that watch the
 * site activate as they would.
 */
export function rootDown(root: string | null, signals: readonly Signal[]): ClockSignal[] {
  if (root === null || !signals.length) return [];
  return [{ component: root, since: Math.min(...signals.map((s) => Date.parse(s.startedAt))) }];
}

export function clockSignals(signals: readonly Signal[]): ClockSignal[] {
  const out: ClockSignal[] = [];
  for (const s of signals) for (const component of s.components) out.push({ component, since: Date.parse(s.startedAt) });
  return out;
}
