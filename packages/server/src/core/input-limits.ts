/**
 * What the HTTP edge refuses before any route sees it, in one place so that no route can forget
 * it: JSON bodies are checked by the engine's document guard (depth, NUL characters, numbers
 * beyond what can be stored, keys given twice) before they are parsed; only JSON is accepted
 * (415 otherwise); a NUL character in the path, the query or a cookie is refused (PostgreSQL
 * cannot store it and would fail with a 500); every integer a route accepts fits PostgreSQL's
 * `integer` unless its schema says otherwise. Errors Fastify and Node answer themselves (a bad
 * URL encoding, headers too large, a malformed request) are problem+json like every other one.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { guardJsonText, type Diagnostic } from "@continuum/engine";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";
import { PROBLEM_CONTENT_TYPE, type ProblemField } from "@continuum/api";
import { Problem } from "./problem.js";

const INT4_MAX = 2147483647;
const INT4_MIN = -2147483648;

function bodyField(d: Diagnostic): ProblemField {
  const f: ProblemField = { field: d.field ?? "body", message: d.field ? `${d.field}: ${d.message}` : d.message, code: d.code };
  if (d.hint !== undefined) f.hint = d.hint;
  if (d.line !== undefined) f.line = d.line;
  if (d.column !== undefined) f.column = d.column;
  return f;
}

/** JSON is the only body the API reads; it passes the document guard before it is parsed. */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const findings = guardJsonText(body as string);
    if (findings.length) {
      const first = findings[0];
      done(new Problem(400, "invalid-body", "The body cannot be accepted", `${first.field ? `${first.field}: ` : ""}${first.message}`, findings.map(bodyField)), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

const NUL_IN_URL = /%00|\0/;

/** onRequest: a NUL character anywhere in the URL (path or query, raw or %00) or in a cookie. */
export async function refuseNul(request: FastifyRequest): Promise<void> {
  if (NUL_IN_URL.test(request.url)) {
    throw new Problem(400, "nul-character", "NUL character in the URL", "the path or the query holds a NUL character (%00), which cannot be stored", [
      { field: "url", message: "holds a NUL character (%00)" },
    ]);
  }
  const cookies = request.cookies as Record<string, string | undefined> | undefined;
  for (const [name, value] of Object.entries(cookies ?? {})) {
    if (value !== undefined && value.indexOf("\0") >= 0) {
      throw new Problem(400, "nul-character", "NUL character in a cookie", `the cookie ${name} holds a NUL character`, [{ field: `cookie ${name}`, message: "holds a NUL character" }]);
    }
  }
}

/**
 * onRoute: integers without bounds get PostgreSQL's integer range, so that 1e300 (an integer
 * to JSON Schema) is a 400 here rather than "out of range" from the database.
 */
export function boundIntegers(schema: unknown): void {
  const stack: unknown[] = [schema];
  const seen = new Set<unknown>();
  while (stack.length) {
    const s = stack.pop();
    if (typeof s !== "object" || s === null || seen.has(s)) continue;
    seen.add(s);
    const node = s as Record<string, unknown>;
    if (node.type === "integer") {
      if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.maximum = INT4_MAX;
      if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.minimum = INT4_MIN;
    }
    for (const v of Object.values(node)) if (typeof v === "object" && v !== null) stack.push(v);
  }
}

function problemText(status: number, code: string, title: string, detail: string): string {
  return JSON.stringify({ type: `https://continuum.dev/problems/${code}`, title, status, detail });
}

/** Errors Node's HTTP parser finds before Fastify sees a request: answered on the socket. */
export const clientErrorHandler: FastifyServerOptions["clientErrorHandler"] = function (this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  if (error.code === "ECONNRESET" || !socket.writable) return;
  let status = 400;
  let code = "bad-request";
  let detail = "the request is malformed";
  if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    code = "headers-too-large";
    detail = "the request headers are larger than the server accepts (16 KB)";
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    code = "request-timeout";
    detail = "the request took too long to arrive";
  } else if (error.code === "HPE_INVALID_HEADER_TOKEN" || error.code === "HPE_INVALID_HEADER_VALUE") {
    detail = "a request header holds a character headers may not hold";
  }
  const body = problemText(status, code, STATUS_CODES[status] ?? "Bad request", detail);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};

/** Fastify's own errors before routing (a URL that is not valid percent-encoding). */
export function frameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const badUrl = error.code === "FST_ERR_BAD_URL";
  void reply
    .code(400)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      problemText(
        400,
        badUrl ? "bad-url" : "bad-request",
        badUrl ? "The URL is not valid" : "Bad request",
        badUrl ? "the path is not valid percent-encoding (UTF-8)" : error.message,
      ),
    );
}
