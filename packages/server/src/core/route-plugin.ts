/**
 * How a concern's routes are declared: a Fastify plugin typed by the TypeBox type provider (so
 * `request.body`, `params` and `query` have the types of their schemas, with no casts), and named
 * with what it needs from the app around it. A route plugin registered where one of those is missing
 * fails at startup, naming the plugin and what is missing, instead of answering requests without
 * cookies, without its OpenAPI entry or without the access hook's principal.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import fp from "fastify-plugin";
import type { Services } from "./services.js";

export type RoutePlugin = FastifyPluginAsyncTypebox<{ services: Services }>;

/** What every route plugin needs registered before it. */
export const ROUTE_PLUGIN_NEEDS = {
  /** sessions are cookies; the OpenAPI document collects routes as they are added */
  dependencies: ["@fastify/cookie", "@fastify/swagger"],
  /** set by the access hook (core/app.ts) before a handler runs */
  decorators: { request: ["principal", "org"] },
} as const;

/**
 * A route plugin named `continuum-<name>`. It stays encapsulated (`encapsulate: true`): its routes
 * are mounted under the prefix it is registered with, and its hooks stay its own.
 */
export function routePlugin(name: string, plugin: RoutePlugin): RoutePlugin {
  return fp(plugin, {
    name: `continuum-${name}`,
    fastify: "5.x",
    encapsulate: true,
    dependencies: [...ROUTE_PLUGIN_NEEDS.dependencies],
    decorators: { request: [...ROUTE_PLUGIN_NEEDS.decorators.request] },
  });
}
