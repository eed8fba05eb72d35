/**
 * The web app: static files of packages/web/dist, `index.html` for every other non-API path (the
 * app routes in the browser), hashed assets cached for a year, index.html never cached.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(js|mjs|css|woff2?|png|svg|jpg|webp|wasm|map)$/;
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

export type SpaFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

export function registerWebApp(app: FastifyInstance, webDir: string | null): SpaFallback | null {
  if (!webDir || !existsSync(join(webDir, "index.html"))) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><meta charset="utf-8"><title>Continuum</title><body style="font-family:sans-serif;max-width:40em;margin:3em auto">` +
            `<h1>Continuum</h1><p>The server runs, but the web app is not built. Build it with <code>npm run build -w @continuum/web</code> ` +
            `(or start with <code>npm start</code>, which builds what is missing).</p><p>The API and its documentation: <a href="/api/docs">/api/docs</a>.</p>`,
        ),
    );
    return null;
  }
  void app.register(fastifyStatic, {
    root: webDir,
    prefix: "/",
    wildcard: true,
    index: ["index.html"],
    dotfiles: "ignore",
    // source maps are never served, even if a build left some in the folder
    allowedPath: (pathName) => !pathName.endsWith(".map"),
    cacheControl: false,
    setHeaders(res, path) {
      if (path.endsWith(".html")) {
        res.header("cache-control", "no-cache");
        res.header("content-security-policy", CSP);
      } else if (HASHED.test(path) && path.includes(`${join("/", "assets")}`)) {
        res.header("cache-control", "public, max-age=31536000, immutable");
      } else {
        res.header("cache-control", "public, max-age=300");
      }
    },
  });
  return (_request, reply) => reply.sendFile("index.html");
}
