/**
 * The HTTP core: Fastify with the schemas, the one access hook every API route goes through, errors
 * as problem+json, the OpenAPI document, and one plugin per concern mounted under /api/v1.
 */
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import { SESSION_COOKIE, safeEqual } from "../accounts/authenticator.js";
import { authRoutes } from "../accounts/auth-routes.js";
import { passwordResetRoutes } from "../accounts/password-reset-routes.js";
import { analysisRoutes } from "../analysis/analysis-routes.js";
import { modelRoutes } from "../model/model-routes.js";
import { revisionsRoutes } from "../model/revisions-routes.js";
import { risksRoutes } from "../risks/risks-routes.js";
import { organizationsRoutes } from "../organizations/organizations-routes.js";
import { scenariosRoutes } from "../scenarios/scenarios-routes.js";
import { tokensRoutes } from "../tokens/tokens-routes.js";
import { invitationsRoutes } from "../invitations/invitations-routes.js";
import { incidentsRoutes } from "../incidents/incidents-routes.js";
import { plansRoutes } from "../plans/plans-routes.js";
import { exerciseRunsRoutes } from "../exercises/exercise-runs-routes.js";
import { intakeAdminRoutes } from "../intake/intake-admin-routes.js";
import { intakeRoutes } from "../intake/intake-routes.js";
import { statusPageRoutes, statusRoutes } from "../status/status-routes.js";
import { checksRoutes } from "../checks/checks-routes.js";
import { acknowledgementPages, communicationRoutes } from "../communication/communication-routes.js";
import { directoryRoutes } from "../directory/directory-routes.js";
import type { Access } from "./access.js";
import { PROBLEM_CONTENT_TYPE, type ProblemField } from "@continuum/api";
import { forbidden, notFound, Problem, unauthorized } from "./problem.js";
import { boundIntegers, clientErrorHandler, frameworkErrors, refuseNul, registerJsonBody } from "./input-limits.js";
import { Ref, SECTION_KEYWORD, SHARED_SCHEMAS, withModelSections } from "./schemas.js";
import { cookiesSecure, type Services } from "./services.js";
import { registerWebApp } from "./web-app.js";
import { diskFull, isDiskFull } from "../storage/disk-full.js";

export const API_PREFIX = "/api/v1";

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AppOptions {
  logger: FastifyServerOptions["logger"];
  trustProxy: boolean | number | string[];
  webDir: string | null;
  version: string;
}

/** An error answer in the OpenAPI document: application/problem+json, which is what every error is. */
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: Ref.problem } } });

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The API documentation page: its own scripts and styles only (Swagger UI sets inline styles). */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

export async function buildApp(services: Services, options: AppOptions): Promise<{ app: FastifyInstance; routes: RouteInfo[] }> {
  const app = Fastify({
    logger: options.logger,
    trustProxy: options.trustProxy as FastifyServerOptions["trustProxy"],
    bodyLimit: 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: true, keywords: [SECTION_KEYWORD] } },
  });
  app.decorateRequest("principal", null);
  app.decorateRequest("org", null);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  registerJsonBody(app);

  const routes: RouteInfo[] = [];
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule (config.access)`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== "HEAD") routes.push({ method: m, url: route.url, access });
    // every API route documents its error answers
    route.schema ??= {};
    for (const part of ["body", "querystring", "params"] as const) boundIntegers((route.schema as Record<string, unknown>)[part]);
    const response = ((route.schema as Record<string, unknown>).response ??= {}) as Record<string, unknown>;
    // an error answer a route declares itself (409, 412, 507, …) is problem+json like the rest
    for (const [status, schema] of Object.entries(response)) {
      if (/^[45]/.test(status) && schema && typeof schema === "object" && !("content" in schema)) {
        response[status] = { description: (schema as { description?: string }).description ?? "a problem", content: { "application/problem+json": { schema } } };
      }
    }
    response["4XX"] ??= problemResponse("a problem with the request: what is wrong and where");
    response["5XX"] ??= problemResponse("the server could not answer (it has been logged); 503 while it stops, 507 when its disk is full");
    // public operations say so: without `security: []` a client would send credentials it need not
    (route.schema as Record<string, unknown>).security ??= access === "public" ? [] : access === "intake" ? [{ intakeKey: [] }] : [{ session: [] }, { token: [] }];
  });

  await app.register(cookie);
  app.addHook("onRequest", refuseNul);
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Continuum API",
        version: options.version,
        description:
          "Business continuity management (ISO 22301): the organization's continuity model, versioned, its analysis and what-if runs. " +
          "Errors are application/problem+json. Browser sessions send the `x-csrf-token` header on every unsafe request; API tokens use `Authorization: Bearer`.",
      },
      servers: [{ url: "/", description: "this server (the paths below start with /api/v1)" }],
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
          token: { type: "http", scheme: "bearer", description: "an API token (`ctm_…`) of one organization" },
          intakeKey: { type: "http", scheme: "bearer", description: "an intake key (`cik_…`) for alert senders (see docs/incidents.md)" },
        },
      },
    },
    // the model's sections in request bodies are documented by the engine's schema (core/schemas.ts)
    transformObject: (doc) => ("openapiObject" in doc ? withModelSections(doc.openapiObject) : doc.swaggerObject),
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === "string" ? json.$id : `schema${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list", deepLinking: true }, staticCSP: DOCS_CSP });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  // Security headers everywhere; API answers are never cached by the browser unless they say so.
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    if (!reply.hasHeader("x-frame-options")) reply.header("x-frame-options", "DENY");
    // where the session cookie is Secure, the browser must keep to https from now on
    if (cookiesSecure(services.config.secureCookies, request)) reply.header("strict-transport-security", "max-age=31536000");
    if (request.url.startsWith("/api/v1") && !reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });

  // The access hook: who is calling, may they see this organization, may their role do this.
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === "intake") return; // intake routes check their own key (intake/intake-gate.ts)
    const principal = await services.auth.authenticate(request.headers.authorization, request.cookies[SESSION_COOKIE]);
    request.principal = principal;
    if (access === "public") return;
    if (!principal) throw unauthorized();
    if (principal.kind === "session" && UNSAFE.has(request.method)) {
      const header = request.headers["x-csrf-token"];
      if (typeof header !== "string" || !safeEqual(header, principal.csrfToken)) {
        throw new Problem(403, "csrf", "Missing or wrong CSRF token", "send the header x-csrf-token with the csrfToken from GET /api/v1/me (or from the sign-in answer)", [
          { field: "x-csrf-token", message: "missing or wrong" },
        ]);
      }
    }
    if (access === "siteAdmin") {
      if (principal.kind !== "session") throw forbidden("this needs a signed-in site administrator; API tokens work on organization routes");
      if (!principal.user.isAdmin) throw forbidden("only a site administrator may do this");
      return;
    }
    if ("user" in access) {
      if (principal.kind === "token" && !access.tokens) throw forbidden("this needs a signed-in person; API tokens work on organization routes");
      return;
    }
    const slug = (request.params as { org?: string }).org;
    const org = await services.auth.organization(principal, slug);
    if (!org) throw notFound(`organization "${slug}"`, "org");
    if (!org.permissions.has(access.org)) {
      throw forbidden(`${org.role ? `the ${org.role} role` : "this API token"} does not allow this (it needs ${access.org})`);
    }
    request.org = org;
  });

  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode >= 500) request.log.error({ url: request.url, method: request.method, status: reply.statusCode }, "request failed");
    else request.log.debug({ url: request.url, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(reply, toProblem(error, request)));

  const plugins = [authRoutes, passwordResetRoutes, organizationsRoutes, invitationsRoutes, tokensRoutes, modelRoutes, revisionsRoutes, scenariosRoutes, analysisRoutes, risksRoutes, intakeRoutes, intakeAdminRoutes, incidentsRoutes, statusRoutes, plansRoutes, exerciseRunsRoutes, checksRoutes, directoryRoutes, communicationRoutes];
  for (const plugin of plugins) await app.register(plugin, { prefix: API_PREFIX, services });
  await app.register(acknowledgementPages, { services }); // public: /ack/:token

  await app.register(statusPageRoutes, { services }); // public pages at /status/:org, before the web app's fallback
  const spa = registerWebApp(app, options.webDir);
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0];
    if (!path.startsWith("/api") && (request.method === "GET" || request.method === "HEAD") && spa) return spa(request, reply);
    return sendProblem(reply, new Problem(404, "no-route", "Not found", `there is no ${request.method} ${path}`, [{ field: "url", message: `no route ${request.method} ${path}` }]));
  });
  return { app, routes };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.headers) for (const [k, v] of Object.entries(problem.headers)) reply.header(k, v);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body()));
}

function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (error instanceof Problem) return error;
  if (error.validation) {
    const where = error.validationContext ?? "body";
    const errors: ProblemField[] = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, "").split("/").filter(Boolean).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
      const params = v.params as Record<string, unknown>;
      let field = path;
      let message = v.message ?? "is not valid";
      if (v.keyword === "required") {
        field = path ? `${path}.${params.missingProperty}` : String(params.missingProperty);
        message = "is required";
      } else if (v.keyword === "additionalProperties") {
        field = path ? `${path}.${params.additionalProperty}` : String(params.additionalProperty);
        message = "is not a known field";
      } else if (v.keyword === "enum" || v.keyword === "anyOf") {
        message = "is not one of the allowed values";
      }
      if (!field) field = where === "body" ? "body" : where;
      return { field, message: `${field} ${message}` };
    });
    // a union of literals reports each alternative; one line per field is enough
    const seen = new Set<string>();
    const unique = errors.filter((e) => (seen.has(e.field!) ? false : (seen.add(e.field!), true)));
    return new Problem(400, "validation", "Invalid request", `the request ${where === "querystring" ? "query" : where} is not valid`, unique);
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new Problem(413, "too-large", "Request body too large", `the body is larger than this route accepts (${request.routeOptions.bodyLimit ?? 1048576} bytes)`, [{ field: "body", message: "too large" }]);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new Problem(415, "unsupported-media-type", "Unsupported content type", "send JSON with content-type: application/json", [{ field: "content-type", message: `${request.headers["content-type"] ?? "none"} is not accepted` }]);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new Problem(400, "bad-json", "Empty JSON body", "the content-type is application/json but the body is empty", [{ field: "body", message: "is empty" }]);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new Problem(400, "bad-json", "Body is not valid JSON", error.message, [{ field: "body", message: error.message }]);
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new Problem(400, "bad-json", "Body is not valid JSON", error.message, [{ field: "body", message: error.message }]);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new Problem(error.statusCode, "request", error.name || "Bad request", error.message);
  }
  if (isDiskFull(error)) {
    request.log.error({ url: request.url, method: request.method }, "the disk is full: a write failed");
    return diskFull();
  }
  request.log.error({ err: error }, "unexpected error");
  return new Problem(500, "internal", "Internal error", "something went wrong on the server; it has been logged");
}
