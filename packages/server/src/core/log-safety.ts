/**
 * What a log line may hold. Errors are logged with their message, code, and for a database error
 * the statement text, never its parameter values (PGlite puts the statement's parameters on the
 * error: one failing import logged a 302 MB line holding the whole model, and the people's data in
 * it). Every field is cut to a bound, and so is every line, whatever is logged.
 */

import type { PinoLoggerOptions as LoggerOptions } from "fastify/types/logger.js";

export const LOG_LIMITS = { field: 2000, stack: 4000, line: 16 * 1024 };

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters cut)`;
}

/** pino's `err` serializer: only the fields that say what went wrong, each bounded. */
export function errorForLog(e: unknown, depth = 0): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: cut(String(e), LOG_LIMITS.field) };
  const x = e as Error & { code?: unknown; query?: unknown; severity?: unknown; routine?: unknown; statusCode?: unknown };
  // PostgreSQL's messages quote the value they refused (`invalid input syntax for type integer: "…"`):
  // a database error keeps its words and its code, not what it quotes, nor a stack that repeats it
  const database = typeof x.routine === "string" || typeof x.query === "string";
  const message = database ? e.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') : e.message;
  const out: Record<string, unknown> = { type: e.name, message: cut(message, LOG_LIMITS.field) };
  if (typeof x.code === "string" || typeof x.code === "number") out.code = x.code;
  if (typeof x.statusCode === "number") out.statusCode = x.statusCode;
  if (typeof x.query === "string") out.statement = cut(x.query, LOG_LIMITS.field); // the text, never x.params
  if (typeof x.routine === "string") out.routine = x.routine;
  if (e.stack && !database) out.stack = cut(e.stack, LOG_LIMITS.stack);
  if (e.cause !== undefined && depth < 2) out.cause = errorForLog(e.cause, depth + 1);
  return out;
}

const LEVEL = /"level":(\d+)/;
const TIME = /"time":(\d+)/;

/** pino's streamWrite hook: a line over the bound is replaced by a short one saying so. */
export function capLogLine(line: string): string {
  if (line.length <= LOG_LIMITS.line) return line;
  const head = line.slice(0, 200);
  const level = Number(LEVEL.exec(head)?.[1] ?? 30);
  const time = Number(TIME.exec(head)?.[1] ?? Date.now());
  // pino writes msg last: look for it from the end
  const at = line.lastIndexOf(',"msg":"');
  const msg = at < 0 ? undefined : /^,"msg":"((?:[^"\\]|\\.){0,300})/.exec(line.slice(at, at + 2000))?.[1];
  let text = "(log line cut)";
  try {
    if (msg) text = JSON.parse(`"${msg}"`) as string;
  } catch {
    // cut inside an escape: the placeholder will do
  }
  return `${JSON.stringify({ level, time, msg: text, cut: `a log line of ${line.length} characters was cut to this one`, start: line.slice(0, 1000) })}\n`;
}

/** pino options with the error serializer and the line bound added. */
export function safeLogOptions(options: Record<string, unknown>): LoggerOptions {
  const base = options as LoggerOptions;
  return {
    ...base,
    serializers: { ...base.serializers, err: (e: unknown) => errorForLog(e) },
    hooks: { ...base.hooks, streamWrite: capLogLine },
  };
}
