/**
 * Saved scenarios (disasters to play against the model). They are part of the model's revisions:
 * saving or deleting one is a revision, and a model change that would break one is refused.
 */
import { Type } from "@sinclair/typebox";
import { pageOf } from "../core/pagination.js";
import { notFound } from "../core/problem.js";
import { routePlugin } from "../core/route-plugin.js";
import { Comment, ModelSection, OrgParams, Page, PageQuery, Ref } from "../core/schemas.js";
import { actorFor, orgOf } from "../core/services.js";
import { ModelChanges } from "../model/model-changes.js";
import { ChangeAnswer, changeJSON, sendJson } from "../model/model-routes.js";
import { ExpectedRevision, expectedRevisionOf, setRevisionTag } from "../model/revision-guard.js";

const ScenarioParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.String({ minLength: 1, maxLength: 200 }) });
const ScenarioItem = Type.Object({
  id: Type.String({ description: "the scenario's name (its `scenario:` field)" }),
  scenario: ModelSection("scenario", "the scenario in the file format: `scenario`, `horizon`, `events`"),
  horizonMinutes: Type.Union([Type.Number(), Type.Null()]),
});
const ScenarioBody = Type.Object(
  { scenario: ModelSection("scenario", "the scenario in the file format"), comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) },
  { additionalProperties: false },
);
const SavedAnswer = Type.Composite([ChangeAnswer, Type.Object({ id: Type.String() })]);

export const scenariosRoutes = routePlugin("scenarios", async (app, { services }) => {
  const { models } = services;
  const changes = new ModelChanges(models);

  app.get(
    "/orgs/:org/scenarios",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["scenarios"],
        summary: "Saved scenarios",
        params: OrgParams,
        querystring: Type.Object({ ...PageQuery, q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Page(ScenarioItem) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const query = request.query;
      const state = await models.current(org.id);
      const key = `scenarios?${JSON.stringify([query.q, query.limit ?? 50, query.cursor])}`;
      return sendJson(
        reply,
        models.cached(state, key, () => {
          const q = query.q?.toLowerCase();
          const list = state.scenarios.filter((s) => !q || s.id.toLowerCase().includes(q) || String(s.doc.name ?? "").toLowerCase().includes(q));
          const page = pageOf(list, query.limit ?? 50, query.cursor, (s) => s.id);
          const items = page.items.map((s) => ({ id: s.id, scenario: s.doc, horizonMinutes: state.parsedScenarios.get(s.id)?.horizon ?? null }));
          return JSON.stringify({ ...page, items });
        }),
      );
    },
  );

  app.get(
    "/orgs/:org/scenarios/:id",
    {
      config: { access: { org: "model:read" } },
      schema: { tags: ["scenarios"], summary: "One saved scenario", params: ScenarioParams, response: { 200: Type.Composite([ScenarioItem, Type.Object({ revision: Type.Union([Ref.revision, Type.Null()]) })]) } },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { id } = request.params;
      const state = await models.current(org.id);
      const index = state.scenarioIndex.get(id);
      if (index === undefined) throw notFound(`scenario "${id}"`, "id");
      const s = state.scenarios[index];
      setRevisionTag(reply, state.revision);
      return { id: s.id, scenario: s.doc, horizonMinutes: state.parsedScenarios.get(s.id)?.horizon ?? null, revision: state.revision };
    },
  );

  app.post(
    "/orgs/:org/scenarios",
    {
      config: { access: { org: "scenario:write" } },
      schema: {
        tags: ["scenarios"],
        summary: "Save a new scenario (a new revision); 422 with the engine's messages when it does not fit the model",
        params: OrgParams,
        body: ScenarioBody,
        response: { 201: SavedAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body;
      const result = await changes.putScenario(org.id, await actorFor(request, services), undefined, body.scenario, body.comment, expectedRevisionOf(request));
      reply.code(201);
      return { ...changeJSON(result), id: String(body.scenario.scenario) };
    },
  );

  app.put(
    "/orgs/:org/scenarios/:id",
    {
      config: { access: { org: "scenario:write" } },
      schema: { tags: ["scenarios"], summary: "Replace a saved scenario (its name may change)", params: ScenarioParams, body: ScenarioBody, response: { 200: SavedAnswer } },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const body = request.body;
      const result = await changes.putScenario(org.id, await actorFor(request, services), id, body.scenario, body.comment, expectedRevisionOf(request));
      return { ...changeJSON(result), id: String(body.scenario.scenario) };
    },
  );

  app.delete(
    "/orgs/:org/scenarios/:id",
    {
      config: { access: { org: "scenario:write" } },
      schema: {
        tags: ["scenarios"],
        summary: "Delete a saved scenario (a new revision)",
        params: ScenarioParams,
        querystring: Type.Object({ comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) }, { additionalProperties: false }),
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const { comment } = request.query;
      return changeJSON(await changes.deleteScenario(org.id, await actorFor(request, services), id, comment, expectedRevisionOf(request)));
    },
  );
});
