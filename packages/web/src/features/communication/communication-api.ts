/** Crisis communication of an incident: call tree, deadline clocks, messages (docs/communication.md). */
import { api, orgPath } from "../../app/api";

export type ClockState = "waiting" | "running" | "amber" | "red" | "done";
export interface DeadlineClock {
  id: string;
  name: { ko: string; en: string };
  basis?: string;
  state: ClockState;
  startsAt: string | null;
  dueAt: string | null;
  minutesLeft: number | null;
  services: string[];
  doneAt: string | null;
}

export type CallState = "sending" | "reached" | "not-reached" | "acknowledged" | "escalated" | "unreachable";
export interface CallRequest {
  id: number;
  stakeholder: string;
  person: string;
  name: string;
  alternateFor: string | null;
  state: CallState;
  channels: string[];
  deliveries: Array<{ channel: string; state: "pending" | "sent" | "failed"; attempts: number; sentAt: string | null; error: string | null }>;
  requestedAt: string;
  escalateAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedVia: string | null;
}

export interface Communication {
  exercise: boolean;
  callTree: CallRequest[];
  clocks: DeadlineClock[];
  templates: Array<{ id: string; name: string; audience: string[] }>;
  stakeholders: Array<{ id: string; name: string; kind: string; callTree: boolean }>;
}

export interface RenderedMessage {
  subject: string;
  body: string;
  missing: string[];
  unknown: string[];
}

export interface MessageRequest {
  template: string;
  stakeholders?: string[];
  cause?: string;
  contact?: string;
  sendId?: string;
}

const base = (org: string, n: number, ...rest: Array<string | number>) => orgPath(org, "incidents", n, ...rest);

export const communicationApi = {
  get: (org: string, n: number) => api.get<Communication>(base(org, n, "communication")),
  acknowledge: (org: string, n: number, id: number) => api.post(base(org, n, "call-tree", id, "acknowledge")),
  clockDone: (org: string, n: number, clock: string) => api.post(base(org, n, "clocks", clock, "done")),
  preview: (org: string, n: number, body: MessageRequest) => api.post<{ ko: RenderedMessage; en: RenderedMessage; recipients: number; byChannel: Record<string, number> }>(base(org, n, "messages", "preview"), body),
  send: (org: string, n: number, body: MessageRequest) => api.post<{ queued: number; recipients: number }>(base(org, n, "messages"), body),
  capUrl: (org: string, n: number, template: string) => `${base(org, n, "cap")}?template=${encodeURIComponent(template)}`,
  sheetUrl: (org: string, n: number) => base(org, n, "communication", "sheet"),
};
