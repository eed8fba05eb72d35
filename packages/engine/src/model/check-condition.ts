/**
 * The conditions of a check, in Gatus's grammar: `<left> <operator> <right>` with spaces around
 * the operator (`==`, `!=`, `<=`, `>=`, `>`, `<`, found in that order as Gatus does), each side a
 * placeholder (`[STATUS]`, `[RESPONSE_TIME]`, `[BODY]`, `[BODY].data[0].id`,
 * `[CERTIFICATE_EXPIRATION]`, `[CONNECTED]`, `[IP]`, `[DNS_RCODE]`), a function of one
 * (`len([BODY].items)`, `has([BODY].errors)`), a pattern `pat(*UP*)`, a choice `any(200, 204)` or
 * plain text. Unlike Gatus, a condition that cannot mean anything (an unknown placeholder, a
 * pattern compared with `<`, text where a number is needed) is refused when the model is read,
 * not evaluated to false at every run. Pure: the model reader parses, the server's runner
 * evaluates (analysis/check-verdict.ts).
 */
import { likelyTypo } from "./typos.js";

export const CHECK_TYPES = ["http", "tcp", "dns"] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export const OPERATORS = ["==", "!=", "<=", ">=", ">", "<"] as const;
export type Operator = (typeof OPERATORS)[number];

export const PLACEHOLDERS = ["STATUS", "RESPONSE_TIME", "BODY", "CERTIFICATE_EXPIRATION", "CONNECTED", "IP", "DNS_RCODE"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What each type of check observes (a condition on anything else could never hold). */
export const PLACEHOLDERS_BY_TYPE: Record<CheckType, readonly Placeholder[]> = {
  http: ["STATUS", "RESPONSE_TIME", "BODY", "CERTIFICATE_EXPIRATION", "CONNECTED", "IP"],
  tcp: ["CONNECTED", "RESPONSE_TIME", "IP"],
  dns: ["DNS_RCODE", "BODY", "RESPONSE_TIME", "CONNECTED"],
};

/** One step into a JSON body: a key or an index. */
export type PathStep = string | number;

export type Operand =
  | { kind: "placeholder"; name: Placeholder; path: PathStep[]; fn?: "len" | "has" }
  | { kind: "pattern"; pattern: string }
  | { kind: "any"; options: string[] }
  | { kind: "literal"; text: string };

export interface Condition {
  /** as written */
  text: string;
  left: Operand;
  operator: Operator;
  right: Operand;
}

export type ConditionReading = { ok: true; condition: Condition } | { ok: false; message: string; hint?: string };

const ORDERED: readonly Operator[] = ["<=", ">=", ">", "<"];
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration (`48h`, `1h30m`, `500ms`) in milliseconds, as Gatus compares them; undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (!GO_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * GO_UNIT_MS[m[2]];
  return ms;
}

/** A number, or a duration in milliseconds, as the ordered operators compare them. */
export function numericValue(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (/^[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?$/i.test(t) || /^0x[0-9a-f]+$/i.test(t)) return Number(t);
  return goDurationMs(t);
}

const fail = (message: string, hint?: string): ConditionReading => ({ ok: false, message, hint });

/** Parses one condition; `type` (when known) limits the placeholders to what that check observes. */
export function parseCondition(text: unknown, type?: CheckType): ConditionReading {
  if (typeof text !== "string") return fail(`a condition is text, got ${text === null ? "null" : typeof text}`, 'quote it: "[STATUS] == 200"');
  const trimmed = text.trim();
  const operator = OPERATORS.find((op) => trimmed.includes(` ${op} `));
  if (!operator) return fail(`"${trimmed}" has no operator`, `write <left> <operator> <right> with spaces around one of ${OPERATORS.join(" ")}, e.g. [STATUS] == 200`);
  const at = trimmed.indexOf(` ${operator} `);
  const sides = [trimmed.slice(0, at).trim(), trimmed.slice(at + operator.length + 2).trim()];
  if (sides.some((s) => s.includes(` ${operator} `))) return fail(`"${trimmed}" has ${operator} twice`, "one comparison per condition: write two conditions");
  const operands: Operand[] = [];
  for (const side of sides) {
    if (!side) return fail(`"${trimmed}" has nothing on one side of ${operator}`);
    const read = readOperand(side, type);
    if (typeof read === "string") return fail(read.split("\n")[0], read.split("\n")[1]);
    operands.push(read);
  }
  const [left, right] = operands;
  if (ORDERED.includes(operator)) {
    for (const o of operands) {
      if (o.kind === "pattern" || o.kind === "any") return fail(`${o.kind === "pattern" ? "pat()" : "any()"} compares only with == or !=`, `"${trimmed}" uses ${operator}`);
      if (o.kind === "literal" && numericValue(o.text) === undefined) return fail(`"${o.text}" is not a number or a duration, which ${operator} needs`, "write a number (500) or a duration (48h, 30m, 500ms)");
      if (o.kind === "placeholder" && !o.fn && (o.name === "CONNECTED" || o.name === "IP" || o.name === "DNS_RCODE")) return fail(`[${o.name}] is not a number: compare it with == or !=`);
    }
  }
  if (left.kind !== "placeholder" && right.kind !== "placeholder") return fail(`"${trimmed}" compares no placeholder`, `one side names what the check observes: ${(type ? PLACEHOLDERS_BY_TYPE[type] : PLACEHOLDERS).map((p) => `[${p}]`).join(", ")}`);
  return { ok: true, condition: { text: trimmed, left, operator, right } };
}

/** An operand, or the message (and after a newline the hint) saying why it is not one. */
function readOperand(side: string, type: CheckType | undefined): Operand | string {
  const fn = /^(len|has|pat|any)\((.*)\)$/s.exec(side);
  if (fn) {
    const inner = fn[2].trim();
    if (fn[1] === "pat") return { kind: "pattern", pattern: inner };
    if (fn[1] === "any") {
      const options = inner.split(",").map((o) => o.trim());
      if (options.some((o) => o === "")) return `any(${inner}) has an empty choice\nwrite the choices separated by commas: any(200, 204)`;
      return { kind: "any", options };
    }
    const p = readPlaceholder(inner, type);
    if (typeof p === "string") return p;
    if (!p) return `${fn[1]}() takes a placeholder, got "${inner}"\ne.g. ${fn[1]}([BODY].items)`;
    return { ...p, fn: fn[1] as "len" | "has" };
  }
  const p = readPlaceholder(side, type);
  if (typeof p === "string") return p;
  return p ?? { kind: "literal", text: side };
}

function readPlaceholder(text: string, type: CheckType | undefined): Extract<Operand, { kind: "placeholder" }> | string | undefined {
  const m = /^\[([A-Z_]+)\](.*)$/s.exec(text);
  if (!m) return undefined;
  const name = m[1];
  if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
    const meant = likelyTypo(name, PLACEHOLDERS);
    return `[${name}] is not a placeholder\n${meant ? `did you mean [${meant}]?` : `placeholders: ${PLACEHOLDERS.map((p) => `[${p}]`).join(", ")}`}`;
  }
  if (type && !PLACEHOLDERS_BY_TYPE[type].includes(name as Placeholder)) {
    return `a ${type} check has no [${name}]\n${type} checks observe ${PLACEHOLDERS_BY_TYPE[type].map((p) => `[${p}]`).join(", ")}`;
  }
  const rest = m[2];
  if (rest && name !== "BODY") return `[${name}] has no fields ("${rest}")`;
  const path = readPath(rest);
  if (typeof path === "string") return path;
  return { kind: "placeholder", name: name as Placeholder, path };
}

/** `.a.b[0].c` or `[0]` after [BODY]. */
function readPath(rest: string): PathStep[] | string {
  const path: PathStep[] = [];
  let i = 0;
  while (i < rest.length) {
    if (rest[i] === ".") {
      const m = /^\.([^.[\]\s]+)/.exec(rest.slice(i));
      if (!m) return `"${rest}" is not a path into the body\ne.g. [BODY].status or [BODY].data[0].id`;
      path.push(m[1]);
      i += m[0].length;
    } else if (rest[i] === "[") {
      const m = /^\[(\d+)\]/.exec(rest.slice(i));
      if (!m) return `"${rest}" is not a path into the body\nan index is a whole number: [BODY].data[0]`;
      path.push(Number(m[1]));
      i += m[0].length;
    } else return `"${rest}" is not a path into the body\ne.g. [BODY].status or [BODY].data[0].id`;
  }
  return path;
}

/** The text of an operand, as it would be written (parseCondition(formatCondition(c)) gives c back). */
export function formatOperand(o: Operand): string {
  switch (o.kind) {
    case "placeholder": {
      const p = `[${o.name}]${o.path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}`;
      return o.fn ? `${o.fn}(${p})` : p;
    }
    case "pattern":
      return `pat(${o.pattern})`;
    case "any":
      return `any(${o.options.join(", ")})`;
    case "literal":
      return o.text;
  }
}
