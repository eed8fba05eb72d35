/**
 * Plan documents (ISO 22301 8.4.4): the list and one plan with the engine's plan check, an edit of
 * a plan as a new revision of the model, and the approval workflow (submit, approve, send back)
 * kept as records. The exercise programme's coverage and calendar are beside them
 * (exercise-programme-routes.ts).
 */
import type { PlanCheckResultJSON } from "@continuum/engine";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { conflict, notFound, Problem } from "../core/problem.js";
import { Comment, FileDocument, OrgParams, Ref } from "../core/schemas.js";
import { actorFor, orgOf, type Services } from "../core/services.js";
import { ModelChanges } from "../model/model-changes.js";
import type { Doc } from "../model/model-document.js";
import { ChangeAnswer, changeJSON } from "../model/model-routes.js";
import { documentOf, type ModelState } from "../model/model-store.js";
import { checkGuard, ExpectedRevision, expectedRevisionOf, setRevisionTag } from "../model/revision-guard.js";
import { approvalStatus, planContentHash, refusal, type ApprovalAction } from "./plan-approval.js";
import { PlanApprovalsRepository } from "./plan-approvals-repository.js";
import { exerciseProgrammeRoutes } from "./exercise-programme-routes.js";

const PlanParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.String({ minLength: 1, maxLength: 200 }) });
const PlanBody = Type.Object(
  {
    plan: FileDocument("the plan in the model's file format: steps, and the document's fields (purpose, scope, roles, …)"),
    comment: Type.Optional(Comment),
    expectedRevision: Type.Optional(ExpectedRevision),
  },
  { additionalProperties: false },
);
const ApprovalBody = Type.Object(
  {
    comment: Type.Optional(Type.String({ maxLength: 2000, description: "what the reviewer or approver says" })),
    expectedRevision: Type.Optional(ExpectedRevision),
  },
  { additionalProperties: false },
);
const Status = Type.Union([Type.Literal("draft"), Type.Literal("in-review"), Type.Literal("approved")]);
const Event = Type.Object({
  action: Type.Union([Type.Literal("submit"), Type.Literal("approve"), Type.Literal("return")]),
  contentHash: Type.String(),
  revision: Type.Integer({ description: "the revision of the model the plan was read in" }),
  by: Type.Object({ name: Type.String(), email: Type.Union([Type.String(), Type.Null()]), role: Type.Union([Type.String(), Type.Null()]) }),
  comment: Type.String(),
  at: Type.String({ format: "date-time" }),
});
const Check = Type.Object({}, { additionalProperties: true, description: "the engine's plan check of this plan (as `continuum plans check --json`)" });
const Approval = Type.Object({ status: Status, contentHash: Type.String(), history: Type.Array(Event) });

const NO_PLANS: PlanCheckResultJSON = { uncovered: [], scenarios: [], plans: {}, passed: true };

/** The engine's plan check of the current revision (every plan played in each site lost for good), in the worker, once per revision. */
function planCheckOf(services: Services, state: ModelState): Promise<PlanCheckResultJSON> {
  if (state.revision === null) return Promise.resolve(NO_PLANS);
  return services.models.memo(state, "plan-check", () => {
    const p = services.analysis.checkPlans(JSON.stringify(documentOf(state)));
    p.catch(() => state.memo.delete("plan-check")); // a failure is not kept
    return p;
  });
}

function planOf(state: ModelState, id: string) {
  const element = state.plans.find((e) => e.id === id);
  if (!element) throw notFound(`plan "${id}"`, "id");
  return element;
}

export const plansRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { models } = services;
  const changes = new ModelChanges(models);
  const approvals = new PlanApprovalsRepository();

  app.get(
    "/orgs/:org/plans",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["plans"],
        summary: "The plan documents with their approval status and the engine's plan check (uncovered tier-1 services, each site lost for good)",
        params: OrgParams,
        response: {
          200: Type.Object({
            revision: Type.Union([Ref.revision, Type.Null()]),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.Union([Type.String(), Type.Null()]),
                kind: Type.Union([Type.String(), Type.Null()]),
                status: Status,
                lastEvent: Type.Union([Event, Type.Null()]),
                check: Check,
              }),
            ),
            uncovered: Type.Array(Type.String()),
            scenarios: Type.Array(Type.String()),
            passed: Type.Boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const state = await models.current(org.id);
      const check = await planCheckOf(services, state);
      const last = await approvals.lastEvents(models.database, org.id);
      setRevisionTag(reply, state.revision);
      return {
        revision: state.revision,
        items: state.plans.map((e) => {
          const event = last.get(e.id) ?? null;
          const text = (v: unknown) => (typeof v === "string" ? v : null);
          return { id: e.id, name: text(e.doc.name), kind: text(e.doc.kind), status: approvalStatus(event ? [event] : [], planContentHash(e.text)), lastEvent: event, check: check.plans[e.id] };
        }),
        uncovered: check.uncovered,
        scenarios: check.scenarios,
        passed: check.passed,
      };
    },
  );

  app.get(
    "/orgs/:org/plans/:id",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["plans"],
        summary: "One plan as written, its approval status and history, and the engine's check of it",
        params: PlanParams,
        response: {
          200: Type.Object({
            plan: FileDocument("the plan as written"),
            revision: Type.Union([Ref.revision, Type.Null()]),
            approval: Approval,
            check: Check,
            scenarios: Type.Array(Type.String()),
            uncovered: Type.Array(Type.String(), { description: "tier-1 services no plan covers" }),
            warnings: Type.Array(Ref.diagnostic),
          }),
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { id } = request.params as Static<typeof PlanParams>;
      const state = await models.current(org.id);
      const element = planOf(state, id);
      const check = await planCheckOf(services, state);
      setRevisionTag(reply, state.revision);
      return {
        plan: element.doc,
        revision: state.revision,
        approval: await approvalOf(org.id, element.text, id),
        check: check.plans[id],
        scenarios: check.scenarios,
        uncovered: check.uncovered,
        warnings: state.warnings.filter((w) => w.field?.startsWith(`plans[${state.plans.indexOf(element)}]`)),
      };
    },
  );

  const approvalOf = async (organizationId: number, text: string, id: string) => {
    const history = await approvals.events(models.database, organizationId, id);
    const contentHash = planContentHash(text);
    return { status: approvalStatus(history, contentHash), contentHash, history };
  };

  const savePlan = (create: boolean) => async (request: FastifyRequest) => {
    const org = orgOf(request);
    const body = request.body as Static<typeof PlanBody>;
    const id = create ? String((body.plan as Doc).id ?? "") : (request.params as Static<typeof PlanParams>).id;
    if (!id) throw new Problem(400, "validation", "Invalid request", "the plan needs an id", [{ field: "plan.id", message: "is required" }]);
    const result = await changes.putPlan(org.id, await actorFor(request, services), id, body.plan as Doc, body.comment, create, expectedRevisionOf(request));
    // an edit is new content: the approval history stays, the plan is a draft again
    return { ...changeJSON(result), approval: await approvalOf(org.id, planOf(result.state, id).text, id) };
  };
  const SaveAnswer = Type.Composite([ChangeAnswer, Type.Object({ approval: Approval })]);

  app.post(
    "/orgs/:org/plans",
    {
      config: { access: { org: "model:write" } },
      schema: { tags: ["plans"], summary: "Add a plan (a new revision; a draft); 422 with the engine's messages naming `plan.<field>`", params: OrgParams, body: PlanBody, response: { 201: SaveAnswer } },
    },
    async (request, reply) => {
      const answer = await savePlan(true)(request);
      reply.code(201);
      return answer;
    },
  );

  app.put(
    "/orgs/:org/plans/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["plans"],
        summary: "Replace a plan (a new revision; it is a draft again); 412 when it changed after expectedRevision; 422 with the engine's messages naming `plan.<field>`",
        params: PlanParams,
        body: PlanBody,
        response: { 200: SaveAnswer },
      },
    },
    savePlan(false),
  );

  const workflow = (action: ApprovalAction, summary: string) => ({
    config: { access: { org: action === "submit" ? ("model:write" as const) : ("plans:approve" as const) } },
    schema: { tags: ["plans"], summary, params: PlanParams, body: ApprovalBody, response: { 200: Approval } },
  });

  const act = (action: ApprovalAction) => async (request: FastifyRequest) => {
    const org = orgOf(request);
    const { id } = request.params as Static<typeof PlanParams>;
    const body = (request.body ?? {}) as Static<typeof ApprovalBody>;
    const state = await models.current(org.id);
    const element = planOf(state, id);
    // the reviewer acts on the plan as they read it: 412 when it changed after that revision
    await checkGuard(models.repository, models.database, org.id, state.revision, { expected: expectedRevisionOf(request), touches: { collection: "plans", ids: [id] } });
    const actor = await actorFor(request, services);
    const contentHash = planContentHash(element.text);
    await models.database.transaction(async (tx) => {
      await approvals.lock(tx, org.id);
      const why = refusal(action, approvalStatus(await approvals.events(tx, org.id, id), contentHash));
      if (why) throw conflict(why, "status");
      await approvals.add(tx, org.id, id, { action, contentHash, revision: state.revision?.number ?? 0, actor, role: org.role ?? null, comment: body.comment ?? "" });
    });
    return approvalOf(org.id, element.text, id);
  };

  app.post("/orgs/:org/plans/:id/submit", workflow("submit", "Submit the plan as it is now for review (draft → in review)"), act("submit"));
  app.post("/orgs/:org/plans/:id/approve", workflow("approve", "Approve the plan in review (in review → approved); only roles with plans:approve (admin); 403 otherwise, nothing changes"), act("approve"));
  app.post("/orgs/:org/plans/:id/return", workflow("return", "Send the plan in review back to its authors (in review → draft), with a comment"), act("return"));

  await app.register(exerciseProgrammeRoutes, { services });
};
