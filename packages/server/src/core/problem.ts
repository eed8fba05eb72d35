/**
 * Every error the API answers is an RFC 9457 problem (`application/problem+json`) naming, where it
 * can, the field that is wrong. The body's shape is @continuum/api's `Problem`, shared with the CLI
 * and the web app; this module makes them.
 */
import type { Problem as ProblemBody, ProblemField } from "@continuum/api";
import { PROBLEM_BASE } from "@continuum/api";
import type { Diagnostic } from "@continuum/engine";

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemField[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = "Problem";
  }

  body(): ProblemBody {
    const b: ProblemBody = { type: PROBLEM_BASE + this.code, title: this.title, status: this.status };
    if (this.detail !== undefined) b.detail = this.detail;
    if (this.errors?.length) b.errors = this.errors;
    return b;
  }
}

export const badRequest = (field: string | undefined, message: string, hint?: string) =>
  new Problem(400, "bad-request", "Bad request", message, [{ field, message, hint }]);

export const unauthorized = (detail = "sign in, or send an API token as `Authorization: Bearer <token>`") =>
  new Problem(401, "unauthorized", "Not signed in", detail);

export const forbidden = (detail: string) => new Problem(403, "forbidden", "Not allowed", detail);

export const notFound = (what: string, field?: string) =>
  new Problem(404, "not-found", "Not found", `${what} does not exist or is not visible to you`, field ? [{ field, message: `${what} not found` }] : undefined);

export const conflict = (detail: string, field?: string) =>
  new Problem(409, "conflict", "Conflict", detail, field ? [{ field, message: detail }] : undefined);

/** The model (or scenario) is invalid: every diagnostic the engine reported, with file and line. */
export function invalidModel(diagnostics: Diagnostic[], detail?: string): Problem {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return new Problem(
    422,
    "invalid-model",
    "The model is invalid",
    detail ?? `${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was changed`,
    diagnostics.map(diagnosticField),
  );
}

export function diagnosticField(d: Diagnostic): ProblemField {
  const f: ProblemField = { message: d.message, severity: d.severity, code: d.code };
  if (d.field !== undefined) f.field = d.field;
  if (d.hint !== undefined) f.hint = d.hint;
  if (d.file !== undefined) f.file = d.file;
  if (d.line !== undefined) f.line = d.line;
  if (d.column !== undefined) f.column = d.column;
  if (d.component !== undefined) f.component = d.component;
  // the client words the message in its person's language from the code and these
  if (d.params !== undefined) f.params = d.params;
  return f;
}
