/**
 * The business clock: what the alerts that are open now mean for the business. Every open signal
 * says a component has been DOWN since the alert started; the engine plays that forward from the
 * earliest start (each component failed at its start, never repaired) with the model's plans
 * activating as they would, and this module reads the run back in wall-clock time: which services
 * are down or will go down, when each breaches its RTO and MTPD, the loss so far and projected,
 * which plans activate and what their steps wait for.
 *
 * Pure: the caller passes `now`; times are epoch milliseconds in, ISO strings out.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { LossTable } from "../simulation/result.js";
import { Simulator, type SimulationRun } from "../simulation/simulator.js";
import { byCodeUnit } from "../simulation/result.js";

export interface ClockSignal {
  /** a component id of the model (unknown ids are reported, not played) */
  component: string;
  /** when the alert started (epoch ms) */
  since: number;
}

export interface ServiceClock {
  id: string;
  name: string | null;
  tier: number | null;
  rtoMinutes: number | null;
  mtpdMinutes: number | null;
  /** down now, or up now and projected to go down */
  state: "down" | "will-go-down" | "recovered";
  downAt: string;
  /** projected recovery; null when not back within the projection */
  upAt: string | null;
  /** when the outage passes the RTO (past or projected); null when it does not within the projection */
  rtoBreachAt: string | null;
  mtpdBreachAt: string | null;
  /** signed minutes from now to the breach (negative: breached already) */
  minutesToRtoBreach: number | null;
  minutesToMtpdBreach: number | null;
  lossSoFar: number;
  lossProjected: number;
}

export interface StepClock {
  id: string;
  name: string | null;
  owner: string | null;
  start: string | null;
  end: string | null;
  /** components the step still waits for at the end of the projection */
  waitingFor: string[];
  waitingForSteps: string[];
}

export interface PlanClock {
  id: string;
  name: string | null;
  activatedAt: string | null;
  completedAt: string | null;
  steps: StepClock[];
}

export interface BusinessClock {
  now: string;
  /** the earliest start among the signals: time 0 of the projection */
  since: string | null;
  horizonEnd: string | null;
  /** business services (tier, RTO or MTPD set) affected, most urgent first */
  services: ServiceClock[];
  /** every component DOWN now */
  downNow: string[];
  /** plans that activate within the projection */
  plans: PlanClock[];
  lossSoFar: number;
  lossProjected: number;
  /** signal components that are not in the model */
  unknownComponents: string[];
}

export interface ClockOptions {
  now: number;
  /** how far past now to project (minutes); default 7 days */
  aheadMinutes?: number;
}

const MINUTE = 60_000;
const DEFAULT_AHEAD = 7 * 24 * 60;

// one simulator and loss table per compiled model: a projection resets only what the last touched
const kept = new WeakMap<CompiledModel, { simulator: Simulator; losses: LossTable }>();
function partsFor(cm: CompiledModel) {
  let k = kept.get(cm);
  if (!k) kept.set(cm, (k = { simulator: new Simulator(cm), losses: new LossTable(cm) }));
  return k;
}

const isService = (cm: CompiledModel, i: number) => cm.tier[i] > 0 || Number.isFinite(cm.rto[i]) || Number.isFinite(cm.mtpd[i]);

export function businessClock(cm: CompiledModel, signals: readonly ClockSignal[], options: ClockOptions): BusinessClock {
  const now = options.now;
  const iso = (t0: number, minutes: number) => new Date(t0 + minutes * MINUTE).toISOString();
  const unknown = new Set<string>();
  // the earliest start per component: one failure each
  const earliest = new Map<number, number>();
  for (const s of signals) {
    const i = cm.index.get(s.component);
    if (i === undefined) {
      unknown.add(s.component);
      continue;
    }
    const since = Math.min(s.since, now); // a clock ahead of ours does not start an outage in the future
    const was = earliest.get(i);
    if (was === undefined || since < was) earliest.set(i, since);
  }
  const empty: BusinessClock = {
    now: new Date(now).toISOString(),
    since: null,
    horizonEnd: null,
    services: [],
    downNow: [],
    plans: [],
    lossSoFar: 0,
    lossProjected: 0,
    unknownComponents: [...unknown].sort(byCodeUnit),
  };
  if (!earliest.size) return empty;
  const t0 = Math.min(...earliest.values());
  const nowMin = (now - t0) / MINUTE;
  const horizon = nowMin + (options.aheadMinutes ?? DEFAULT_AHEAD);
  const failures = [...earliest].map(([component, since]) => ({ component, start: (since - t0) / MINUTE, end: Infinity }));
  const { simulator, losses } = partsFor(cm);
  const run = simulator.run({ horizon, failures });
  const result = readRun(cm, run, losses, t0, nowMin, horizon, iso);
  return { ...empty, since: new Date(t0).toISOString(), horizonEnd: iso(t0, horizon), ...result };
}

function readRun(
  cm: CompiledModel,
  run: SimulationRun,
  losses: LossTable,
  t0: number,
  nowMin: number,
  horizon: number,
  iso: (t0: number, m: number) => string,
) {
  // per component, the outage that matters now: the one under way, else the next one, else the last
  const chosen = new Map<number, number>();
  const downNow: string[] = [];
  for (let k = 0; k < run.outageCount; k++) {
    const c = run.outageComponent[k];
    const start = run.outageStart[k];
    const end = Number.isNaN(run.outageEnd[k]) ? Infinity : run.outageEnd[k];
    if (start <= nowMin && end > nowMin) downNow.push(cm.ids[c]);
    const prev = chosen.get(c);
    if (prev === undefined) {
      chosen.set(c, k);
      continue;
    }
    const prevEnd = Number.isNaN(run.outageEnd[prev]) ? Infinity : run.outageEnd[prev];
    if (prevEnd <= nowMin && (end > nowMin || start > run.outageStart[prev])) chosen.set(c, k);
  }
  const services: ServiceClock[] = [];
  let lossSoFar = 0;
  let lossProjected = 0;
  for (const [c, k] of chosen) {
    const start = run.outageStart[k];
    const endRaw = run.outageEnd[k];
    const open = Number.isNaN(endRaw);
    const end = open ? horizon : endRaw;
    const soFar = losses.loss(c, Math.max(0, Math.min(nowMin, end) - start));
    const projected = losses.loss(c, end - start);
    lossSoFar += soFar;
    lossProjected += projected;
    if (!isService(cm, c)) continue;
    const breach = (target: number) => {
      if (!Number.isFinite(target)) return null;
      const at = start + target;
      // breached when the outage lasts longer than the target and the breach falls in the projection
      return (open ? at <= horizon : end - start > target) ? at : null;
    };
    const rtoAt = breach(cm.rto[c]);
    const mtpdAt = breach(cm.mtpd[c]);
    const comp = cm.model.components[c];
    services.push({
      id: cm.ids[c],
      name: comp.name ?? null,
      tier: cm.tier[c] || null,
      rtoMinutes: Number.isFinite(cm.rto[c]) ? cm.rto[c] : null,
      mtpdMinutes: Number.isFinite(cm.mtpd[c]) ? cm.mtpd[c] : null,
      state: start > nowMin ? "will-go-down" : end > nowMin ? "down" : "recovered",
      downAt: iso(t0, start),
      upAt: open ? null : iso(t0, end),
      rtoBreachAt: rtoAt === null ? null : iso(t0, rtoAt),
      mtpdBreachAt: mtpdAt === null ? null : iso(t0, mtpdAt),
      minutesToRtoBreach: rtoAt === null ? null : rtoAt - nowMin,
      minutesToMtpdBreach: mtpdAt === null ? null : mtpdAt - nowMin,
      lossSoFar: soFar,
      lossProjected: projected,
    });
  }
  const urgency = (s: ServiceClock) => s.minutesToRtoBreach ?? s.minutesToMtpdBreach ?? Infinity;
  services.sort((a, b) => (a.tier ?? 99) - (b.tier ?? 99) || urgency(a) - urgency(b) || byCodeUnit(a.id, b.id));
  const plans: PlanClock[] = [];
  cm.plans.forEach((plan, p) => {
    const rec = run.plans[p];
    if (!rec || rec.activatedAt === null) return;
    const source = cm.model.plans[p];
    plans.push({
      id: plan.id,
      name: source?.name ?? null,
      activatedAt: iso(t0, rec.activatedAt),
      completedAt: rec.completedAt === null ? null : iso(t0, rec.completedAt),
      steps: Array.from(plan.steps).map((s, k) => {
        const r = rec.steps[k];
        const step = source?.steps[k];
        return {
          id: cm.steps[s].id,
          name: step?.name ?? null,
          owner: step?.owner ?? null,
          start: r.start === null ? null : iso(t0, r.start),
          end: r.end === null ? null : iso(t0, r.end),
          waitingFor: (r.waitingForComponents ?? []).map((x) => cm.ids[x]).sort(byCodeUnit),
          waitingForSteps: (r.waitingForSteps ?? []).map((x) => cm.steps[x].id).sort(byCodeUnit),
        };
      }),
    });
  });
  return { services, downNow: downNow.sort(byCodeUnit), plans, lossSoFar, lossProjected };
}
