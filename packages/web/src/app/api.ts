/**
 * The HTTP client for /api/v1 (docs/api.md): same-origin cookies, the CSRF header on every unsafe
 * request, and errors as `application/problem+json` turned into an ApiError with field messages.
 */

import type { FieldChange, Problem, ProblemField, Revision, Role } from "@continuum/api";

export type { Problem };
/** One entry of a problem's `errors` (the API's ProblemField). */
export type FieldProblem = ProblemField;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
  get errors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

let csrfToken = "";
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? "";
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();
/** Called when a request answers 401 (the session ended): the app shows the login page. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RequestOptions {
  /** do not announce a 401 (login and setup probes) */
  quiet401?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (UNSAFE.has(method) && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError({ type: "about:blank", title: "network", status: 0, detail: (e as Error).message });
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  const isJson = type.includes("json");
  if (!response.ok) {
    let problem: Problem = { type: "about:blank", title: response.statusText || "error", status: response.status };
    if (isJson) {
      try {
        const data = (await response.json()) as Partial<Problem> & { message?: string; error?: string };
        problem = {
          ...data,
          type: data.type ?? "about:blank",
          title: data.title ?? data.error ?? response.statusText,
          status: data.status ?? response.status,
          detail: data.detail ?? data.message,
        };
      } catch {
        /* keep the status line */
      }
    }
    if (response.status === 401 && !options.quiet401) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(problem);
  }
  if (!isJson) return (await response.text()) as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>("PATCH", path, body, options),
  del: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, undefined, options),
};

/** `/api/v1/orgs/<org>/<rest>` with every segment escaped. */
export function orgPath(org: string, ...rest: Array<string | number>): string {
  return ["/api/v1/orgs", encodeURIComponent(org), ...rest.map((r) => encodeURIComponent(String(r)))].join("/");
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

// ---- shapes of the API answers (docs/api.md) ---------------------------------------------

export type { Me, Membership, Organization, Page, Role, User } from "@continuum/api";

/** A revision as the API answers it (list, diff, restore). */
export type RevisionSummary = Revision;

export type DiffField = FieldChange;
export type { RevisionDiff } from "@continuum/api";

export interface StoredScenario {
  id: string | number;
  scenario: Record<string, unknown>;
  comment?: string;
  createdAt?: string;
  author?: RevisionSummary["author"];
}

export function authorName(author: RevisionSummary["author"] | string | null | undefined): string {
  if (!author) return "—";
  if (typeof author === "string") return author;
  return author.name || author.email || "—";
}

export function canEdit(role: Role | undefined): boolean {
  return role === "admin" || role === "editor";
}

/** Who may save a what-if run as a scenario: the planners and those who respond. */
export function canSaveScenario(role: Role | undefined): boolean {
  return role === "admin" || role === "editor" || role === "responder";
}
