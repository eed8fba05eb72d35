/**
 * What the public status page says about each business service: its state now, from three
 * sources, the worst one winning —
 * - the business clock of the real (not drill) open signals and incidents: a service the engine
 *   sees down now is a major outage; one projected to go down (running on what is left) is degraded;
 * - what responders declared in the latest update of each thread that is not resolved
 *   (degraded, partial outage, major outage, maintenance);
 * - nothing: operational.
 * Drill updates never change a service's state (they are shown, marked, in their own entries).
 *
 * Pure: the caller passes the model, the clocks and the updates.
 */
import type { BusinessClock, CompiledModel } from "@continuum/engine";

export const SERVICE_STATES = ["operational", "maintenance", "degraded", "partial-outage", "major-outage"] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];
/** states a responder may declare for a service in an update */
export const DECLARED_STATES = SERVICE_STATES;

export const PHASES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type Phase = (typeof PHASES)[number];

/** The business services shown: the model's tier-1 and tier-2 components, in model order. */
export interface PublicService {
  id: string;
  name: string;
  tier: number;
}

export interface Localized {
  en?: string;
  ko?: string;
}

export interface StatusUpdate {
  id: number;
  thread: number;
  incidentNumber: number | null;
  phase: Phase;
  title: Localized;
  message: Localized;
  services: Array<{ id: string; state: ServiceState }>;
  exercise: boolean;
  authorName: string;
  at: string;
}

export interface ServiceStatus extends PublicService {
  state: ServiceState;
  /** where the state comes from: the engine's projection, a responder's update, or nothing */
  source: "clock" | "update" | null;
}

export const SHOWN_TIERS = new Set([1, 2]);

export function publicServices(cm: CompiledModel | null): PublicService[] {
  if (!cm) return [];
  return cm.model.components.filter((c) => c.tier !== undefined && SHOWN_TIERS.has(c.tier)).map((c) => ({ id: c.id, name: c.name ?? c.id, tier: c.tier! }));
}

const rank = (s: ServiceState) => SERVICE_STATES.indexOf(s);
export const worse = (a: ServiceState, b: ServiceState): ServiceState => (rank(b) > rank(a) ? b : a);

/** The threads of updates, each newest first; threads ordered by their latest update, newest first. */
export function threadsOf(updates: readonly StatusUpdate[]): StatusUpdate[][] {
  const byThread = new Map<number, StatusUpdate[]>();
  for (const u of [...updates].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id)) {
    const list = byThread.get(u.thread);
    if (list) list.push(u);
    else byThread.set(u.thread, [u]);
  }
  return [...byThread.values()];
}

/** A thread is open until its latest update says resolved. */
export const isOpen = (thread: readonly StatusUpdate[]) => thread[0]?.phase !== "resolved";

export function serviceStatuses(services: readonly PublicService[], clocks: ReadonlyArray<BusinessClock | null>, updates: readonly StatusUpdate[]): ServiceStatus[] {
  const fromClock = new Map<string, ServiceState>();
  for (const clock of clocks) {
    for (const s of clock?.services ?? []) {
      const state: ServiceState | null = s.state === "down" ? "major-outage" : s.state === "will-go-down" ? "degraded" : null;
      if (state) fromClock.set(s.id, worse(fromClock.get(s.id) ?? "operational", state));
    }
  }
  const fromUpdates = new Map<string, ServiceState>();
  for (const thread of threadsOf(updates.filter((u) => !u.exercise))) {
    if (!isOpen(thread)) continue;
    for (const d of thread[0].services) fromUpdates.set(d.id, worse(fromUpdates.get(d.id) ?? "operational", d.state));
  }
  return services.map((s) => {
    const c = fromClock.get(s.id) ?? "operational";
    const u = fromUpdates.get(s.id) ?? "operational";
    const state = worse(c, u);
    return { ...s, state, source: state === "operational" ? null : rank(u) >= rank(c) ? "update" : "clock" };
  });
}

/** The page's headline: the worst state of any service. */
export function overallState(statuses: readonly ServiceStatus[]): ServiceState {
  return statuses.reduce<ServiceState>((w, s) => worse(w, s.state), "operational");
}
