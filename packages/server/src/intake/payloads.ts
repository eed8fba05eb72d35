/**
 * The alert formats teams already send, read into one shape (functional core: no I/O). Each
 * reader either returns the alerts or throws an IntakeError naming the field that is wrong, so
 * the sender gets a 400 saying what to fix and nothing half-written.
 */
import { createHash } from "node:crypto";

export const SOURCES = ["alertmanager", "grafana", "pagerduty", "cloudevents", "heartbeat", "check"] as const;
export type SignalSource = (typeof SOURCES)[number];

export interface IncomingAlert {
  /** deduplicates while the alert is open: Alertmanager's fingerprint, PagerDuty's dedup_key, … */
  dedupKey: string;
  status: "firing" | "resolved" | "acknowledged";
  summary: string;
  /** what the mapping rules match on (string values only) */
  labels: Record<string, string>;
  /** the label whose value names the component when no rule matches */
  defaultLabel: string;
  startedAt: Date;
  endedAt: Date | null;
  /** the alert as received, bounded */
  raw: string;
}

export class IntakeError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Raw payloads are kept for the record, never more than this (the rest is cut, and says so). */
export const RAW_LIMIT = 16 * 1024;

export function boundedRaw(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text.length <= RAW_LIMIT) return text;
  return `${text.slice(0, RAW_LIMIT)}… (${text.length - RAW_LIMIT} more characters cut)`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new IntakeError(field, `${field} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "string") out[k] = x;
    else if (typeof x === "number" || typeof x === "boolean") out[k] = String(x);
  }
  return out;
}

function time(v: unknown, field: string, fallback: Date | null): Date | null {
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v !== "string") throw new IntakeError(field, `${field} must be an RFC 3339 time, e.g. 2026-12-03T17:00:00Z`);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new IntakeError(field, `${field} "${v.slice(0, 40)}" is not an RFC 3339 time`, "e.g. 2026-12-03T17:00:00Z");
  return new Date(t);
}

/** Alertmanager's "zero" time (0001-01-01) means "not set". */
const isSet = (d: Date | null): d is Date => d !== null && d.getUTCFullYear() > 1;

const labelsFingerprint = (labels: Record<string, string>) =>
  createHash("sha256").update(JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]))).digest("hex").slice(0, 16);

/**
 * Prometheus Alertmanager webhook (version 4) and Grafana's webhook, which extends it: a group of
 * alerts, each with labels, annotations, startsAt, endsAt, status and fingerprint.
 */
export function readAlertGroup(body: unknown, source: "alertmanager" | "grafana", now: Date): IncomingAlert[] {
  if (!isObject(body)) throw new IntakeError("body", "the body must be a JSON object (an Alertmanager webhook group)");
  if (source === "alertmanager" && body.version !== undefined && body.version !== "4") {
    throw new IntakeError("version", `version "${String(body.version)}" is not supported; Alertmanager sends version "4"`);
  }
  if (!Array.isArray(body.alerts)) throw new IntakeError("alerts", "alerts is required and must be an array");
  if (body.alerts.length > 10_000) throw new IntakeError("alerts", `${body.alerts.length} alerts in one request; at most 10000`);
  const common = stringMap(body.commonLabels, "commonLabels");
  return body.alerts.map((a, i) => {
    const at = `alerts[${i}]`;
    if (!isObject(a)) throw new IntakeError(at, `${at} must be an object`);
    const labels = { ...common, ...stringMap(a.labels, `${at}.labels`) };
    const annotations = stringMap(a.annotations, `${at}.annotations`);
    if (a.status !== undefined && a.status !== "firing" && a.status !== "resolved") {
      throw new IntakeError(`${at}.status`, `${at}.status must be "firing" or "resolved"`);
    }
    const startsAt = time(a.startsAt, `${at}.startsAt`, now)!;
    const endsAt = time(a.endsAt, `${at}.endsAt`, null);
    const ended = a.status === "resolved" || (isSet(endsAt) && endsAt.getTime() <= now.getTime());
    const fingerprint = typeof a.fingerprint === "string" && a.fingerprint ? a.fingerprint : labelsFingerprint(labels);
    return {
      dedupKey: fingerprint,
      status: ended ? "resolved" : "firing",
      summary: annotations.summary ?? annotations.description ?? labels.alertname ?? "",
      labels,
      defaultLabel: "component",
      startedAt: isSet(startsAt) ? startsAt : now,
      endedAt: ended ? (isSet(endsAt) ? endsAt : now) : null,
      raw: boundedRaw(a),
    };
  });
}

const PD_ACTIONS = ["trigger", "acknowledge", "resolve"] as const;
const PD_SEVERITIES = ["critical", "error", "warning", "info"];

/** PagerDuty Events API v2 (`/v2/enqueue`): one event; `routing_key` is checked by the caller. */
export function readPagerDutyEvent(body: unknown, now: Date, newKey: () => string): IncomingAlert {
  if (!isObject(body)) throw new IntakeError("body", "the body must be a JSON object (a PagerDuty Events API v2 event)");
  const action = body.event_action;
  if (typeof action !== "string" || !PD_ACTIONS.includes(action as (typeof PD_ACTIONS)[number])) {
    throw new IntakeError("event_action", "event_action must be one of trigger, acknowledge, resolve");
  }
  let dedup = body.dedup_key;
  if (dedup !== undefined && (typeof dedup !== "string" || dedup.length > 255)) throw new IntakeError("dedup_key", "dedup_key must be a string of at most 255 characters");
  if (action !== "trigger" && !dedup) throw new IntakeError("dedup_key", `dedup_key is required to ${action} an alert`);
  const payload = body.payload;
  let labels: Record<string, string> = {};
  let summary = "";
  let startedAt = now;
  if (action === "trigger") {
    if (!isObject(payload)) throw new IntakeError("payload", "payload is required to trigger an alert");
    for (const f of ["summary", "source", "severity"] as const) {
      if (typeof payload[f] !== "string" || !payload[f]) throw new IntakeError(`payload.${f}`, `payload.${f} is required`);
    }
    if ((payload.summary as string).length > 1024) throw new IntakeError("payload.summary", "payload.summary is longer than 1024 characters");
    if (!PD_SEVERITIES.includes(payload.severity as string)) throw new IntakeError("payload.severity", "payload.severity must be one of critical, error, warning, info");
    summary = payload.summary as string;
    startedAt = time(payload.timestamp, "payload.timestamp", now)!;
    labels = stringMap(
      { source: payload.source, severity: payload.severity, component: payload.component, group: payload.group, class: payload.class },
      "payload",
    );
    dedup ??= newKey();
  }
  return {
    dedupKey: dedup as string,
    status: action === "trigger" ? "firing" : action === "resolve" ? "resolved" : "acknowledged",
    summary,
    labels,
    defaultLabel: "source",
    startedAt,
    endedAt: action === "resolve" ? now : null,
    raw: boundedRaw(body),
  };
}

const CE_REQUIRED = ["id", "source", "specversion", "type"] as const;

/**
 * CloudEvents 1.0 over HTTP. Structured mode: the event is the body (`application/cloudevents+json`,
 * or a batch as `application/cloudevents-batch+json`); binary mode: the attributes are `ce-*`
 * headers and the body is the data. The component is the `subject`; `data.status` (resolved, ok,
 * up) or a type ending in `.resolved` closes; `data.dedupKey` (else source and subject) deduplicates.
 */
export function readCloudEvents(contentType: string, headers: Record<string, string | string[] | undefined>, body: Buffer, now: Date): IncomingAlert[] {
  const type = contentType.split(";")[0].trim().toLowerCase();
  let events: Array<Record<string, unknown>>;
  if (type === "application/cloudevents+json" || type === "application/cloudevents-batch+json") {
    const parsed = parseJSON(body, "body");
    if (type.endsWith("batch+json")) {
      if (!Array.isArray(parsed)) throw new IntakeError("body", "a batch (application/cloudevents-batch+json) must be a JSON array of events");
      events = parsed.map((e, i) => {
        if (!isObject(e)) throw new IntakeError(`[${i}]`, `event [${i}] must be an object`);
        return e;
      });
    } else {
      if (!isObject(parsed)) throw new IntakeError("body", "a structured CloudEvent must be a JSON object");
      events = [parsed];
    }
  } else {
    // binary mode: every context attribute is a ce- header
    const event: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (!k.startsWith("ce-") || v === undefined) continue;
      event[k.slice(3)] = decodeURIComponent(Array.isArray(v) ? v[0] : v);
    }
    if (!event.specversion) {
      throw new IntakeError("ce-specversion", "no ce-specversion header: send a binary-mode event (ce-* headers) or a structured one (content-type: application/cloudevents+json)");
    }
    if (type) event.datacontenttype = contentType;
    event.data = body.length ? (type.includes("json") ? parseJSON(body, "body") : body.toString("utf8")) : undefined;
    events = [event];
  }
  return events.map((e, i) => {
    const at = events.length > 1 ? `[${i}].` : "";
    for (const f of CE_REQUIRED) {
      if (typeof e[f] !== "string" || !e[f]) throw new IntakeError(`${at}${f}`, `${at}${f} is required (a CloudEvents 1.0 context attribute)`);
    }
    if (e.specversion !== "1.0") throw new IntakeError(`${at}specversion`, `specversion "${String(e.specversion)}" is not supported; send "1.0"`);
    const data = isObject(e.data) ? e.data : {};
    const status = typeof data.status === "string" ? data.status.toLowerCase() : "";
    const resolved = ["resolved", "ok", "up"].includes(status) || (e.type as string).endsWith(".resolved");
    const labels = stringMap({ type: e.type, source: e.source, subject: e.subject, ...stringMap(data.labels, `${at}data.labels`) }, "attributes");
    const startedAt = time(e.time, `${at}time`, now)!;
    const dedup = typeof data.dedupKey === "string" && data.dedupKey ? data.dedupKey : `${e.source as string}|${(e.subject as string | undefined) ?? (e.type as string)}`;
    return {
      dedupKey: dedup,
      status: resolved ? "resolved" : "firing",
      summary: typeof data.summary === "string" ? data.summary : typeof data.message === "string" ? data.message : (e.type as string),
      labels,
      defaultLabel: "subject",
      startedAt,
      endedAt: resolved ? startedAt : null,
      raw: boundedRaw(e),
    };
  });
}

export function parseJSON(body: Buffer | string, field: string): unknown {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (!text.trim()) throw new IntakeError(field, "the body is empty; send a JSON document");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new IntakeError(field, `the body is not valid JSON: ${(e as Error).message}`);
  }
}
