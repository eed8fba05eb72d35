/** The incident API's shapes (docs/incidents.md) and calls. */
import { api, orgPath } from "../../app/api";

export const ROLES = ["commander", "deputy", "communications", "scribe", "operations"] as const;
export type IncidentRole = (typeof ROLES)[number];
export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;

export interface AffectedService {
  id: string;
  name: string | null;
  tier: number | null;
  state: "down" | "will-go-down" | "recovered";
  downAt: string;
  upAt: string | null;
  rtoMinutes: number | null;
  mtpdMinutes: number | null;
  rtoBreachAt: string | null;
  mtpdBreachAt: string | null;
  lossSoFar: number;
  lossProjected: number;
}

export interface IncidentSummary {
  number: number;
  title: string;
  severity: string;
  status: "open" | "stood-down";
  exercise: boolean;
  root: string | null;
  declaredBy: { rule: string | null; name: string };
  openedAt: string;
  stoodDownAt: string | null;
  signals: { open: number; total: number };
  affectedServices: AffectedService[];
  plansActivated: Array<{ id: string; name: string | null; activatedAt: string; completedAt: string | null }>;
  lossSoFar: number;
  lossProjected: number;
  now: string;
}

export interface Incident extends IncidentSummary {
  standDownReason: string | null;
  roles: Array<{ role: IncidentRole; user: { id: string; name: string } | null; acknowledgedAt: string | null }>;
  tasks: Array<{ id: string; plan: string; step: string; name: string; owner: string | null; dueAt: string | null; waitingFor: string[]; doneAt: string | null; doneBy: string | null }>;
  decisions: Array<{ id: string; decidedBy: string; decision: string; options: string[]; rationale: string; at: string }>;
  timeline: Array<{ id: string; at: string; kind: string; text: string; actor: string }>;
  signalList: { items: Array<{ id: string; source: string; summary: string; components: string[]; startedAt: string; endedAt: string | null }>; more: number };
  review: { summary: string } | null;
  nonconformities: Array<{ id: string; title: string }>;
}

export const incidentsApi = {
  list: (org: string) => api.get<{ items: IncidentSummary[]; total: number }>(orgPath(org, "incidents")),
  get: (org: string, n: number) => api.get<Incident>(orgPath(org, "incidents", n)),
  declare: (org: string, body: { title: string; severity: string; exercise: boolean }) => api.post<Incident>(orgPath(org, "incidents"), body),
  responders: (org: string) => api.get<{ items: Array<{ id: string; name: string }> }>(orgPath(org, "responders")),
  assign: (org: string, n: number, role: IncidentRole, userId: string) => api.put<Incident>(orgPath(org, "incidents", n, "roles", role), { userId }),
  acknowledge: (org: string, n: number) => api.post<{ acknowledged: string[] }>(orgPath(org, "incidents", n, "acknowledge")),
  decide: (org: string, n: number, body: { decision: string; options: string[]; rationale: string }) => api.post<Incident>(orgPath(org, "incidents", n, "decisions"), body),
  note: (org: string, n: number, text: string) => api.post<Incident>(orgPath(org, "incidents", n, "notes"), { text }),
  tick: (org: string, n: number, task: string, done: boolean) => api.patch<Incident>(orgPath(org, "incidents", n, "tasks", task), { done }),
  standDown: (org: string, n: number, reason: string) => api.post<Incident>(orgPath(org, "incidents", n, "stand-down"), { reason }),
  review: (org: string, n: number, summary: string, nonconformities: string[]) =>
    api.post<Incident>(orgPath(org, "incidents", n, "review"), { summary, nonconformities: nonconformities.map((title) => ({ title })) }),
  liveUrl: (org: string, n: number) => orgPath(org, "incidents", n, "live"),
  /** `changed` whenever an incident of the organization changes */
  listLiveUrl: (org: string) => orgPath(org, "incidents", "live"),
};
