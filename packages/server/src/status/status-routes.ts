/**
 * The status page over HTTP.
 * - `statusPageRoutes` (no prefix, public, no login): `/status/:org` (HTML that needs no script),
 *   `/status/:org/feed.atom`, the subscription form, the opt-in and unsubscribe links, and the
 *   shipped font under `/status-assets/`. An unknown or unpublished organization is a 404.
 * - `statusRoutes` (under /api/v1, members): the page's state for the editor, responders' updates,
 *   publish/unpublish (admins), and the static export as a tar archive.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { PROBLEM_CONTENT_TYPE } from "@continuum/api";
import { badRequest, notFound, Problem } from "../core/problem.js";
import { OrgParams } from "../core/schemas.js";
import { orgOf, userOf, type Services } from "../core/services.js";
import { DECLARED_STATES, PHASES, publicServices, type Localized, type Phase, type ServiceState } from "./service-states.js";
import { statusFeed } from "./status-feed.js";
import { messagePageHtml, statusPageHtml, type PageLinks } from "./status-page-html.js";
import { StatusDesk, type PublicOrg } from "./status-desk.js";
import { LANGS, pickLang, STATUS_TEXT, type Lang } from "./status-text.js";
import { tarArchive, type ArchiveFile } from "./tar-archive.js";

const FONT_DIR = dirname(createRequire(import.meta.url).resolve("pretendard/dist/web/variable/pretendardvariable-dynamic-subset.css"));
const FONT_CSS = "pretendardvariable-dynamic-subset.css";
const FONT_FILES = "woff2-dynamic-subset";
const ASSETS = "/status-assets";

/** No script at all; the CSS is in the page; the font and forms stay on this server. */
const PAGE_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const desks = new WeakMap<Services, StatusDesk>();
/** One desk per server (both plugins share its cache). */
export function statusDeskOf(services: Services): StatusDesk {
  let d = desks.get(services);
  if (!d) desks.set(services, (d = new StatusDesk(services.db, services.desk)));
  return d;
}

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function liveLinks(slug: string): PageLinks {
  const base = `/status/${encodeURIComponent(slug)}`;
  return { page: (lang) => `${base}?lang=${lang}`, feed: `${base}/feed.atom`, fontCss: `${ASSETS}/${FONT_CSS}`, subscribe: `${base}/subscribe`, live: null };
}

const sendHtml = (reply: FastifyReply, status: number, html: string) =>
  reply.code(status).header("content-security-policy", PAGE_CSP).header("cache-control", "no-cache").type("text/html; charset=utf-8").send(html);

const SlugParams = Type.Object({ org: Type.String({ maxLength: 63 }) });
const TokenParams = Type.Object({ org: Type.String({ maxLength: 63 }), token: Type.String({ maxLength: 200 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });

const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** The subscription form's fields, checked: a problem names the field. */
export function subscriptionInput(body: Record<string, unknown>, known: ReadonlySet<string>): { channel: "email" | "webhook"; address: string; services: string[]; lang: Lang } {
  const channel = body.channel ?? "email";
  if (channel !== "email" && channel !== "webhook") throw badRequest("channel", "channel must be email or webhook");
  const address = typeof body.address === "string" ? body.address.trim() : "";
  if (!address || address.length > 500) throw badRequest("address", "address is required (at most 500 characters)");
  if (channel === "email" && !EMAIL.test(address)) throw badRequest("address", `"${address}" is not an e-mail address`);
  if (channel === "webhook") {
    let url: URL | undefined;
    try {
      url = new URL(address);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) throw badRequest("address", `"${address}" is not an http(s) URL`);
  }
  const raw = body.services === undefined ? [] : Array.isArray(body.services) ? body.services : [body.services];
  const services = [...new Set(raw.map(String))];
  if (services.length > 200) throw badRequest("services", "at most 200 services");
  for (const [i, s] of services.entries()) if (!known.has(s)) throw badRequest(`services[${i}]`, `service "${s}" is not on this status page`);
  const lang: Lang = body.lang === "ko" ? "ko" : "en";
  return { channel, address, services, lang };
}

export const statusPageRoutes: FastifyPluginAsync<{ services: Services }> = async (app: FastifyInstance, { services }) => {
  const { db, organizations } = services;
  const status = statusDeskOf(services);
  const hidden = { hide: true };

  // the subscription form posts urlencoded fields (the page has no script); `services` repeats
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16_384 }, (_request, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });

  /** The published organization of the path, or a 404 page. */
  async function publishedOrg(request: FastifyRequest, reply: FastifyReply): Promise<PublicOrg | null> {
    const slug = (request.params as { org: string }).org;
    const org = await organizations.bySlug(db, slug);
    if (org && (await status.repo.published(db, org.id))) return { id: org.id, slug: org.slug, name: org.name };
    const lang = pickLang(undefined, request.headers["accept-language"]);
    const text = lang === "ko" ? "상태 페이지를 찾을 수 없습니다." : "There is no status page here.";
    sendHtml(reply, 404, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>404</title></head><body><main><h1>404</h1><p>${text}</p></main></body></html>`);
    return null;
  }
  const langOf = (request: FastifyRequest) => pickLang((request.query as { lang?: string }).lang, request.headers["accept-language"]);

  app.get("/status/:org", { schema: { ...hidden, params: SlugParams, querystring: LangQuery } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const lang = langOf(request);
    reply.header("content-language", lang).header("vary", "accept-language");
    return sendHtml(reply, 200, statusPageHtml(await status.view(org), lang, liveLinks(org.slug)));
  });

  app.get("/status/:org/feed.atom", { schema: { ...hidden, params: SlugParams, querystring: LangQuery } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const lang = langOf(request);
    const view = await status.view(org);
    const base = `${origin(request)}/status/${encodeURIComponent(org.slug)}`;
    const xml = statusFeed(org, view.updates, lang, { self: `${base}/feed.atom?lang=${lang}`, page: `${base}?lang=${lang}`, entry: (u) => `${base}?lang=${lang}#update-${u.thread}` }, view.now);
    return reply.header("cache-control", "no-cache").header("vary", "accept-language").type("application/atom+xml; charset=utf-8").send(xml);
  });

  app.post("/status/:org/subscribe", { schema: { ...hidden, params: SlugParams } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = !(request.headers["content-type"] ?? "").includes("json");
    const lang: Lang = body.lang === "ko" ? "ko" : langOf(request);
    const known = new Set(publicServices(await services.desk.compiled(org.id)).map((s) => s.id));
    let input;
    try {
      input = subscriptionInput(body, known);
    } catch (e) {
      if (!form || !(e instanceof Problem)) throw e;
      const field = e.errors?.[0];
      return sendHtml(reply, 400, messagePageHtml(org, lang, liveLinks(org.slug), `${field?.field}: ${field?.message}`));
    }
    await status.subscribe(org, input, origin(request));
    services.jobs.wake();
    const t = STATUS_TEXT[input.lang];
    const message = input.channel === "email" ? t.checkInbox : t.webhookCheck;
    if (!form) return reply.code(202).send({ status: "confirmation-sent", message });
    return sendHtml(reply, 202, messagePageHtml(org, input.lang, liveLinks(org.slug), message));
  });

  app.get("/status/:org/confirm/:token", { schema: { ...hidden, params: TokenParams, querystring: LangQuery } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const ok = await status.repo.confirm(db, org.id, (request.params as Static<typeof TokenParams>).token);
    const t = STATUS_TEXT[langOf(request)];
    return sendHtml(reply, ok ? 200 : 404, messagePageHtml(org, langOf(request), liveLinks(org.slug), ok ? t.confirmed : t.linkInvalid));
  });

  // a GET only asks (mail scanners open links); the button POSTs
  app.get("/status/:org/unsubscribe/:token", { schema: { ...hidden, params: TokenParams, querystring: LangQuery } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const { token } = request.params as Static<typeof TokenParams>;
    const lang = langOf(request);
    const t = STATUS_TEXT[lang];
    if (!(await status.repo.isSubscribed(db, org.id, token))) return sendHtml(reply, 404, messagePageHtml(org, lang, liveLinks(org.slug), t.linkInvalid));
    const action = `/status/${encodeURIComponent(org.slug)}/unsubscribe/${encodeURIComponent(token)}?lang=${lang}`;
    const html = messagePageHtml(org, lang, liveLinks(org.slug), lang === "ko" ? "이 주소의 구독을 해지할까요?" : "Unsubscribe this address?").replace(
      "</main>",
      `<form method="post" action="${action}"><button type="submit">${lang === "ko" ? "구독 해지" : "Unsubscribe"}</button></form></main>`,
    );
    return sendHtml(reply, 200, html);
  });

  app.post("/status/:org/unsubscribe/:token", { schema: { ...hidden, params: TokenParams, querystring: LangQuery } }, async (request, reply) => {
    const org = await publishedOrg(request, reply);
    if (!org) return reply;
    const ok = await status.repo.unsubscribe(db, org.id, (request.params as Static<typeof TokenParams>).token);
    const t = STATUS_TEXT[langOf(request)];
    return sendHtml(reply, ok ? 200 : 404, messagePageHtml(org, langOf(request), liveLinks(org.slug), ok ? t.unsubscribed : t.linkInvalid));
  });

  // the shipped font: the dynamic-subset stylesheet and its files (a browser fetches only the ranges a page uses)
  const fontCss = readFileSync(join(FONT_DIR, FONT_CSS));
  const fontFiles = new Set(readdirSync(join(FONT_DIR, FONT_FILES)));
  app.get(`${ASSETS}/${FONT_CSS}`, { schema: hidden }, async (_request, reply) =>
    reply.header("cache-control", "public, max-age=86400").type("text/css; charset=utf-8").send(fontCss),
  );
  app.get(`${ASSETS}/${FONT_FILES}/:file`, { schema: { ...hidden, params: Type.Object({ file: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!fontFiles.has(file)) return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(notFound(`font file ${file}`).body()));
    return reply.header("cache-control", "public, max-age=31536000, immutable").type("font/woff2").send(readFileSync(join(FONT_DIR, FONT_FILES, file)));
  });
};

/** The static export: both languages, both feeds and the font, as files that any static host serves. */
export function staticExport(view: Awaited<ReturnType<StatusDesk["view"]>>, liveOrigin: string): ArchiveFile[] {
  const slug = view.org.slug;
  const page = (lang: Lang) => (lang === "en" ? "index.html" : "ko.html");
  const feed = (lang: Lang) => (lang === "en" ? "feed.atom" : "feed-ko.atom");
  const live = `${liveOrigin}/status/${encodeURIComponent(slug)}`;
  const root = `status-${slug}`;
  const files: ArchiveFile[] = [];
  for (const lang of LANGS) {
    const links: PageLinks = { page, feed: feed(lang), fontCss: `fonts/${FONT_CSS}`, subscribe: null, live: `${live}?lang=${lang}#subscribe` };
    files.push({ path: `${root}/${page(lang)}`, data: Buffer.from(statusPageHtml(view, lang, links, { isStatic: true })) });
    const xml = statusFeed(view.org, view.updates, lang, { self: `${live}/feed.atom?lang=${lang}`, page: `${live}?lang=${lang}`, entry: (u) => `${live}?lang=${lang}#update-${u.thread}` }, view.now);
    files.push({ path: `${root}/${feed(lang)}`, data: Buffer.from(xml) });
  }
  files.push({ path: `${root}/fonts/${FONT_CSS}`, data: readFileSync(join(FONT_DIR, FONT_CSS)) });
  for (const f of readdirSync(join(FONT_DIR, FONT_FILES)).sort()) files.push({ path: `${root}/fonts/${FONT_FILES}/${f}`, data: readFileSync(join(FONT_DIR, FONT_FILES, f)) });
  return files;
}

const Phases = Type.Union(PHASES.map((p) => Type.Literal(p)));
const States = Type.Union(DECLARED_STATES.map((s) => Type.Literal(s)));
const LocalizedText = (max: number) =>
  Type.Object({ en: Type.Optional(Type.String({ minLength: 1, maxLength: max })), ko: Type.Optional(Type.String({ minLength: 1, maxLength: max })) }, { additionalProperties: false, description: "English and/or Korean" });

const UpdateBody = Type.Object(
  {
    phase: Phases,
    title: Type.Optional(LocalizedText(200)),
    message: LocalizedText(4000),
    incident: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: "the incident this update is about: its updates form one thread, and a drill's are marked" })),
    follows: Type.Optional(Type.String({ pattern: "^[0-9]{1,10}$", description: "continue the thread of this earlier update" })),
    services: Type.Optional(Type.Array(Type.Object({ id: Type.String({ maxLength: 200 }), state: States }, { additionalProperties: false }), { maxItems: 200 })),
    exercise: Type.Optional(Type.Boolean({ description: "a drill (taken from the incident when one is named)" })),
  },
  { additionalProperties: false },
);

const hasText = (t: Localized | undefined) => Boolean(t && (t.en?.trim() || t.ko?.trim()));

export const statusRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, organizations } = services;
  const status = statusDeskOf(services);
  const tags = ["status page"];
  const orgRow = async (id: number, slug: string): Promise<PublicOrg> => ({ id, slug, name: (await organizations.bySlug(db, slug))?.name ?? slug });

  app.get(
    "/orgs/:org/status",
    { config: { access: { org: "model:read" } }, schema: { tags, summary: "The status page as the public reads it, whether it is published, and the subscriptions counted", params: OrgParams } },
    async (request) => {
      const o = orgOf(request);
      const org = await orgRow(o.id, o.slug);
      status.invalidate(org.id);
      const view = await status.view(org);
      return {
        published: await status.repo.published(db, org.id),
        url: `/status/${org.slug}`,
        services: view.services,
        updates: view.updates.map((u) => ({ ...u, id: String(u.id), thread: String(u.thread) })),
        subscriptions: await status.repo.subscriptionCounts(db, org.id),
        now: view.now,
      };
    },
  );

  app.put(
    "/orgs/:org/status/publication",
    {
      config: { access: { org: "status:publish" } },
      schema: { tags, summary: "Publish or unpublish the public status page (unpublished: /status/:org is a 404)", params: OrgParams, body: Type.Object({ published: Type.Boolean() }, { additionalProperties: false }) },
    },
    async (request) => {
      const org = orgOf(request);
      const user = userOf(request);
      const { published } = request.body as { published: boolean };
      await status.repo.setPublished(db, org.id, published, user.name);
      await organizations.audit(db, { organizationId: org.id, userId: user.id, actor: user.email, action: published ? "status.published" : "status.unpublished", ip: request.ip });
      return { published };
    },
  );

  app.post(
    "/orgs/:org/status/updates",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Post an update (investigating, identified, monitoring, resolved); subscribers are told", params: OrgParams, body: UpdateBody } },
    async (request, reply) => {
      const o = orgOf(request);
      const user = userOf(request);
      const body = request.body as Static<typeof UpdateBody>;
      if (!hasText(body.message)) throw badRequest("message", "message needs English or Korean text");
      let thread: number | null = null;
      let incidentId: number | null = null;
      let exercise = body.exercise ?? false;
      if (body.incident !== undefined) {
        const incident = await services.desk.incidents.byNumber(db, o.id, body.incident);
        if (!incident) throw badRequest("incident", `incident ${body.incident} does not exist`);
        incidentId = incident.id;
        if (body.exercise !== undefined && body.exercise !== incident.exercise) throw badRequest("exercise", `incident ${body.incident} is ${incident.exercise ? "" : "not "}an exercise`);
        exercise = incident.exercise;
        thread = (await status.repo.threadOfIncident(db, o.id, incident.id)) ?? null;
      }
      if (body.follows !== undefined) {
        const earlier = await status.repo.update(db, o.id, Number(body.follows));
        if (!earlier) throw badRequest("follows", `update ${body.follows} does not exist`);
        if (thread !== null && thread !== earlier.thread) throw badRequest("follows", `update ${body.follows} is not about incident ${body.incident}`);
        if (earlier.exercise !== exercise) throw badRequest("follows", `update ${body.follows} is ${earlier.exercise ? "" : "not "}an exercise`);
        thread = earlier.thread;
      }
      if (thread === null && !hasText(body.title)) throw badRequest("title", "the first update of an incident needs a title (English or Korean)");
      const known = new Set(publicServices(await services.desk.compiled(o.id)).map((s) => s.id));
      for (const [i, s] of (body.services ?? []).entries()) if (!known.has(s.id)) throw badRequest(`services[${i}].id`, `service "${s.id}" is not on the status page (tier 1 and 2 services of the model)`);
      const org = await orgRow(o.id, o.slug);
      const { update, notices } = await status.postUpdate(
        org,
        { thread, incidentId, phase: body.phase as Phase, title: body.title ?? {}, message: body.message, services: (body.services ?? []) as Array<{ id: string; state: ServiceState }>, exercise },
        { id: user.id, name: user.name },
        origin(request),
      );
      services.jobs.wake();
      reply.code(201);
      return { update: { ...update, id: String(update.id), thread: String(update.thread) }, notices };
    },
  );

  app.get(
    "/orgs/:org/status/export.tar",
    {
      config: { access: { org: "model:read" } },
      schema: { tags, summary: "The status page as static files (both languages, both Atom feeds, the font) in a tar archive, for any static host", params: OrgParams },
    },
    async (request, reply) => {
      const o = orgOf(request);
      const org = await orgRow(o.id, o.slug);
      status.invalidate(org.id);
      const archive = tarArchive(staticExport(await status.view(org), origin(request)));
      return reply.type("application/x-tar").header("content-disposition", `attachment; filename="status-${org.slug}.tar"`).send(archive);
    },
  );
};
