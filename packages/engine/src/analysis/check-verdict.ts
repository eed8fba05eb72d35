/**
 * A check's verdict from what its probe observed: each condition evaluated as Gatus does (equality
 * compares whole numbers as numbers and anything else as text, `pat()` matches with `*`, `any()`
 * is one of its choices; the ordered operators compare numbers, durations in milliseconds), with
 * what each side resolved to, so a person reads why it failed. A probe that could not connect
 * fails whatever its conditions say; a check without conditions passes when it connected.
 */
import { formatOperand, numericValue, type Condition, type Operand, type PathStep } from "../model/check-condition.js";

/** What one run of a probe saw (absent: not observed by this type of check). */
export interface ProbeObservation {
  connected: boolean;
  responseTimeMs: number;
  status?: number;
  body?: string;
  /** time left on the server's certificate, in milliseconds (https) */
  certificateExpiresInMs?: number;
  ip?: string;
  /** DNS answer code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED … */
  dnsRcode?: string;
  /** DNS answers, as text (an MX its exchange, an SRV host:port, a TXT its strings joined) */
  answers?: string[];
  /** why it could not connect or read */
  error?: string;
}

export interface ConditionOutcome {
  condition: string;
  success: boolean;
  /** the condition with each placeholder's value in brackets, e.g. `[STATUS] (503) == 200` */
  resolved: string;
}

export interface CheckVerdict {
  success: boolean;
  conditions: ConditionOutcome[];
}

const MISSING = Symbol("missing");
type Value = string | typeof MISSING;

/** `expected`: DNS answers that must all be among those received (each one outcome). */
export function checkVerdict(conditions: readonly Condition[], seen: ProbeObservation, expected: readonly string[] = []): CheckVerdict {
  let body: unknown = MISSING;
  let bodyRead = false;
  const json = (): unknown => {
    if (!bodyRead) {
      bodyRead = true;
      try {
        body = seen.body === undefined ? MISSING : JSON.parse(seen.body);
      } catch {
        body = MISSING;
      }
    }
    return body;
  };
  const outcomes = conditions.map((c) => evaluate(c, seen, json));
  for (const e of expected) {
    const answers = seen.answers ?? [];
    outcomes.push({ condition: `expected ${e}`, success: answers.includes(e), resolved: `expected ${e} among [${answers.join(", ")}]` });
  }
  return { success: seen.connected && outcomes.every((o) => o.success), conditions: outcomes };
}

function evaluate(c: Condition, seen: ProbeObservation, json: () => unknown): ConditionOutcome {
  const left = resolve(c.left, seen, json);
  const right = resolve(c.right, seen, json);
  let success: boolean;
  if (left === MISSING || right === MISSING) success = false;
  else if (c.operator === "==" || c.operator === "!=") success = equal(c.left, left, c.right, right) === (c.operator === "==");
  else {
    const a = numericValue(left);
    const b = numericValue(right);
    success = a !== undefined && b !== undefined && compare(a, c.operator, b);
  }
  const shown = (o: Operand, v: Value) => (o.kind !== "placeholder" ? formatOperand(o) : `${formatOperand(o)} (${v === MISSING ? "missing" : clip(v)})`);
  return { condition: c.text, success, resolved: `${shown(c.left, left)} ${c.operator} ${shown(c.right, right)}` };
}

const clip = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function equal(lo: Operand, l: string, ro: Operand, r: string): boolean {
  if (lo.kind === "pattern") return matchPattern(lo.pattern, r);
  if (ro.kind === "pattern") return matchPattern(ro.pattern, l);
  if (lo.kind === "any") return lo.options.includes(r);
  if (ro.kind === "any") return ro.options.includes(l);
  const whole = /^[-+]?\d+$/;
  if (whole.test(l) && whole.test(r)) return Number(l) === Number(r);
  return l === r;
}

/** `*` stands for any run of characters; everything else is itself. */
export function matchPattern(pattern: string, text: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = text.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return text.length - at >= last.length && text.endsWith(last);
}

function resolve(o: Operand, seen: ProbeObservation, json: () => unknown): Value {
  switch (o.kind) {
    case "literal":
      return o.text;
    case "pattern":
    case "any":
      return "";
    case "placeholder":
      break;
  }
  if (o.name === "BODY") {
    const whole = o.path.length === 0 && !o.fn;
    if (whole) return seen.body ?? MISSING;
    const found = walk(json(), o.path);
    if (o.fn === "has") return String(found !== MISSING);
    if (found === MISSING) return MISSING;
    if (o.fn === "len") return Array.isArray(found) ? String(found.length) : typeof found === "string" ? String(found.length) : typeof found === "object" && found !== null ? String(Object.keys(found).length) : MISSING;
    return typeof found === "string" ? found : JSON.stringify(found);
  }
  const v = placeholderValue(o.name, seen);
  if (o.fn === "has") return String(v !== undefined);
  if (v === undefined) return MISSING;
  return o.fn === "len" ? String(v.length) : v;
}

function placeholderValue(name: string, seen: ProbeObservation): string | undefined {
  switch (name) {
    case "STATUS":
      return seen.status === undefined ? undefined : String(seen.status);
    case "RESPONSE_TIME":
      return String(Math.round(seen.responseTimeMs));
    case "CERTIFICATE_EXPIRATION":
      return seen.certificateExpiresInMs === undefined ? undefined : String(Math.floor(seen.certificateExpiresInMs));
    case "CONNECTED":
      return String(seen.connected);
    case "IP":
      return seen.ip;
    case "DNS_RCODE":
      return seen.dnsRcode;
    default:
      return undefined;
  }
}

function walk(value: unknown, path: readonly PathStep[]): unknown {
  let at: unknown = value;
  for (const step of path) {
    if (at === MISSING || at === null || typeof at !== "object") return MISSING;
    if (typeof step === "number") {
      if (!Array.isArray(at) || step >= at.length) return MISSING;
      at = at[step];
    } else {
      if (Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, step)) return MISSING;
      at = (at as Record<string, unknown>)[step];
    }
  }
  return at;
}
