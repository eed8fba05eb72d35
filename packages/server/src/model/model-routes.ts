/**
 * The model: read it, import and export it as files, and the catalog of components (list with
 * filters, one component with what needs it, add, edit, remove, its history).
 * Reads of the current revision are answered from memory and cached per revision.
 */
import { dependentsIndex } from "@continuum/engine";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";
import { pageOf } from "../core/pagination.js";
import { notFound, Problem } from "../core/problem.js";
import { Comment, FileDocument, ModelSection, OrgParams, Page, PageQuery, Ref } from "../core/schemas.js";
import { actorFor, orgOf } from "../core/services.js";
import { ModelChanges } from "./model-changes.js";
import { fieldChanges, joinParts, renderDocument, renderExport, scenarioFileName, type Doc } from "./model-document.js";
import { RevisionExports, revisionPartsText } from "./model-export.js";
import type { RevisionInfo } from "./model-repository.js";
import { documentOf, type CommitResult, type ModelState } from "./model-store.js";
import { ExpectedRevision, expectedRevisionOf, setRevisionTag } from "./revision-guard.js";
import { routePlugin } from "../core/route-plugin.js";

export const JSON_TYPE = "application/json; charset=utf-8";

export const ChangeAnswer = Type.Object({
  revision: Type.Union([Ref.revision, Type.Null()], { description: "the new revision (the current one when nothing changed)" }),
  warnings: Type.Array(Ref.diagnostic),
  unchanged: Type.Boolean({ description: "true when the change equals the current model: no revision is written" }),
});

export const changeJSON = (r: CommitResult) => ({ revision: r.revision, warnings: r.warnings, unchanged: r.unchanged });

const ComponentParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.String({ minLength: 1, maxLength: 200 }) });
const ComponentBody = Type.Object(
  {
    component: ModelSection("component", "the component in the model's file format (durations as written: `1h`, `90m`, …)"),
    comment: Type.Optional(Comment),
    expectedRevision: Type.Optional(ExpectedRevision),
  },
  { additionalProperties: false },
);
const CommentQuery = Type.Object({ comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) }, { additionalProperties: false });
const Format = Type.Union([Type.Literal("yaml"), Type.Literal("json")], { default: "yaml" });
const RevisionQuery = Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: "an earlier revision (default: the current one)" }));

const ImportBody = Type.Object(
  {
    files: Type.Array(Type.Object({ path: Type.String({ minLength: 1, maxLength: 500 }), text: Type.String() }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 5000,
      description: "one file, or the files of a folder (their top-level lists are concatenated; scenario files beside the model are the scenarios)",
    }),
    comment: Type.Optional(Comment),
    expectedRevision: Type.Optional(ExpectedRevision),
    scenarios: Type.Optional(
      Type.Union([Type.Literal("replace"), Type.Literal("keep")], {
        description: "replace: the scenarios in the files become the organization's scenarios; keep: existing ones stay. Default: replace when the files hold scenarios, else keep.",
      }),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: "text in id, name, description, owner or tags" })),
    kind: Type.Optional(Type.String({ maxLength: 100 })),
    site: Type.Optional(Type.String({ maxLength: 200 })),
    tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
    tag: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const HistoryItem = Type.Object({
  number: Type.Integer(),
  kind: Type.String(),
  author: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: "date-time" }),
  comment: Type.String(),
  summary: Type.Object({}, { additionalProperties: true }),
  restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
  change: Type.Union([Type.Literal("added"), Type.Literal("changed"), Type.Literal("removed")]),
  fields: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  component: Type.Union([ModelSection("component", "the component as it was after this revision"), Type.Null()]),
});

/** Sends pre-serialized JSON (answers cached per revision). */
export function sendJson(reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(text);
}

export const revisionJSON = (r: RevisionInfo | null) => JSON.stringify(r);

export const modelRoutes = routePlugin("model", async (app, { services }) => {
  const { models } = services;
  const changes = new ModelChanges(models);
  const revisionExports = new RevisionExports();
  app.addHook("onClose", () => revisionExports.close());

  /** The document, scenarios and revision: current (from memory) or an earlier one. */
  const modelAt = async (organizationId: number, number: number | undefined) => {
    const state = await models.current(organizationId);
    if (number === undefined || number === state.revision?.number) {
      return { revision: state.revision, document: documentOf(state), scenarios: state.scenarios.map((s) => s.doc), state };
    }
    const snap = await changes.snapshot(organizationId, number);
    return { revision: snap.revision, document: joinParts(snap), scenarios: snap.scenarios, state: undefined };
  };

  app.get(
    "/orgs/:org/model",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["model"],
        summary: "The model in its file format (JSON), with its revision",
        params: OrgParams,
        querystring: Type.Object({ revision: RevisionQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ revision: Type.Union([Ref.revision, Type.Null()]), model: ModelSection("model", "the model: `continuum: 1`, `components`, `plans`, …") }) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { revision } = request.query;
      if (revision === undefined) {
        const state = await models.current(org.id);
        setRevisionTag(reply, state.revision);
        return sendJson(reply, models.cached(state, "model", () => `{"revision":${revisionJSON(state.revision)},"model":${JSON.stringify(documentOf(state))}}`));
      }
      const m = await modelAt(org.id, revision);
      setRevisionTag(reply, m.revision);
      return sendJson(reply, `{"revision":${revisionJSON(m.revision)},"model":${JSON.stringify(m.document)}}`);
    },
  );

  app.get(
    "/orgs/:org/model/export",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["model"],
        summary: "The model as one file (YAML or JSON) that imports back to the same model",
        description:
          "Export is canonical: exporting, importing that file and exporting again gives the same text. Comments in imported YAML are not kept. The YAML file carries the saved scenarios after the model, one document each (`---`), and importing it replaces the organization's scenarios with them; a JSON file holds one document, the model alone (use `/model/files` for the scenarios).",
        params: OrgParams,
        querystring: Type.Object({ format: Type.Optional(Format), revision: RevisionQuery }, { additionalProperties: false }),
        response: {
          200: {
            description: "the file: YAML (format=yaml, the default) or JSON (format=json), as an attachment",
            content: {
              "application/yaml": { schema: Type.String({ description: "the model as one YAML file, then each saved scenario as a further document" }) },
              "application/json": { schema: FileDocument("the model as one JSON file") },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { format = "yaml", revision } = request.query;
      const state = await models.current(org.id);
      let text: string | Buffer;
      let number = state.revision?.number;
      if (revision === undefined || revision === number) {
        text = models.cached(state, `export:${format}`, () => renderExport(documentOf(state), state.scenarios.map((s) => s.doc), format));
      } else {
        // an earlier revision: kept once written, and written off the event loop
        number = revision;
        text = await revisionExports.text(org.id, revision, format, () => revisionPartsText(models, org.id, revision));
      }
      reply.header("content-disposition", `attachment; filename="${org.slug}.${format === "yaml" ? "yaml" : "json"}"`);
      if (number !== undefined) reply.header("x-continuum-revision", String(number));
      return reply.type(format === "yaml" ? "application/yaml; charset=utf-8" : JSON_TYPE).send(text);
    },
  );

  app.get(
    "/orgs/:org/model/files",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["model"],
        summary: "The model and its scenarios as a folder of files (`model.yaml`, `scenarios/<name>.yaml`)",
        description: "What `continuum pull DIR` writes; importing these files gives back the same model and scenarios.",
        params: OrgParams,
        querystring: Type.Object({ format: Type.Optional(Format), revision: RevisionQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ revision: Type.Union([Ref.revision, Type.Null()]), files: Type.Array(Type.Object({ path: Type.String(), text: Type.String() })) }) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { format = "yaml", revision } = request.query;
      const m = await modelAt(org.id, revision);
      const build = () => {
        const taken = new Set<string>();
        const ext = format === "yaml" ? "yaml" : "json";
        const files = [{ path: `model.${ext}`, text: render(m.document, format) }];
        for (const s of m.scenarios) files.push({ path: scenarioFileName(String(s.scenario), taken).replace(/\.yaml$/, `.${ext}`), text: render(s, format) });
        return JSON.stringify({ revision: m.revision, files });
      };
      return sendJson(reply, m.state ? models.cached(m.state, `files:${format}`, build) : build());
    },
  );

  app.post(
    "/orgs/:org/model/import",
    {
      config: { access: { org: "model:write" } },
      bodyLimit: services.config.maxImportBytes,
      schema: {
        tags: ["model"],
        summary: "Import the model from files (YAML or JSON): validated as the CLI does, all or nothing",
        description:
          "201 with the new revision; 200 with `unchanged: true` when the files equal the current model; 422 with every diagnostic (file, line, field, hint) when anything is wrong — and then nothing changes.",
        params: OrgParams,
        body: ImportBody,
        response: { 200: ChangeAnswer, 201: ChangeAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body;
      const result = await changes.importFiles(org.id, await actorFor(request, services), body.files, body.comment, body.scenarios, "import", expectedRevisionOf(request));
      reply.code(result.unchanged ? 200 : 201);
      return changeJSON(result);
    },
  );

  app.get(
    "/orgs/:org/components",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["components"],
        summary: "Components of the current model, in model order, filtered",
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: Page(ModelSection("component", "a component as written"), { revision: Type.Union([Type.Integer(), Type.Null()]) }) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const query = request.query;
      const state = await models.current(org.id);
      setRevisionTag(reply, state.revision);
      const key = `components?${JSON.stringify([query.q, query.kind, query.site, query.tier, query.owner, query.tag, query.limit ?? 50, query.cursor])}`;
      return sendJson(
        reply,
        models.cached(state, key, () => {
          const matching = filterComponents(state, query);
          const page = pageOf(matching, query.limit ?? 50, query.cursor, (i) => state.components[i].id);
          return `{"items":[${page.items.map((i) => state.components[i].text).join(",")}],"total":${page.total},"nextCursor":${JSON.stringify(page.nextCursor)},"revision":${state.revision?.number ?? null}}`;
        }),
      );
    },
  );

  app.get(
    "/orgs/:org/components/:id",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["components"],
        summary: "One component: as written, what needs it, the engine's warnings about it",
        params: ComponentParams,
        response: {
          200: Type.Object({
            component: ModelSection("component", "the component as written"),
            dependents: Type.Array(Type.String(), { description: "ids of the components that need it (directly: dependency, group member or site)" }),
            warnings: Type.Array(Ref.diagnostic),
            revision: Type.Union([Ref.revision, Type.Null()]),
          }),
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { id } = request.params;
      const state = await models.current(org.id);
      const index = state.componentIndex.get(id);
      if (index === undefined) throw notFound(`component "${id}"`, "id");
      setRevisionTag(reply, state.revision);
      return sendJson(
        reply,
        models.cached(state, `component:${id}`, () => {
          const dependents = dependentsOf(state).get(id) ?? [];
          const warnings = state.warnings.filter((w) => w.component === id);
          return `{"component":${state.components[index].text},"dependents":${JSON.stringify(dependents)},"warnings":${JSON.stringify(warnings)},"revision":${revisionJSON(state.revision)}}`;
        }),
      );
    },
  );

  app.post(
    "/orgs/:org/components",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["components"],
        summary: "Add a component (a new revision); 422 with the engine's messages when the model would be invalid",
        params: OrgParams,
        body: ComponentBody,
        response: { 201: ChangeAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body;
      const id = typeof body.component.id === "string" ? body.component.id : "";
      if (!id) {
        throw new Problem(400, "validation", "Invalid request", "the component needs an id", [{ field: "component.id", message: "is required" }]);
      }
      const result = await changes.putComponent(org.id, await actorFor(request, services), id, body.component, body.comment, true, expectedRevisionOf(request));
      reply.code(201);
      return changeJSON(result);
    },
  );

  app.put(
    "/orgs/:org/components/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["components"],
        summary: "Replace a component (a new revision); 422 with the engine's messages when the model would be invalid",
        params: ComponentParams,
        body: ComponentBody,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const body = request.body;
      return changeJSON(await changes.putComponent(org.id, await actorFor(request, services), id, body.component, body.comment, false, expectedRevisionOf(request)));
    },
  );

  app.delete(
    "/orgs/:org/components/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["components"],
        summary: "Remove a component (a new revision); 422 when other components, plans or scenarios still name it",
        params: ComponentParams,
        querystring: CommentQuery,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const { comment } = request.query;
      return changeJSON(await changes.deleteComponent(org.id, await actorFor(request, services), id, comment, expectedRevisionOf(request)));
    },
  );

  app.get(
    "/orgs/:org/components/:id/history",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["components"],
        summary: "The revisions that added, changed or removed a component, newest first (revision fields, plus the change and the fields that changed)",
        params: ComponentParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(HistoryItem) },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const query = request.query;
      const versions = await models.repository.versions(models.database, "components", org.id, id);
      if (!versions.length) throw notFound(`component "${id}"`, "id");
      type Entry = { number: number; change: "added" | "changed" | "removed"; before?: Doc; after?: Doc };
      const entries: Entry[] = [];
      versions.forEach((v, k) => {
        const doc = JSON.parse(v.document) as Doc;
        const prev = versions[k - 1];
        if (!prev || prev.revTo !== v.revFrom) entries.push({ number: v.revFrom, change: "added", after: doc });
        else if (prev.document !== v.document) entries.push({ number: v.revFrom, change: "changed", before: JSON.parse(prev.document) as Doc, after: doc });
        const next = versions[k + 1];
        if (v.revTo !== null && (!next || next.revFrom !== v.revTo)) entries.push({ number: v.revTo, change: "removed", before: doc });
      });
      entries.reverse();
      const page = pageOf(entries, query.limit ?? 50, query.cursor, (e) => `${e.number}:${e.change}`);
      const infos = await models.repository.revisionsByNumber(models.database, org.id, page.items.map((e) => e.number));
      return {
        ...page,
        items: page.items.map((e) => ({
          ...infos.get(e.number)!,
          change: e.change,
          fields: e.change === "changed" ? fieldChanges(e.before, e.after) : [],
          component: e.after ?? null,
        })),
      };
    },
  );
});

const render = renderDocument;

/** Component indexes matching the list filters, in model order. */
function filterComponents(state: ModelState, query: Static<typeof ListQuery>): number[] {
  const out: number[] = [];
  const q = query.q?.toLowerCase();
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  state.components.forEach((e, i) => {
    const d = e.doc;
    if (query.kind !== undefined && d.kind !== query.kind) return;
    if (query.site !== undefined && d.site !== query.site) return;
    if (query.owner !== undefined && text(d.owner) !== query.owner) return;
    if (query.tier !== undefined && d.tier !== query.tier) return;
    if (query.tag !== undefined && !(Array.isArray(d.tags) && d.tags.includes(query.tag))) return;
    if (q) {
      const hay = [e.id, text(d.name), text(d.description), text(d.owner), ...(Array.isArray(d.tags) ? d.tags.map(String) : [])];
      if (!hay.some((h) => h !== undefined && h.toLowerCase().includes(q))) return;
    }
    out.push(i);
  });
  return out;
}

/** For each component, the components that need it (dependency, group member, site), in model order. */
export function dependentsOf(state: ModelState): Map<string, string[]> {
  const known = state.memo.get("dependents") as Map<string, string[]> | undefined;
  if (known) return known;
  const map = dependentsIndex(state.loaded?.model.components ?? []);
  state.memo.set("dependents", map);
  return map;
}
