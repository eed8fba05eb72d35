/**
 * The exercise programme (ISO 22301 8.5): its coverage per cycle — every tier-1 service, plan and
 * site loss exercised at least once, the gaps listed — and the programme as an iCalendar file.
 * Both are the engine's (`continuum exercises plan`), of the current revision.
 */
import { exerciseCalendar, exerciseCoverage, CYCLE_PATTERN } from "@continuum/engine";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyPluginAsync } from "fastify";
import { OrgParams } from "../core/schemas.js";
import { orgOf, type Services } from "../core/services.js";
import { setRevisionTag } from "../model/revision-guard.js";

const CoverageQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "the first day of the cycle (YYYY-MM-DD; default today, UTC)" })),
    cycle: Type.Optional(Type.String({ pattern: CYCLE_PATTERN, maxLength: 20, description: "the programme's cycle: 12mo (default), 1y, 6mo, …" })),
  },
  { additionalProperties: false },
);
const Ids = Type.Array(Type.String());
const ByExercise = Type.Record(Type.String(), Ids);

export const exerciseProgrammeRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { models } = services;

  app.get(
    "/orgs/:org/exercise-programme",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["plans"],
        summary: "The exercise programme's coverage in one cycle: what each exercise covers, and the tier-1 services, plans and site losses no exercise covers",
        params: OrgParams,
        querystring: CoverageQuery,
        response: {
          200: Type.Object({
            revision: Type.Union([Type.Integer(), Type.Null()]),
            cycle: Type.String(),
            from: Type.String(),
            to: Type.String({ description: "the end of the cycle (exclusive)" }),
            exercises: Type.Array(Type.Object({}, { additionalProperties: true })),
            coverage: Type.Object({ services: ByExercise, plans: ByExercise, sites: ByExercise }),
            gaps: Type.Object({ services: Ids, plans: Ids, sites: Ids }),
          }),
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const query = request.query as Static<typeof CoverageQuery>;
      const state = await models.current(org.id);
      const from = query.from ?? new Date().toISOString().slice(0, 10);
      setRevisionTag(reply, state.revision);
      const revision = state.revision?.number ?? null;
      if (!state.loaded) return { revision, cycle: query.cycle ?? "12mo", from, to: from, exercises: [], coverage: { services: {}, plans: {}, sites: {} }, gaps: { services: [], plans: [], sites: [] } };
      return { revision, ...exerciseCoverage(state.loaded.compiled, { from, cycle: query.cycle }) };
    },
  );

  app.get(
    "/orgs/:org/exercise-programme/calendar.ics",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["plans"],
        summary: "The exercise programme as an iCalendar file (RFC 5545): one all-day event per dated exercise, repeating by its cycle",
        params: OrgParams,
        produces: ["text/calendar"],
        response: { 200: { description: "text/calendar", content: { "text/calendar": { schema: { type: "string" } } } } },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const state = await models.current(org.id);
      const model = state.loaded?.model;
      const ics = model ? exerciseCalendar(model, { stamp: new Date(), domain: `${org.slug}.continuum.invalid` }).ics : "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Continuum//Exercise programme//EN\r\nEND:VCALENDAR\r\n";
      reply.header("content-disposition", `attachment; filename="${org.slug}-exercises.ics"`);
      return reply.type("text/calendar; charset=utf-8").send(ics);
    },
  );
};
