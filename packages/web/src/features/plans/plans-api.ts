/** The plan API's shapes (docs/plans.md) and calls. */
import type { Diagnostic, PlanCheckJSON } from "@continuum/engine";
import { api, orgPath, type RevisionSummary } from "../../app/api";

export type { ApprovalAction, ApprovalEvent, ApprovalStatus } from "@continuum/api";
import type { ApprovalAction, ApprovalEvent, ApprovalStatus } from "@continuum/api";

export interface Approval {
  status: ApprovalStatus;
  contentHash: string;
  history: ApprovalEvent[];
}

/** A plan as written in the model file (durations as text). */
export type PlanDoc = Record<string, unknown> & { id: string; name?: string; kind?: string; steps?: Array<Record<string, unknown>> };

export interface PlanListItem {
  id: string;
  name: string | null;
  kind: string | null;
  status: ApprovalStatus;
  lastEvent: ApprovalEvent | null;
  check?: PlanCheckJSON;
}

export interface PlanList {
  revision: RevisionSummary | null;
  items: PlanListItem[];
  uncovered: string[];
  scenarios: string[];
  passed: boolean;
}

export interface PlanAnswer {
  plan: PlanDoc;
  revision: RevisionSummary | null;
  approval: Approval;
  check?: PlanCheckJSON;
  scenarios: string[];
  uncovered: string[];
  warnings: Diagnostic[];
}

export const plansApi = {
  list: (org: string) => api.get<PlanList>(orgPath(org, "plans")),
  get: (org: string, id: string) => api.get<PlanAnswer>(orgPath(org, "plans", id)),
  save: (org: string, id: string | null, body: { plan: PlanDoc; comment?: string; expectedRevision?: number }) =>
    id === null ? api.post<{ warnings: Diagnostic[]; approval: Approval }>(orgPath(org, "plans"), body) : api.put<{ warnings: Diagnostic[]; approval: Approval }>(orgPath(org, "plans", id), body),
  act: (org: string, id: string, action: ApprovalAction, body: { comment?: string; expectedRevision?: number }) => api.post<Approval>(orgPath(org, "plans", id, action), body),
};

/** The failing scenarios of a plan: those where a service it covers misses its RTO. */
export function failingScenarios(check: PlanCheckJSON | undefined): string[] {
  if (!check) return [];
  return Object.entries(check.scenarios)
    .filter(([, s]) => Object.values(s.services).some((x) => !x.rtoMet))
    .map(([name]) => name);
}

/** Who may approve: the roles the server grants `plans:approve` (docs/plans.md). */
export const canApprove = (role: string | undefined) => role === "admin";
