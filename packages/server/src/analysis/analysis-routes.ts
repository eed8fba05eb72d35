/** The engine's answers about the current model: warnings, single points of failure, N-1 sites, and what-if runs. */
import { readScenario, simulate } from "@continuum/engine";
import { Type } from "@sinclair/typebox";
import { conflict, invalidModel, notFound, Problem } from "../core/problem.js";
import { ModelSection, OrgParams, Ref } from "../core/schemas.js";
import { orgOf } from "../core/services.js";
import { documentOf, type ModelState } from "../model/model-store.js";
import { sendJson } from "../model/model-routes.js";
import type { Analysis } from "@continuum/api";
import { routePlugin } from "../core/route-plugin.js";

const SiteService = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  tier: Type.Union([Type.Integer(), Type.Null()]),
  downtimeMinutes: Type.Number(),
  recoveredAt: Type.Union([Type.Number(), Type.Null()]),
  rtoBreached: Type.Boolean(),
  mtpdBreached: Type.Boolean(),
  loss: Type.Number(),
});
const AnalysisAnswer = Type.Object({
  revision: Type.Union([Type.Integer(), Type.Null()]),
  warnings: Type.Array(Ref.diagnostic, { description: "cycles, RTOs the restart chain cannot meet, unused components, unknown keys" }),
  spof: Type.Record(Type.String(), Type.Array(Type.String()), { description: "for each tiered service, the components whose loss alone takes it down for good" }),
  n1Sites: Type.Array(
    Type.Object({
      site: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      services: Type.Array(SiteService),
      lostForGood: Type.Array(Type.String()),
      breaksRto: Type.Boolean(),
      breaksMtpd: Type.Boolean(),
      totalLoss: Type.Number(),
    }),
    { description: "each site lost at time 0 and never repaired, recovery plans played" },
  ),
  horizonMinutes: Type.Number(),
});
const SimulateBody = Type.Object(
  {
    scenario: Type.Optional(ModelSection("scenario", "a scenario in the file format: `scenario`, `horizon`, `events`")),
    scenarioId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "or: the name of a saved scenario" })),
  },
  { additionalProperties: false },
);

export const analysisRoutes = routePlugin("analysis", async (app, { services }) => {
  const { models, analysis } = services;

  const analysisOf = (state: ModelState): Promise<Analysis> =>
    models.memo(state, "analysis", () => {
      const p = analysis.run(JSON.stringify(documentOf(state)));
      p.catch(() => state.memo.delete("analysis")); // a failure is not kept
      return p;
    });

  app.get(
    "/orgs/:org/analysis",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["analysis"],
        summary: "Warnings, single points of failure and the N-1 site table of the current model",
        description: "Computed once per revision (in a worker thread) and kept until the next revision.",
        params: OrgParams,
        response: { 200: AnalysisAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const state = await models.current(org.id);
      if (!state.loaded) return { revision: null, warnings: [], spof: {}, n1Sites: [], horizonMinutes: 0 };
      const cached = state.responses.get("analysis");
      if (cached) return sendJson(reply, cached);
      const result = await analysisOf(state);
      return sendJson(reply, models.cached(state, "analysis", () => JSON.stringify({ revision: state.revision?.number ?? null, ...result })));
    },
  );

  app.post(
    "/orgs/:org/simulate",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["analysis"],
        summary: "Play a scenario against the current model: the contract's `simulate --json` object",
        description: "Give `scenario` (file format) or `scenarioId` (a saved one). 422 with the engine's messages when the scenario does not fit the model. Changes nothing.",
        params: OrgParams,
        body: SimulateBody,
        response: { 200: Type.Object({}, { additionalProperties: true, description: "scenario, horizonMinutes, components, deadlocked, totalLoss, plans" }) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body;
      const state = await models.current(org.id);
      if (!state.loaded) throw conflict("the organization has no model yet: import one first");
      let text: string;
      if (body.scenarioId !== undefined) {
        const i = state.scenarioIndex.get(body.scenarioId);
        if (i === undefined) throw notFound(`scenario "${body.scenarioId}"`, "scenarioId");
        text = state.scenarios[i].text;
      } else if (body.scenario !== undefined) {
        text = JSON.stringify(body.scenario);
      } else {
        throw new Problem(400, "validation", "Invalid request", "give a scenario or a scenarioId", [{ field: "scenario", message: "scenario or scenarioId is required" }]);
      }
      reply.header("x-continuum-revision", String(state.revision?.number ?? 0));
      const loaded = state.loaded;
      const cached = state.responses.get(`simulate:${text}`);
      if (cached) return sendJson(reply, cached);
      const { scenario, diagnostics } = readScenario({ path: "scenario", text }, loaded.model);
      if (!scenario) {
        throw invalidModel(
          diagnostics.map((d) => {
            const { file: _f, line: _l, column: _c, ...rest } = d;
            return { ...rest, field: `scenario${rest.field ? "." + rest.field : ""}` };
          }),
          "the scenario does not fit the model; nothing was run",
        );
      }
      const run = () => JSON.stringify(simulate(loaded, scenario));
      // saved and small scenarios are kept per revision; large ad-hoc ones are not worth the memory
      return sendJson(reply, text.length <= 4096 ? models.cached(state, `simulate:${text}`, run) : run());
    },
  );
});
