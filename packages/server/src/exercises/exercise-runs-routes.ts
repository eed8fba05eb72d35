/**
 * The exercise runner (ISO 22301 8.5): a run of a planned exercise of the model, measured against
 * the engine's prediction. The controller's clock delivers the injects (real time or accelerated),
 * participants record steps, milestones, services back and decisions; a finished run leaves
 * recovery evidence that expires (8.6) and a report (page and PDF). Every record is an exercise.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  DEFAULT_SHELF_LIFE,
  exerciseBaseline,
  exerciseMeasures,
  exerciseScenario,
  exercisesOf,
  recoveryProof,
  stepKey,
} from "@continuum/engine";
import type { FastifyPluginAsync } from "fastify";
import { conflict, notFound, Problem } from "../core/problem.js";
import { OrgParams } from "../core/schemas.js";
import { actorFor, orgOf, type Services } from "../core/services.js";
import { ChangeAnswer, changeJSON } from "../model/model-routes.js";
import { ExpectedRevision, expectedRevisionOf } from "../model/revision-guard.js";
import type { Queryable } from "../storage/database.js";
import { exerciseReportPdf } from "./exercise-report-pdf.js";
import { runChannel, streamRun } from "./exercise-live.js";
import { ExerciseRunsRepository, type ExerciseRun } from "./exercise-runs-repository.js";
import { measuredDurations, proposeMeasuredDurations } from "./measured-durations.js";
import { exerciseMinute, runState, type EventKind } from "./run-state.js";

const RunParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
const InjectParams = Type.Object({ org: Type.String({ maxLength: 63 }), n: Type.Integer({ minimum: 1, maximum: 2147483647 }), seq: Type.Integer({ minimum: 1, maximum: 100000 }) });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Minute = Type.Optional(Type.Number({ minimum: 0, maximum: 1e7, description: "the exercise minute it happened (default: now on the run's clock); not later than now" }));
const Any = Type.Object({}, { additionalProperties: true });
const tags = ["exercises"];

export const exerciseRunsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { db, models } = services;
  const repo = new ExerciseRunsRepository();
  const hub = services.desk.live;
  // open consoles end when the server closes (else closing would wait for every browser to leave)
  const streams = new Set<import("node:http").ServerResponse>();
  app.addHook("preClose", async () => {
    for (const res of streams) res.end();
  });

  async function load(q: Queryable, organizationId: number, number: number, forUpdate = false): Promise<ExerciseRun> {
    const run = await repo.byNumber(q, organizationId, number, forUpdate);
    if (!run) throw notFound(`exercise run #${number}`, "n");
    return run;
  }

  async function view(run: ExerciseRun, q: Queryable = db) {
    const now = new Date();
    const minuteNow = exerciseMinute(run.startedAt, run.speed, now, run.finishedAt);
    const events = await repo.events(q, run);
    const state = runState(run.baseline, events, minuteNow);
    const measures = exerciseMeasures(run.baseline, state.actuals);
    return { run, state, measures, minuteNow, events, now };
  }

  function runJSON(v: Awaited<ReturnType<typeof view>>) {
    const { run, state, measures, minuteNow, events, now } = v;
    const { injects: _schedule, ...baseline } = run.baseline;
    return {
      number: run.number,
      exercise: true,
      exerciseId: run.exerciseId,
      name: run.exercise.name ?? null,
      type: run.exercise.type,
      objectives: run.exercise.objectives ?? null,
      participants: run.exercise.participants ?? [],
      revision: run.revision,
      speed: run.speed,
      shelfLife: run.shelfLife,
      status: run.status,
      startedAt: run.startedAt.toISOString(),
      startedBy: run.startedBy,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      finishedBy: run.finishedBy,
      serverTime: now.toISOString(),
      minuteNow,
      baseline,
      injects: state.injects,
      actuals: state.actuals,
      decisions: state.decisions,
      findings: state.findings,
      measures,
      timeline: events.map((e) => ({ id: String(e.id), kind: e.kind, ref: e.ref, minute: e.minute, at: e.at, actor: e.actor, exercise: true })),
    };
  }

  /** Records one event on a running run, at `minute` (not later than the clock) or now. */
  async function record(request: import("fastify").FastifyRequest, kind: EventKind, check: (run: ExerciseRun) => string | null, data?: Record<string, unknown>, options: { afterFinish?: boolean } = {}) {
    const org = orgOf(request);
    const { n } = request.params as { n: number };
    const body = (request.body ?? {}) as { minute?: number };
    const actor = await actorFor(request, services);
    await db.transaction(async (tx) => {
      const run = await load(tx, org.id, n, true);
      if (run.status !== "running" && !options.afterFinish) throw conflict(`exercise run #${n} is finished; nothing more is recorded in it`, "n");
      const clock = exerciseMinute(run.startedAt, run.speed, new Date(), run.finishedAt);
      if (body.minute !== undefined && body.minute > clock) throw new Problem(400, "validation", "Invalid request", `minute ${body.minute} is later than the run's clock (${clock})`, [{ field: "minute", message: `is later than now on the run's clock (${clock})` }]);
      const ref = check(run);
      await repo.record(tx, run, { kind, ref, minute: body.minute ?? clock, data, actor: actor.name, userId: actor.userId });
    });
    hub.publish(runChannel(org.id, n));
    return runJSON(await view(await load(db, org.id, n)));
  }

  app.get(
    "/orgs/:org/exercise-runs",
    {
      config: { access: { org: "model:read" } },
      schema: { tags, summary: "Exercise runs, newest first", params: OrgParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }), response: { 200: Any } },
    },
    async (request) => {
      const org = orgOf(request);
      const { limit } = request.query as { limit: number };
      const { runs, total } = await repo.list(db, org.id, limit);
      const items = await Promise.all(runs.map(async (run) => {
        const v = await view(run);
        const s = v.measures.services;
        return {
          number: run.number, exercise: true, exerciseId: run.exerciseId, name: run.exercise.name ?? null, type: run.exercise.type, revision: run.revision, speed: run.speed, status: run.status,
          startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null, minuteNow: v.minuteNow,
          services: { total: s.length, recovered: s.filter((x) => x.measured !== null).length, withinRto: s.filter((x) => x.withinRto).length },
        };
      }));
      return { items, total, more: Math.max(0, total - items.length) };
    },
  );

  app.post(
    "/orgs/:org/exercise-runs",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Start a run of a planned exercise: the engine's prediction becomes its baseline and inject schedule",
        params: OrgParams,
        body: Type.Object({
          exercise: Type.String({ minLength: 1, maxLength: 200, description: "the id of an exercise of the model's programme" }),
          speed: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, default: 1, description: "exercise minutes per real minute: 1 (real time), 10, 60 …" })),
        }, { additionalProperties: false }),
        response: { 201: Any },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body as { exercise: string; speed: number };
      const state = await models.current(org.id);
      if (!state.loaded || !state.revision) throw conflict("the organization has no model yet: import one first");
      const exercise = exercisesOf(state.loaded.model).find((e) => e.id === body.exercise);
      if (!exercise) throw notFound(`exercise "${body.exercise}" in the model's programme`, "exercise");
      const scenario = exerciseScenario(state.loaded.compiled, exercise, state.parsedScenarios);
      if (!scenario) {
        throw new Problem(422, "exercise-scenario", "The exercise's scenario is unknown", `exercise "${exercise.id}" rehearses "${JSON.stringify(exercise.scenario ?? null)}", which is no saved scenario and no component`, [
          { field: "exercise", message: `its scenario names no saved scenario; write a scenario's name, site-loss:<site id> or {lose: <component id>}` },
        ]);
      }
      const baseline = exerciseBaseline(state.loaded.compiled, exercise, scenario);
      const actor = await actorFor(request, services);
      const run = await db.transaction((tx) =>
        repo.create(tx, { organizationId: org.id, exercise, revision: state.revision!.number, baseline, speed: body.speed ?? 1, shelfLife: exercise.evidenceShelfLife ?? DEFAULT_SHELF_LIFE, by: actor.name, userId: actor.userId }),
      );
      reply.code(201);
      return runJSON(await view(run));
    },
  );

  app.get(
    "/orgs/:org/exercise-runs/:n",
    { config: { access: { org: "model:read" } }, schema: { tags, summary: "A run: baseline, injects (delivered by its clock), records and measures", params: RunParams, response: { 200: Any } } },
    async (request) => {
      const org = orgOf(request);
      const { n } = request.params as Static<typeof RunParams>;
      return runJSON(await view(await load(db, org.id, n)));
    },
  );

  app.get(
    "/orgs/:org/exercise-runs/:n/live",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Server-sent events: `changed` whenever the run changes (a record, the finish, an inject out on the clock); re-read the run",
        params: RunParams,
        querystring: Type.Object({ once: Type.Optional(Type.Boolean({ description: "answer one `changed` and end (for scripts)" })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { n } = request.params as Static<typeof RunParams>;
      const run = await load(db, org.id, n);
      if ((request.query as { once?: boolean }).once) return reply.header("content-type", "text/event-stream; charset=utf-8").send("event: changed\ndata: {}\n\n");
      streamRun(request, reply, hub, run, async () => (await repo.byNumber(db, org.id, n)) ?? undefined, streams);
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/injects/:seq/deliver",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "Deliver an inject before its time (the clock delivers it on time anyway)", params: InjectParams, body: Type.Object({}, { additionalProperties: false }), response: { 200: Any } } },
    async (request) => {
      const { seq } = request.params as Static<typeof InjectParams>;
      return record(request, "inject", (run) => {
        if (seq > run.baseline.injects.length) throw notFound(`inject ${seq} of this run (it has ${run.baseline.injects.length})`, "seq");
        return String(seq);
      });
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/steps",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Record the actual start or end of a plan step",
        params: RunParams,
        body: Type.Object({ plan: Text(200), step: Text(200), event: Type.Union([Type.Literal("start"), Type.Literal("end")]), minute: Minute }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (request) => {
      const body = request.body as { plan: string; step: string; event: "start" | "end" };
      return record(request, body.event === "start" ? "step-start" : "step-end", (run) => {
        if (!run.baseline.steps.some((s) => s.plan === body.plan && s.id === body.step)) {
          throw new Problem(400, "validation", "Invalid request", `plan ${body.plan} has no step ${body.step} in this run`, [{ field: "step", message: `${body.plan}/${body.step} is not a step of the run's plans` }]);
        }
        return stepKey(body.plan, body.step);
      });
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/milestones",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Record when people were notified, when the plans were activated, or when a service was back",
        params: RunParams,
        body: Type.Object({ milestone: Type.Union([Type.Literal("notified"), Type.Literal("activated"), Type.Literal("recovered")]), service: Type.Optional(Text(200)), minute: Minute }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (request) => {
      const body = request.body as { milestone: "notified" | "activated" | "recovered"; service?: string };
      return record(request, body.milestone, (run) => {
        if (body.milestone !== "recovered") return null;
        if (!body.service) throw new Problem(400, "validation", "Invalid request", "say which service is back", [{ field: "service", message: "is required for recovered" }]);
        if (!run.baseline.services.some((s) => s.id === body.service)) throw new Problem(400, "validation", "Invalid request", `${body.service} is not a service of this exercise`, [{ field: "service", message: `${body.service} is not exercised in this run` }]);
        return body.service;
      });
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/decisions",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Record a decision: who took it, the options, what was chosen and why",
        params: RunParams,
        body: Type.Object({ who: Text(200), decision: Text(1000), options: Type.Optional(Type.Array(Text(500), { maxItems: 20 })), rationale: Type.Optional(Type.String({ maxLength: 4000 })), minute: Minute }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (request) => {
      const body = request.body as { who: string; decision: string; options?: string[]; rationale?: string };
      return record(request, "decision", () => null, { who: body.who, decision: body.decision, options: body.options ?? [], rationale: body.rationale ?? "" });
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/findings",
    {
      config: { access: { org: "incident:write" } },
      schema: {
        tags,
        summary: "Record a finding (during the run or after it), linked to the steps it is about",
        params: RunParams,
        body: Type.Object({ text: Text(4000), steps: Type.Optional(Type.Array(Text(401), { maxItems: 50, description: "plan/step keys" })) }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (request) => {
      const body = request.body as { text: string; steps?: string[] };
      return record(
        request,
        "finding",
        (run) => {
          (body.steps ?? []).forEach((key, i) => {
            if (!run.baseline.steps.some((s) => stepKey(s.plan, s.id) === key)) throw new Problem(400, "validation", "Invalid request", `${key} is not a step of this run`, [{ field: `steps[${i}]`, message: `${key} is not a plan/step of the run` }]);
          });
          return null;
        },
        { text: body.text, steps: body.steps ?? [] },
        { afterFinish: true },
      );
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/finish",
    { config: { access: { org: "incident:write" } }, schema: { tags, summary: "End the run: its clock stops and what it measured becomes recovery evidence", params: RunParams, body: Type.Object({}, { additionalProperties: false }), response: { 200: Any } } },
    async (request) => {
      const org = orgOf(request);
      const { n } = request.params as Static<typeof RunParams>;
      const actor = await actorFor(request, services);
      await db.transaction(async (tx) => {
        const run = await load(tx, org.id, n, true);
        if (run.status !== "running") throw conflict(`exercise run #${n} is finished already`, "n");
        const at = new Date();
        const { measures } = await view(run, tx);
        await repo.finish(tx, run, actor.name, at, measures.services.map((s) => ({ service: s.service, minutes: s.measured })));
      });
      hub.publish(runChannel(org.id, n));
      return runJSON(await view(await load(db, org.id, n)));
    },
  );

  app.get(
    "/orgs/:org/exercise-runs/:n/report.pdf",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "The post-exercise report as a PDF (Korean or English; the Korean text is embedded and searchable)",
        params: RunParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal("ko"), Type.Literal("en")], { default: "ko" })) }, { additionalProperties: false }),
        produces: ["application/pdf"],
        response: { 200: { description: "the report as a PDF, as an attachment", content: { "application/pdf": { schema: Type.String({ format: "binary", description: "the PDF file" }) } } } },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { n } = request.params as Static<typeof RunParams>;
      const { lang } = request.query as { lang: "ko" | "en" };
      const pdf = await exerciseReportPdf(await view(await load(db, org.id, n)), lang);
      return reply.type("application/pdf").header("content-disposition", `attachment; filename="exercise-run-${n}-${lang}.pdf"`).send(pdf);
    },
  );

  app.post(
    "/orgs/:org/exercise-runs/:n/model-revision",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags,
        summary: "Propose the step durations a finished run measured into the model: a new revision naming the run",
        params: RunParams,
        body: Type.Object({ steps: Type.Optional(Type.Array(Text(401), { maxItems: 200, description: "plan/step keys (absent: every measured step)" })), comment: Type.Optional(Type.String({ maxLength: 1000 })), expectedRevision: Type.Optional(ExpectedRevision) }, { additionalProperties: false }),
        response: { 201: ChangeAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { n } = request.params as Static<typeof RunParams>;
      const body = request.body as { steps?: string[]; comment?: string };
      const v = await view(await load(db, org.id, n));
      if (v.run.status !== "finished") throw conflict(`exercise run #${n} is still running: finish it first`, "n");
      const durations = measuredDurations(v.measures, body.steps);
      const result = await proposeMeasuredDurations(models, v.run, await actorFor(request, services), durations, body.comment, expectedRevisionOf(request));
      reply.code(201);
      return changeJSON(result);
    },
  );

  app.get(
    "/orgs/:org/recovery-evidence",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags,
        summary: "Per service with an RTO: recoverable within it on evidence younger than its shelf life — yes, no or unproven",
        params: OrgParams,
        querystring: Type.Object({ asOf: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "the day to judge on (default today, UTC)" })) }, { additionalProperties: false }),
        response: { 200: Any },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { asOf } = request.query as { asOf?: string };
      const today = asOf ?? new Date().toISOString().slice(0, 10);
      const state = await models.current(org.id);
      const components = state.loaded?.model.components ?? [];
      const evidence = await repo.evidence(db, org.id);
      const withEvidence = new Set(evidence.map((e) => e.service));
      const targets = components.filter((c) => c.rto !== undefined || withEvidence.has(c.id)).map((c) => ({ id: c.id, rto: c.rto ?? null }));
      const names = new Map(components.map((c) => [c.id, { name: c.name ?? null, tier: c.tier ?? null }]));
      const services_ = recoveryProof(targets, evidence, today).map((p) => ({ ...p, ...names.get(p.service) }));
      const count = (a: string) => services_.filter((s) => s.answer === a).length;
      return { asOf: today, counts: { yes: count("yes"), no: count("no"), unproven: count("unproven") }, services: services_ };
    },
  );
};
