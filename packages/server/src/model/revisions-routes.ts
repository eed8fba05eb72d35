/** Document control: the list of revisions, one revision's model, the diff of two, and restoring one. */
import { Type } from "@sinclair/typebox";
import { decodeCursor, encodeCursor, pageOf } from "../core/pagination.js";
import { conflict, notFound } from "../core/problem.js";
import { Comment, ModelSection, OrgParams, Page, PageQuery, Ref } from "../core/schemas.js";
import { actorFor, orgOf } from "../core/services.js";
import { ModelChanges } from "./model-changes.js";
import { ExpectedRevision, expectedRevisionOf } from "./revision-guard.js";
import { fieldChanges, joinParts, type Doc } from "./model-document.js";
import { ChangeAnswer, changeJSON } from "./model-routes.js";
import type { Collection } from "./model-repository.js";
import { routePlugin } from "../core/route-plugin.js";

const RevisionNumber = Type.Integer({ minimum: 1, maximum: 2147483647 });
const RevisionParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: RevisionNumber });
const DiffParams = Type.Object({
  org: Type.String({ maxLength: 63 }),
  a: Type.Integer({ minimum: 0, maximum: 2147483647, description: "0 = the empty model before the first revision" }),
  b: Type.Integer({ minimum: 0, maximum: 2147483647 }),
});
const FieldChange = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
const Changed = Type.Object({ id: Type.String(), fields: Type.Array(FieldChange) });
const SetDiff = Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), changed: Type.Array(Changed) });
const DiffAnswer = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  added: Type.Array(Type.String(), { description: "component ids" }),
  removed: Type.Array(Type.String()),
  changed: Type.Array(Changed),
  plans: SetDiff,
  scenarios: SetDiff,
  settings: Type.Array(FieldChange, { description: "top-level fields: organization, currency, …" }),
});
const ListQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(Type.String({ maxLength: 20, description: "import, edit, restore, scenario, demo" })),
    author: Type.Optional(Type.String({ maxLength: 200, description: "text in the author's name, e-mail or token name" })),
    since: Type.Optional(Type.String({ format: "date-time" })),
    until: Type.Optional(Type.String({ format: "date-time" })),
  },
  { additionalProperties: false },
);

export const revisionsRoutes = routePlugin("revisions", async (app, { services }) => {
  const { models } = services;
  const repo = models.repository;
  const db = models.database;
  const changes = new ModelChanges(models);

  app.get(
    "/orgs/:org/revisions",
    {
      config: { access: { org: "model:read" } },
      schema: { tags: ["revisions"], summary: "Revisions of the model, newest first", params: OrgParams, querystring: ListQuery, response: { 200: Page(Ref.revision) } },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      const limit = query.limit ?? 50;
      const c = decodeCursor<{ before: number }>(query.cursor, (v) => Number.isInteger(v.before));
      const filters = { kind: query.kind, author: query.author, since: query.since, until: query.until };
      const rows = await repo.revisions(db, org.id, { ...filters, before: c?.before, limit: limit + 1 });
      const items = rows.slice(0, limit);
      const total = await repo.countRevisions(db, org.id, filters);
      return { items, total, nextCursor: rows.length > limit ? encodeCursor({ before: items[items.length - 1].number }) : null };
    },
  );

  app.get(
    "/orgs/:org/revisions/:n",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["revisions"],
        summary: "The model and scenarios as they were in a revision",
        params: RevisionParams,
        response: { 200: Type.Object({ revision: Ref.revision, model: ModelSection("model", "the model then"), scenarios: Type.Array(ModelSection("scenario", "a scenario then")) }) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { n } = request.params;
      const snap = await changes.snapshot(org.id, n);
      return { revision: snap.revision, model: joinParts(snap), scenarios: snap.scenarios };
    },
  );

  app.get(
    "/orgs/:org/revisions/:a/diff/:b",
    {
      config: { access: { org: "model:read" } },
      schema: { tags: ["revisions"], summary: "What changed from revision a to revision b (either order; 0 = empty)", params: DiffParams, response: { 200: DiffAnswer } },
    },
    async (request) => {
      const org = orgOf(request);
      const { a, b } = request.params;
      const headers: Doc[] = [];
      for (const [n, field] of [[a, "a"], [b, "b"]] as const) {
        if (n === 0) headers.push({});
        else {
          const r = await repo.revision(db, org.id, n);
          if (!r) throw notFound(`revision ${n}`, field);
          headers.push(JSON.parse(r.header) as Doc);
        }
      }
      const diff = async (collection: Collection) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const { before, after } = lo === hi ? { before: [], after: [] } : await repo.changedBetween(db, collection, org.id, lo, hi);
        const [atA, atB] = a <= b ? [before, after] : [after, before];
        const docsA = new Map(atA.map((r) => [r.id, r.document]));
        const docsB = new Map(atB.map((r) => [r.id, r.document]));
        const added: string[] = [];
        const removed: string[] = [];
        const changed: Array<{ id: string; fields: ReturnType<typeof fieldChanges> }> = [];
        let seen = 0;
        for (const [id, text] of docsB) {
          // a diff of two large revisions compares many documents: let other requests in between
          if (++seen % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          const old = docsA.get(id);
          if (old === undefined) added.push(id);
          else if (old !== text) changed.push({ id, fields: fieldChanges(JSON.parse(old) as Doc, JSON.parse(text) as Doc) });
        }
        for (const id of docsA.keys()) if (!docsB.has(id)) removed.push(id);
        return { added, removed, changed };
      };
      const components = await diff("components");
      const strip = (h: Doc) => {
        const { components: _c, plans: _p, ...rest } = h;
        return rest;
      };
      return {
        from: a,
        to: b,
        ...components,
        plans: await diff("plans"),
        scenarios: await diff("scenarios"),
        settings: fieldChanges(strip(headers[0]), strip(headers[1])),
      };
    },
  );

  app.post(
    "/orgs/:org/revisions/:n/restore",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["revisions"],
        summary: "Make an old revision current again (written as a new revision)",
        params: RevisionParams,
        body: Type.Optional(Type.Object({ comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) }, { additionalProperties: false })),
        response: { 200: ChangeAnswer, 201: ChangeAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { n } = request.params;
      const body = request.body;
      const result = await changes.restore(org.id, await actorFor(request, services), n, body.comment, expectedRevisionOf(request));
      reply.code(result.unchanged ? 200 : 201);
      return changeJSON(result);
    },
  );

  const ReviewSchema = Type.Object({
    id: Type.String(),
    revision: Type.Integer(),
    author: Type.Object({ userId: Type.Union([Type.String(), Type.Null()]), name: Type.String(), email: Type.Union([Type.String(), Type.Null()]), token: Type.Union([Type.String(), Type.Null()]) }),
    createdAt: Type.String({ format: "date-time" }),
    comment: Type.String(),
  });

  app.get(
    "/orgs/:org/reviews",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["revisions"],
        summary: "Management reviews of the model (ISO 22301 9.3), newest first",
        params: OrgParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(ReviewSchema) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const query = request.query;
      return pageOf(await repo.reviews(db, org.id), query.limit ?? 50, query.cursor, (r) => r.id);
    },
  );

  app.post(
    "/orgs/:org/reviews",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["revisions"],
        summary: "Record that the current revision was reviewed (editor, admin)",
        params: OrgParams,
        body: Type.Object({ comment: Type.Optional(Comment) }, { additionalProperties: false }),
        response: { 201: ReviewSchema },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { comment } = request.body;
      const state = await models.current(org.id);
      if (!state.revision) throw conflict("there is no model to review yet: import one first");
      const actor = await actorFor(request, services);
      const review = await repo.addReview(db, org.id, state.revision.number, actor, comment || `Reviewed revision ${state.revision.number}`);
      reply.code(201);
      return review;
    },
  );
});
