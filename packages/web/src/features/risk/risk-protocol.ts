/** Messages between the app and the risk worker. */
import type { Appetite, Diagnostic, RiskAssessment, RiskMatrix, RiskStatistics } from "@continuum/engine";

export interface RiskModelInfo {
  organization?: string;
  currency: string;
  risks: number;
  policies: Array<{ id: string; name?: string; premium: number }>;
  appetite: Appetite[];
}

export interface Assessment {
  info: RiskModelInfo;
  matrix: RiskMatrix;
  /** the model has no riskMatrix: the default 5 × 5 was used */
  defaulted: boolean;
  risks: RiskAssessment[];
}

export interface RiskRun {
  info: RiskModelInfo;
  statistics: RiskStatistics;
  /** time spent simulating in the worker */
  ms: number;
}

type Source = { id: number; key: string; files: Array<{ path: string; text: string }> };

export type RiskRequest = (Source & { type: "assess"; occurrences?: number }) | (Source & { type: "simulate"; years: number; seed: number });

export type RiskAnswer =
  | { id: number; progress: number }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string; diagnostics?: Diagnostic[] };
