/** The exercise runner's API shapes (docs/exercises.md) and calls. */
import { api, orgPath, type Role } from "../../app/api";

/** Who may run drills and record in them: the roles with incident:write (docs/server.md). */
export const canRunDrills = (role: Role | undefined) => role === "admin" || role === "editor" || role === "responder";

export type InjectKind = "failure" | "service-down" | "plan-activation" | "rto-due";
export interface Measure {
  measured: number | null;
  predicted: number | null;
  delta: number | null;
}

export interface ExerciseRun {
  number: number;
  exercise: true;
  exerciseId: string;
  name: string | null;
  type: string;
  objectives: string | string[] | null;
  participants: string[];
  revision: number;
  speed: number;
  shelfLife: string;
  status: "running" | "finished";
  startedAt: string;
  startedBy: string;
  finishedAt: string | null;
  finishedBy: string | null;
  serverTime: string;
  minuteNow: number;
  baseline: {
    scenario: string;
    horizonMinutes: number;
    plans: Array<{ id: string; name: string | null; predictedActivation: number | null; predictedCompletion: number | null }>;
    steps: Array<{ plan: string; id: string; name: string | null; owner: string | null; duration: number; predictedStart: number | null; predictedEnd: number | null; waitingFor: string[] }>;
    services: Array<{ id: string; name: string | null; rto: number | null; predictedDownAt: number | null; predictedRecoveredAt: number | null }>;
  };
  injects: Array<{ seq: number; at: number; kind: InjectKind; ref: string; for?: number | null; deliveredAt: number | null; deliveredBy: string | null }>;
  actuals: { notifiedAt: number | null; activatedAt: number | null; recovered: Record<string, number>; steps: Record<string, { start: number | null; end: number | null }> };
  decisions: Array<{ id: string; minute: number; who: string; decision: string; options: string[]; rationale: string; recordedBy: string }>;
  findings: Array<{ id: string; minute: number; author: string; text: string; steps: string[] }>;
  measures: {
    notify: Measure;
    activate: Measure;
    services: Array<Measure & { service: string; rto: number | null; withinRto: boolean | null }>;
    steps: Array<{ plan: string; step: string; start: Measure; end: Measure; duration: Measure }>;
  };
  timeline: Array<{ id: string; kind: string; ref: string | null; minute: number; actor: string }>;
}

export interface RunSummary {
  number: number;
  exerciseId: string;
  name: string | null;
  type: string;
  revision: number;
  speed: number;
  status: "running" | "finished";
  startedAt: string;
  finishedAt: string | null;
  minuteNow: number;
  services: { total: number; recovered: number; withinRto: number };
}

export interface ServiceProof {
  service: string;
  name: string | null;
  tier: number | null;
  rto: number | null;
  answer: "yes" | "no" | "unproven";
  reason: "never-drilled" | "expired" | null;
  evidence: { measuredOn: string; expiresOn: string; minutes: number | null; source: string } | null;
}

export interface RecoveryEvidence {
  asOf: string;
  counts: { yes: number; no: number; unproven: number };
  services: ServiceProof[];
}

const run = (org: string, n: number, ...rest: Array<string | number>) => orgPath(org, "exercise-runs", n, ...rest);

export const exercisesApi = {
  runs: (org: string) => api.get<{ items: RunSummary[]; total: number; more: number }>(orgPath(org, "exercise-runs")),
  start: (org: string, exercise: string, speed: number) => api.post<ExerciseRun>(orgPath(org, "exercise-runs"), { exercise, speed }),
  get: (org: string, n: number) => api.get<ExerciseRun>(run(org, n)),
  deliver: (org: string, n: number, seq: number) => api.post<ExerciseRun>(run(org, n, "injects", seq, "deliver")),
  step: (org: string, n: number, plan: string, step: string, event: "start" | "end") => api.post<ExerciseRun>(run(org, n, "steps"), { plan, step, event }),
  milestone: (org: string, n: number, milestone: "notified" | "activated" | "recovered", service?: string) => api.post<ExerciseRun>(run(org, n, "milestones"), { milestone, service }),
  decide: (org: string, n: number, body: { who: string; decision: string; options: string[]; rationale: string }) => api.post<ExerciseRun>(run(org, n, "decisions"), body),
  finding: (org: string, n: number, text: string, steps: string[]) => api.post<ExerciseRun>(run(org, n, "findings"), { text, steps }),
  finish: (org: string, n: number) => api.post<ExerciseRun>(run(org, n, "finish")),
  propose: (org: string, n: number) => api.post<{ revision: { number: number; comment: string } | null; unchanged: boolean }>(run(org, n, "model-revision"), {}),
  /** server-sent events: `changed` whenever the run changes (a record, the finish, an inject out on the clock) */
  liveUrl: (org: string, n: number) => run(org, n, "live"),
  pdfUrl: (org: string, n: number, lang: "ko" | "en") => `${run(org, n, "report.pdf")}?lang=${lang}`,
  evidence: (org: string) => api.get<RecoveryEvidence>(orgPath(org, "recovery-evidence")),
};

/** The exercise programme as the model writes it (the `exercises` section). */
export interface PlannedExercise {
  id: string;
  name?: string;
  type: string;
  scenario?: string | { lose: string };
  plans?: string[];
  date?: string;
  cycle?: string;
  objectives?: string | string[];
}
