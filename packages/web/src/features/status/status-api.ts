/** The status page API's shapes (docs/status-page.md) and calls. */
import { api, orgPath } from "../../app/api";

export const PHASES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type Phase = (typeof PHASES)[number];
export const SERVICE_STATES = ["operational", "maintenance", "degraded", "partial-outage", "major-outage"] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export interface Localized {
  en?: string;
  ko?: string;
}

export interface StatusUpdate {
  id: string;
  thread: string;
  incidentNumber: number | null;
  phase: Phase;
  title: Localized;
  message: Localized;
  services: Array<{ id: string; state: ServiceState }>;
  exercise: boolean;
  authorName: string;
  at: string;
}

export interface StatusOverview {
  published: boolean;
  url: string;
  services: Array<{ id: string; name: string; tier: number; state: ServiceState; source: "clock" | "update" | null }>;
  updates: StatusUpdate[];
  subscriptions: { confirmed: number; pending: number };
  now: string;
}

export interface NewUpdate {
  phase: Phase;
  message: Localized;
  title?: Localized;
  follows?: string;
  incident?: number;
  services?: Array<{ id: string; state: ServiceState }>;
  exercise?: boolean;
}

export const statusApi = {
  get: (org: string) => api.get<StatusOverview>(orgPath(org, "status")),
  publish: (org: string, published: boolean) => api.put<{ published: boolean }>(orgPath(org, "status", "publication"), { published }),
  post: (org: string, body: NewUpdate) => api.post<{ update: StatusUpdate; notices: number }>(orgPath(org, "status", "updates"), body),
  exportUrl: (org: string) => orgPath(org, "status", "export.tar"),
};
