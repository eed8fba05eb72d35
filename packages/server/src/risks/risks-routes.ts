/**
 * The risk register (ISO 22301 8.2.3): the model's risks with their owners, treatments and
 * actions (overdue ones named), one risk added, edited or removed, and the organization's risk
 * matrix replaced. Risks live in the model (its `risks:` and `riskMatrix:` sections), so every
 * change is a new revision of the model, validated by the engine like an import (docs/risk-model.md).
 */
import { isOverdue, parseDate, readRisks, todayISO, type Diagnostic, type RiskAction } from "@continuum/engine";
import { Type } from "@sinclair/typebox";
import { conflict, invalidModel, notFound, Problem } from "../core/problem.js";
import { Comment, ModelSection, OrgParams, Ref } from "../core/schemas.js";
import { actorFor, orgOf } from "../core/services.js";
import type { Doc } from "../model/model-document.js";
import { ChangeAnswer, changeJSON, revisionJSON, sendJson } from "../model/model-routes.js";
import { ExpectedRevision, expectedRevisionOf, setRevisionTag } from "../model/revision-guard.js";
import { validate, type ModelState, type Proposal } from "../model/model-store.js";
import { routePlugin } from "../core/route-plugin.js";

const RiskParams = Type.Object({ org: Type.String({ maxLength: 63 }), id: Type.String({ minLength: 1, maxLength: 200 }) });
const RiskBody = Type.Object(
  { risk: ModelSection("risk", "the risk in the model's file format (docs/risk-model.md): id, frequency, strikes, duration, owner, treatment, actions, …"), comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) },
  { additionalProperties: false },
);
const MatrixBody = Type.Object(
  { riskMatrix: Type.Union([ModelSection("riskMatrix", "the risk matrix: likelihood and impact bands, levels and cells (docs/risk-model.md)"), Type.Null()]), comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) },
  { additionalProperties: false },
);
const PolicyBody = Type.Object(
  { policy: ModelSection("insurancePolicy", "the insurance policy in the model's file format (docs/risk-model.md): id, insurer, covers, waitingPeriod, deductible, limit, aggregate, premium"), comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) },
  { additionalProperties: false },
);
const CommentQuery = Type.Object({ comment: Type.Optional(Comment), expectedRevision: Type.Optional(ExpectedRevision) }, { additionalProperties: false });
const AsOf = Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "the day overdue actions are counted on (YYYY-MM-DD, default today, UTC)" }));
const ListQuery = Type.Object(
  {
    asOf: AsOf,
    owner: Type.Optional(Type.String({ maxLength: 200, description: "risks of this owner, or with an action of this owner" })),
    treatment: Type.Optional(Type.Union([Type.Literal("accept"), Type.Literal("mitigate"), Type.Literal("transfer"), Type.Literal("avoid")])),
    overdue: Type.Optional(Type.Boolean({ description: "only risks with an overdue action" })),
  },
  { additionalProperties: false },
);

const OverdueAction = Type.Object({ id: Type.String(), title: Type.String(), owner: Type.Optional(Type.String()), due: Type.Optional(Type.String()), status: Type.String() });
const RiskItem = Type.Object({
  risk: ModelSection("risk", "the risk as written"),
  overdueActions: Type.Array(OverdueAction, { description: "open actions whose due date is before asOf" }),
  openActions: Type.Integer(),
});

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/** The risks as written in the model's header (a single mapping counts as a list of one). */
function risksOf(header: Doc): Doc[] {
  const raw = header.risks;
  if (Array.isArray(raw)) return raw.filter(isMapping) as Doc[];
  return isMapping(raw) ? [raw as Doc] : [];
}

/** The actions of a risk as written, normalized enough to say which are open and overdue. */
function actionsOf(risk: Doc): RiskAction[] {
  const raw = Array.isArray(risk.actions) ? risk.actions : [];
  return raw.filter(isMapping).map((a, j) => ({
    id: typeof a.id === "string" ? a.id : `a${j + 1}`,
    title: typeof a.title === "string" ? a.title : typeof a.action === "string" ? a.action : "",
    owner: typeof a.owner === "string" ? a.owner : undefined,
    due: parseDate(a.due),
    status: a.status === "done" ? "done" : "open",
  }));
}

function itemOf(risk: Doc, asOf: string) {
  const actions = actionsOf(risk);
  return { risk, overdueActions: actions.filter((a) => isOverdue(a, asOf)), openActions: actions.filter((a) => a.status === "open").length };
}

/** Rewrites `risks[3].treatment` as `risk.treatment` for the caller who sent one risk. */
function renameField(from: string, to: string) {
  return (d: Diagnostic): Diagnostic => (d.field && d.field.startsWith(from) ? { ...d, field: to + d.field.slice(from.length) } : d);
}

/**
 * A proposal whose header is `header`: the model validated by the engine, then its risk sections
 * (which the model reader keeps as written) by the risk reader; any error is a 422 and nothing changes.
 */
function proposal(state: ModelState, header: Doc, comment: string, mapDiagnostic: (d: Diagnostic) => Diagnostic): Proposal {
  const components = state.components.map((e) => e.doc);
  const plans = state.plans.map((e) => e.doc);
  const checked = validate(header, components, plans);
  if (!checked.loaded) throw invalidModel(checked.diagnostics.map(mapDiagnostic));
  const risks = readRisks(checked.loaded.model);
  if (risks.diagnostics.some((d) => d.severity === "error")) throw invalidModel(risks.diagnostics.map(mapDiagnostic));
  const warnings = [...checked.warnings, ...risks.diagnostics];
  return {
    kind: "edit",
    comment,
    header,
    components,
    plans,
    scenarios: state.scenarios.map((e) => e.doc),
    loaded: checked.loaded,
    warnings,
    mapDiagnostic,
  };
}

/** The insurance policies as written in the model's header (a single mapping counts as a list of one). */
function policiesOf(header: Doc): Doc[] {
  const raw = header.insurance;
  if (Array.isArray(raw)) return raw.filter(isMapping) as Doc[];
  return isMapping(raw) ? [raw as Doc] : [];
}

/** The header with `insurance` replaced (removed when empty), keeping the other keys in their order. */
function withPolicies(header: Doc, policies: Doc[]): Doc {
  const out: Doc = { ...header };
  if (policies.length) out.insurance = policies;
  else delete out.insurance;
  return out;
}

/** The header with `risks` replaced (removed when empty), keeping the other keys in their order. */
function withRisks(header: Doc, risks: Doc[]): Doc {
  const out: Doc = { ...header };
  if (risks.length) out.risks = risks;
  else delete out.risks;
  return out;
}

export const risksRoutes = routePlugin("risks", async (app, { services }) => {
  const { models } = services;

  app.get(
    "/orgs/:org/risks",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["risks"],
        summary: "The risk register: every risk as written (owner, treatment, actions) with its overdue actions, the risk matrix and the appetite",
        description: "Quantitative results (frequency × loss per occurrence, the heat-map cell, the exceedance curve) are computed by the engine: `continuum risk` or the web app.",
        params: OrgParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(RiskItem),
            total: Type.Integer({ description: "risks matching the filters" }),
            overdue: Type.Integer({ description: "overdue actions in the matching risks" }),
            asOf: Type.String(),
            currency: Type.Union([Type.String(), Type.Null()]),
            riskMatrix: Type.Union([ModelSection("riskMatrix", "the risk matrix as written"), Type.Null()]),
            riskAppetite: Type.Array(ModelSection("riskAppetite", "a risk appetite statement as written")),
            insurance: Type.Array(ModelSection("insurancePolicy", "an insurance policy as written")),
            revision: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const query = request.query;
      const asOf = query.asOf ?? todayISO();
      if (query.asOf && !parseDate(query.asOf)) throw new Problem(400, "validation", "Invalid request", `asOf ${query.asOf} is not a date`, [{ field: "asOf", message: "must be a real date YYYY-MM-DD" }]);
      const state = await models.current(org.id);
      const key = `risks?${JSON.stringify([asOf, query.owner, query.treatment, query.overdue])}`;
      return sendJson(
        reply,
        models.cached(state, key, () => {
          const h = state.header;
          let items = risksOf(h).map((r) => itemOf(r, asOf));
          if (query.owner !== undefined) items = items.filter((i) => i.risk.owner === query.owner || actionsOf(i.risk).some((a) => a.owner === query.owner));
          if (query.treatment !== undefined) items = items.filter((i) => i.risk.treatment === query.treatment);
          if (query.overdue) items = items.filter((i) => i.overdueActions.length > 0);
          const list = (v: unknown) => (Array.isArray(v) ? v : isMapping(v) ? [v] : []);
          const matrix = Array.isArray(h.riskMatrix) ? (h.riskMatrix[0] ?? null) : isMapping(h.riskMatrix) ? h.riskMatrix : null;
          return JSON.stringify({
            items,
            total: items.length,
            overdue: items.reduce((s, i) => s + i.overdueActions.length, 0),
            asOf,
            currency: typeof h.currency === "string" ? h.currency : null,
            riskMatrix: matrix,
            riskAppetite: list(h.riskAppetite),
            insurance: list(h.insurance),
            revision: state.revision?.number ?? null,
          });
        }),
      );
    },
  );

  app.get(
    "/orgs/:org/risks/:id",
    {
      config: { access: { org: "model:read" } },
      schema: {
        tags: ["risks"],
        summary: "One risk as written, with its overdue actions",
        params: RiskParams,
        querystring: Type.Object({ asOf: AsOf }, { additionalProperties: false }),
        response: { 200: Type.Composite([RiskItem, Type.Object({ revision: Type.Union([Ref.revision, Type.Null()]) })]) },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const { id } = request.params;
      const asOf = (request.query).asOf ?? todayISO();
      const state = await models.current(org.id);
      const risk = risksOf(state.header).find((r) => r.id === id);
      if (!risk) throw notFound(`risk "${id}"`, "id");
      setRevisionTag(reply, state.revision);
      return sendJson(reply, JSON.stringify({ ...itemOf(risk, asOf), revision: JSON.parse(revisionJSON(state.revision)) }));
    },
  );

  const put = async (organizationId: number, request: Parameters<typeof actorFor>[0], id: string, risk: Doc, comment: string | undefined, create: boolean) => {
    if (risk.id === undefined) risk = { id, ...risk };
    else if (risk.id !== id) {
      throw new Problem(400, "validation", "Invalid request", `risk.id "${String(risk.id)}" differs from the id in the URL "${id}"`, [
        { field: "risk.id", message: "must equal the id in the URL (to rename a risk, add the new one and remove the old one)" },
      ]);
    }
    const actor = await actorFor(request, services);
    return models.commit(organizationId, actor, (state) => {
      const risks = risksOf(state.header);
      const index = risks.findIndex((r) => r.id === id);
      if (create && index >= 0) throw conflict(`a risk "${id}" exists already`, "risk.id");
      if (!create && index < 0) throw notFound(`risk "${id}"`, "id");
      const at = index >= 0 ? index : risks.length;
      const next = [...risks];
      next[at] = risk;
      return proposal(state, withRisks(state.header, next), comment || `${create ? "Add" : "Edit"} risk ${id}`, renameField(`risks[${at}]`, "risk"));
    }, { expected: expectedRevisionOf(request), touches: "model" });
  };

  app.post(
    "/orgs/:org/risks",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["risks"],
        summary: "Add a risk (a new revision); 422 with the engine's messages when it is invalid",
        params: OrgParams,
        body: RiskBody,
        response: { 201: ChangeAnswer },
      },
    },
    async (request, reply) => {
      const org = orgOf(request);
      const body = request.body;
      const id = typeof body.risk.id === "string" ? body.risk.id : "";
      if (!id) throw new Problem(400, "validation", "Invalid request", "the risk needs an id", [{ field: "risk.id", message: "is required" }]);
      const result = await put(org.id, request, id, body.risk, body.comment, true);
      reply.code(201);
      return changeJSON(result);
    },
  );

  app.put(
    "/orgs/:org/risks/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["risks"],
        summary: "Replace a risk (a new revision); 422 with the engine's messages when it is invalid",
        params: RiskParams,
        body: RiskBody,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const body = request.body;
      return changeJSON(await put(org.id, request, id, body.risk, body.comment, false));
    },
  );

  app.delete(
    "/orgs/:org/risks/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["risks"],
        summary: "Remove a risk (a new revision); 422 when an insurance policy still covers it",
        params: RiskParams,
        querystring: CommentQuery,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const { comment } = request.query;
      const actor = await actorFor(request, services);
      return changeJSON(
        await models.commit(org.id, actor, (state) => {
          const risks = risksOf(state.header);
          if (!risks.some((r) => r.id === id)) throw notFound(`risk "${id}"`, "id");
          return proposal(state, withRisks(state.header, risks.filter((r) => r.id !== id)), comment || `Remove risk ${id}`, (d) => d);
        }, { expected: expectedRevisionOf(request), touches: "model" }),
      );
    },
  );

  app.put(
    "/orgs/:org/risk-matrix",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["risks"],
        summary: "Replace the organization's risk matrix (null removes it: the default 5 × 5 is used); a new revision",
        params: OrgParams,
        body: MatrixBody,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const body = request.body;
      const actor = await actorFor(request, services);
      return changeJSON(
        await models.commit(org.id, actor, (state) => {
          const header: Doc = { ...state.header };
          if (body.riskMatrix === null) delete header.riskMatrix;
          else header.riskMatrix = body.riskMatrix;
          return proposal(state, header, body.comment || (body.riskMatrix === null ? "Remove the risk matrix" : "Edit the risk matrix"), (d) => d);
        }, { expected: expectedRevisionOf(request), touches: "model" }),
      );
    },
  );

  app.put(
    "/orgs/:org/insurance/:id",
    {
      config: { access: { org: "model:write" } },
      schema: {
        tags: ["risks"],
        summary: "Add or replace an insurance policy by id (a new revision); 422 with the engine's messages when it is invalid",
        params: RiskParams,
        body: PolicyBody,
        response: { 200: ChangeAnswer },
      },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const body = request.body;
      if (body.policy.id !== undefined && body.policy.id !== id) {
        throw new Problem(400, "validation", "Invalid request", `policy.id "${String(body.policy.id)}" differs from the id in the URL "${id}"`, [{ field: "policy.id", message: "must equal the id in the URL" }]);
      }
      const policy: Doc = body.policy.id === undefined ? { id, ...body.policy } : body.policy;
      const actor = await actorFor(request, services);
      return changeJSON(
        await models.commit(org.id, actor, (state) => {
          const policies = policiesOf(state.header);
          const index = policies.findIndex((p) => p.id === id);
          const at = index >= 0 ? index : policies.length;
          const next = [...policies];
          next[at] = policy;
          return proposal(state, withPolicies(state.header, next), body.comment || `${index >= 0 ? "Edit" : "Add"} insurance policy ${id}`, renameField(`insurance[${at}]`, "policy"));
        }, { expected: expectedRevisionOf(request), touches: "model" }),
      );
    },
  );

  app.delete(
    "/orgs/:org/insurance/:id",
    {
      config: { access: { org: "model:write" } },
      schema: { tags: ["risks"], summary: "Remove an insurance policy (a new revision)", params: RiskParams, querystring: CommentQuery, response: { 200: ChangeAnswer } },
    },
    async (request) => {
      const org = orgOf(request);
      const { id } = request.params;
      const { comment } = request.query;
      const actor = await actorFor(request, services);
      return changeJSON(
        await models.commit(org.id, actor, (state) => {
          const policies = policiesOf(state.header);
          if (!policies.some((p) => p.id === id)) throw notFound(`insurance policy "${id}"`, "id");
          return proposal(state, withPolicies(state.header, policies.filter((p) => p.id !== id)), comment || `Remove insurance policy ${id}`, (d) => d);
        }, { expected: expectedRevisionOf(request), touches: "model" }),
      );
    },
  );
});
