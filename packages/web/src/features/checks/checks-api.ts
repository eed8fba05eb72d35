/** The checks API's shapes (docs/incidents.md, "Checks") and calls. */
import { api, orgPath } from "../../app/api";

export interface ConditionOutcome {
  condition: string;
  success: boolean;
  resolved: string;
}

export interface CheckResult {
  id: number;
  startedAt: string;
  success: boolean;
  responseTimeMs: number;
  statusCode: number | null;
  error: string | null;
  conditions: ConditionOutcome[];
}

export interface CheckStatus {
  id: string;
  name: string;
  component: string;
  type: "http" | "tcp" | "dns";
  target: string;
  intervalMs: number;
  failureThreshold: number;
  successThreshold: number;
  conditions: string[];
  state: "pending" | "up" | "down";
  failures: number;
  successes: number;
  lastRunAt: string | null;
  uptime24h: number | null;
  runs24h: number;
  recent: CheckResult[];
}

export const checksApi = {
  list: (org: string) => api.get<{ items: CheckStatus[]; total: number }>(orgPath(org, "checks")),
};
