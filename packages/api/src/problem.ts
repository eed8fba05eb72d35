/**
 * Every error the API answers is an RFC 9457 problem (`application/problem+json`) naming, where it
 * can, the field that is wrong: `{ type, title, status, detail, errors: [{ field, message, … }] }`.
 * The server writes these; the CLI and the web app read them. Defined here once for all three.
 */

export const PROBLEM_BASE = "https://continuum.dev/problems/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** One thing wrong: a field of the request, or an engine diagnostic with its file and line. */
export interface ProblemField {
  field?: string;
  message: string;
  hint?: string;
  code?: string;
  severity?: "error" | "warning";
  file?: string;
  line?: number;
  column?: number;
  component?: string;
  /** the values the message names (with `code`, the client's words for it in another language) */
  params?: Record<string, string | number>;
}

export interface Problem {
  /** PROBLEM_BASE + a code such as `invalid-model`, `not-found`, `conflict` */
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemField[];
}

/** The code at the end of a problem's `type` (`invalid-model`), or undefined for a foreign type. */
export function problemCode(problem: Pick<Problem, "type">): string | undefined {
  return problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : undefined;
}

/** Whether an answer's body is a problem (a client cannot trust a 4xx body to be one: proxies answer too). */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.type === "string" && typeof b.title === "string" && typeof b.status === "number" && (b.errors === undefined || Array.isArray(b.errors));
}
