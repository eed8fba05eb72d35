/**
 * Talking to a Continuum server from the command line (push and pull): the server address and API
 * token from flags or the environment, JSON requests, and problem answers turned into messages.
 */
import { isProblem, type Page, type OrganizationListItem, type Problem } from "@continuum/api";
import type { Diagnostic } from "@continuum/engine";
import { UsageError } from "./args.js";

/** The server refused or could not be reached (not the model's fault): exit status 3. */
export const EXIT_SERVER = 3;

export class ServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = "ServerError";
  }
}

export interface Connection {
  server: string;
  token: string;
  org?: string;
}

export const CONNECTION_FLAGS = { server: { value: true }, token: { value: true }, org: { value: true } } as const;

export const CONNECTION_HELP = `  --server URL   the Continuum server, e.g. https://continuum.example.com (or CONTINUUM_SERVER)
  --token TOKEN  an API token of the organization (or CONTINUUM_TOKEN: better, it stays out of
                 the process list and shell history); create one under Members → API tokens
  --org SLUG     the organization (default: the token's own organization) (or CONTINUUM_ORG)`;

export function connectionFrom(flags: Record<string, string | boolean | undefined>, command: string, env = process.env): Connection {
  const server = (typeof flags.server === "string" ? flags.server : env.CONTINUUM_SERVER)?.replace(/\/+$/, "");
  const token = typeof flags.token === "string" ? flags.token : env.CONTINUUM_TOKEN;
  const org = typeof flags.org === "string" ? flags.org : env.CONTINUUM_ORG || undefined;
  if (!server) throw new UsageError("--server URL is required (or set CONTINUUM_SERVER)", command);
  if (!/^https?:\/\//.test(server)) throw new UsageError(`--server must be an http:// or https:// address, got "${server}"`, command);
  if (!token) throw new UsageError("--token is required (or set CONTINUUM_TOKEN): an API token of the organization", command);
  return { server, token, org };
}

export interface Answer<T> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function call<T = unknown>(c: Connection, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(c.server + path, {
      method,
      headers: { authorization: `Bearer ${c.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ServerError(`cannot reach ${c.server}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** Turns a failed answer into a ServerError with the server's words. */
export function failure(a: Answer<unknown>, what: string, c: Connection): ServerError {
  const problem = isProblem(a.body) ? a.body : undefined;
  const detail = problem?.detail ?? problem?.title ?? a.text.slice(0, 200);
  const advice =
    a.status === 401
      ? " (the token is wrong or revoked)"
      : a.status === 403
        ? " (the token's scope does not allow this: push needs model:write, pull model:read)"
        : a.status === 404 && problem?.errors?.some((e) => e.field === "org")
          ? ` (no organization "${c.org}" for this token)`
          : "";
  return new ServerError(`${what}: ${a.status} ${detail}${advice}`, a.status, problem);
}

/** The organization to use: the one given, or the token's own. */
export async function organizationOf(c: Connection): Promise<string> {
  if (c.org) return c.org;
  const a = await call<Page<OrganizationListItem>>(c, "GET", "/api/v1/orgs");
  if (a.status !== 200) throw failure(a, "cannot list the organizations", c);
  const items = a.body.items ?? [];
  if (items.length !== 1) throw new UsageError(`the token sees ${items.length} organizations; choose one with --org`, undefined);
  return items[0].slug;
}

/** A problem's entries as engine diagnostics, to print them as `continuum check` does. */
export function diagnosticsOf(problem: Problem | undefined): Diagnostic[] {
  return (problem?.errors ?? []).map((e) => ({
    severity: e.severity === "warning" ? "warning" : "error",
    code: e.code ?? "invalid",
    message: e.message,
    hint: e.hint,
    file: e.file,
    line: e.line,
    column: e.column,
    component: e.component,
    field: e.field,
  }));
}
