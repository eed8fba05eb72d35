/**
 * The `checks` section beyond its declaration: what each type of check needs (http a url, tcp a
 * host, dns a query), each condition parsed with its place (file, line, field), and the checks
 * of a read model as the server's runner takes them (defaults applied, durations in
 * milliseconds, conditions parsed).
 */
import { child, type Model, type SourceRef } from "./types.js";
import { goDurationMs, parseCondition, type CheckType, type Condition } from "./check-condition.js";
import { CHECK } from "./schema.js";
import { isMapping, type MessageSink } from "./section-kit.js";

/** What each type of check cannot do without. */
const NEEDS: Record<CheckType, "url" | "host" | "query"> = { http: "url", tcp: "host", dns: "query" };

/** The shortest interval a check runs at (a check is a probe, not a load test). */
export const MIN_CHECK_INTERVAL_MS = 1000;

/** Checks one entry already conforming to its declaration: the type's field and every condition. */
export function checkCheck(sink: MessageSink, raw: Record<string, unknown>, ref: SourceRef): boolean {
  const type = raw.type as CheckType;
  const id = String(raw.id);
  let ok = true;
  const needed = NEEDS[type];
  if (needed && raw[needed] === undefined) {
    sink.error("missing-field", ref, `a ${type} check has no ${needed}`, `add \`${needed}:\``, undefined, false, { mapping: `Check "${id}" (${type})`, key: needed });
    ok = false;
  }
  const interval = typeof raw.interval === "string" ? goDurationMs(raw.interval) : undefined;
  if (interval !== undefined && interval < MIN_CHECK_INTERVAL_MS) {
    sink.error("check-interval", child(ref, "interval"), `check "${id}" runs every ${String(raw.interval)}, under 1s`, "a check runs at most once a second: write 1s or more", undefined, false, { id, interval: String(raw.interval) });
    ok = false;
  }
  const conditions = Array.isArray(raw.conditions) ? raw.conditions : [];
  conditions.forEach((text, i) => {
    const read = parseCondition(text, type);
    if (!read.ok) {
      sink.error("bad-condition", child(child(ref, "conditions"), i), `condition ${JSON.stringify(text)} of check "${id}": ${read.message}`, read.hint, undefined, false, { id, condition: String(text), reason: read.message });
      ok = false;
    }
  });
  return ok;
}

export interface CheckDefinition {
  id: string;
  name: string;
  component: string;
  type: CheckType;
  url?: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  insecure: boolean;
  host?: string;
  query?: string;
  recordType: string;
  server?: string;
  expected: string[];
  conditions: Condition[];
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
}

const DEFAULTS = {
  interval: CHECK.fields.interval.default as string,
  timeout: CHECK.fields.timeout.default as string,
  method: CHECK.fields.method.default as string,
  recordType: CHECK.fields.recordType.default as string,
  failureThreshold: CHECK.fields.failureThreshold.default as number,
  successThreshold: CHECK.fields.successThreshold.default as number,
};

/** The checks of a model that read without errors (the reader keeps only those). */
export function checksOf(model: Pick<Model, "extra">): CheckDefinition[] {
  const out: CheckDefinition[] = [];
  for (const raw of model.extra.checks ?? []) {
    if (!isMapping(raw)) continue;
    const type = raw.type as CheckType;
    const conditions: Condition[] = [];
    for (const text of (raw.conditions as unknown[] | undefined) ?? []) {
      const read = parseCondition(text, type);
      if (read.ok) conditions.push(read.condition);
    }
    const expected = raw.expected === undefined ? [] : Array.isArray(raw.expected) ? raw.expected.map(String) : [String(raw.expected)];
    out.push({
      id: String(raw.id),
      name: typeof raw.name === "string" ? raw.name : String(raw.id),
      component: String(raw.component),
      type,
      url: raw.url as string | undefined,
      method: (raw.method as string | undefined) ?? DEFAULTS.method,
      headers: (raw.headers as Record<string, string> | undefined) ?? {},
      body: raw.body as string | undefined,
      insecure: raw.insecure === true,
      host: raw.host as string | undefined,
      query: raw.query as string | undefined,
      recordType: (raw.recordType as string | undefined) ?? DEFAULTS.recordType,
      server: raw.server as string | undefined,
      expected,
      conditions,
      intervalMs: Math.max(MIN_CHECK_INTERVAL_MS, goDurationMs((raw.interval as string | undefined) ?? DEFAULTS.interval) ?? 60_000),
      timeoutMs: goDurationMs((raw.timeout as string | undefined) ?? DEFAULTS.timeout) ?? 10_000,
      failureThreshold: (raw.failureThreshold as number | undefined) ?? DEFAULTS.failureThreshold,
      successThreshold: (raw.successThreshold as number | undefined) ?? DEFAULTS.successThreshold,
    });
  }
  return out;
}
