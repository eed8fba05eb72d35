/**
 * Tenancy and roles, generated from the routes the server registers: every API route is tried as
 * every role, with API tokens of each scope, anonymously, and as another organization's
 * administrator. A route added without an example here fails this test, so none escapes it.
 * The expected rules are written out below, independently of the server's own table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteInfo } from "../src/index.js";
import { Client, exampleFiles, memberClient, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

type Role = "admin" | "editor" | "responder" | "viewer" | "auditor";
const ROLES: Role[] = ["admin", "editor", "responder", "viewer", "auditor"];

/** Who may do what, as the product promises it (docs/server.md). */
const ALLOWED: Record<string, Role[]> = {
  "model:read": ["admin", "editor", "responder", "viewer", "auditor"],
  "scenario:write": ["admin", "editor", "responder"],
  "model:write": ["admin", "editor"],
  "members:read": ["admin", "auditor"],
  "members:write": ["admin"],
  "tokens:read": ["admin", "auditor"],
  "tokens:write": ["admin"],
  "audit:read": ["admin", "auditor"],
  "incident:write": ["admin", "editor", "responder"],
  "status:publish": ["admin"],
  "plans:approve": ["admin"],
  "contacts:read": ["admin", "editor", "responder"],
  "contacts:write": ["admin", "editor"],
};
const TOKEN_ALLOWED: Record<string, string[]> = {
  "model:read": ["model:read"],
  "model:write": ["model:read", "model:write", "scenario:write"],
};

interface Call {
  params?: Record<string, string | number>;
  query?: string;
  body?: unknown;
}

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}`;

/** An example request per route; `prepare` makes (as the admin) what the call needs, fresh each time. */
type Example = (fx: Fixtures) => Promise<Call> | Call;

interface Fixtures {
  admin: Client;
  org: string;
}

const EXAMPLES: Record<string, Example> = {
  "GET /api/v1/orgs/:org": () => ({}),
  "GET /api/v1/orgs/:org/members": () => ({}),
  "GET /api/v1/orgs/:org/invitations": () => ({ query: "all=true" }),
  "POST /api/v1/orgs/:org/invitations": () => ({ body: { email: `${unique("new")}@example.com`, role: "viewer" } }),
  "POST /api/v1/orgs/:org/invitations/:id/link": async (fx) => ({ params: { id: await addInvitation(fx) }, body: {} }),
  "DELETE /api/v1/orgs/:org/invitations/:id": async (fx) => ({ params: { id: await addInvitation(fx) } }),
  "GET /api/v1/orgs/:org/sign-ins": () => ({ query: "limit=5" }),
  "PATCH /api/v1/orgs/:org/members/:userId": async (fx) => ({ params: { userId: await addMember(fx) }, body: { role: "responder" } }),
  "DELETE /api/v1/orgs/:org/members/:userId": async (fx) => ({ params: { userId: await addMember(fx) } }),
  "POST /api/v1/orgs/:org/members/:userId/password": async (fx) => ({ params: { userId: await addMember(fx) }, body: { newPassword: "another long password" } }),
  "GET /api/v1/orgs/:org/audit": () => ({ query: "action=token&actor=admin" }),
  "GET /api/v1/orgs/:org/tokens": () => ({}),
  "POST /api/v1/orgs/:org/tokens": () => ({ body: { name: unique("ci"), scopes: ["model:read"] } }),
  "DELETE /api/v1/orgs/:org/tokens/:id": async (fx) => {
    const t = await fx.admin.post(`/api/v1/orgs/${fx.org}/tokens`, { name: unique("tmp"), scopes: ["model:read"] });
    return { params: { id: t.body.id } };
  },
  "GET /api/v1/orgs/:org/model": () => ({}),
  "GET /api/v1/orgs/:org/model/export": () => ({ query: "format=yaml" }),
  "GET /api/v1/orgs/:org/model/files": () => ({}),
  "POST /api/v1/orgs/:org/model/import": () => ({ body: { files: exampleFiles() } }),
  "GET /api/v1/orgs/:org/components": () => ({ query: "limit=5" }),
  "GET /api/v1/orgs/:org/components/:id": () => ({ params: { id: "kakao-login" } }),
  "GET /api/v1/orgs/:org/components/:id/history": () => ({ params: { id: "kakao-login" } }),
  "POST /api/v1/orgs/:org/components": () => ({ body: { component: { id: unique("new-component"), kind: "application" } } }),
  "PUT /api/v1/orgs/:org/components/:id": async (fx) => ({ params: { id: await addComponent(fx) }, body: { component: { kind: "tool", description: unique("edited") } } }),
  "DELETE /api/v1/orgs/:org/components/:id": async (fx) => ({ params: { id: await addComponent(fx) } }),
  "GET /api/v1/orgs/:org/revisions": () => ({}),
  "GET /api/v1/orgs/:org/revisions/:n": () => ({ params: { n: 1 } }),
  "GET /api/v1/orgs/:org/revisions/:a/diff/:b": () => ({ params: { a: 1, b: 2 } }),
  "POST /api/v1/orgs/:org/revisions/:n/restore": () => ({ params: { n: 1 }, body: {} }),
  "GET /api/v1/orgs/:org/reviews": () => ({}),
  "POST /api/v1/orgs/:org/reviews": () => ({ body: { comment: "reviewed" } }),
  "GET /api/v1/orgs/:org/scenarios": () => ({}),
  "GET /api/v1/orgs/:org/scenarios/:id": () => ({ params: { id: "pangyo-fire" } }),
  "POST /api/v1/orgs/:org/scenarios": () => ({ body: { scenario: scenario(unique("drill")) } }),
  "PUT /api/v1/orgs/:org/scenarios/:id": async (fx) => {
    const id = await addScenario(fx);
    return { params: { id }, body: { scenario: { ...scenario(id), horizon: "3d" } } };
  },
  "DELETE /api/v1/orgs/:org/scenarios/:id": async (fx) => ({ params: { id: await addScenario(fx) } }),
  "GET /api/v1/orgs/:org/analysis": () => ({}),
  "POST /api/v1/orgs/:org/simulate": () => ({ body: { scenarioId: "pangyo-fire" } }),
  "GET /api/v1/orgs/:org/risks": () => ({ query: "asOf=2026-01-01" }),
  "GET /api/v1/orgs/:org/risks/:id": () => ({ params: { id: "pangyo-dc-fire" } }),
  "POST /api/v1/orgs/:org/risks": () => ({ body: { risk: { id: unique("new-risk"), frequency: 0.1, loss: 1000000 } } }),
  "PUT /api/v1/orgs/:org/risks/:id": async (fx) => ({ params: { id: await addRisk(fx) }, body: { risk: { frequency: 0.2, loss: 2000000, owner: unique("owner") } } }),
  "DELETE /api/v1/orgs/:org/risks/:id": async (fx) => ({ params: { id: await addRisk(fx) } }),
  "PUT /api/v1/orgs/:org/insurance/:id": () => ({ params: { id: unique("tmp-policy") }, body: { policy: { covers: ["pangyo-dc-fire"], deductible: 1000000, limit: 50000000, premium: 100000 } } }),
  "DELETE /api/v1/orgs/:org/insurance/:id": async (fx) => ({ params: { id: await addPolicy(fx) } }),
  "GET /api/v1/orgs/:org/intake-keys": () => ({}),
  "POST /api/v1/orgs/:org/intake-keys": () => ({ body: { name: unique("key") } }),
  "DELETE /api/v1/orgs/:org/intake-keys/:id": async (fx) => ({ params: { id: (await fx.admin.post(`/api/v1/orgs/${fx.org}/intake-keys`, { name: unique("key") })).body.id } }),
  "GET /api/v1/orgs/:org/heartbeats": () => ({}),
  "POST /api/v1/orgs/:org/heartbeats": () => ({ body: { name: unique("probe"), component: "gasan-idc", intervalSeconds: 86400 } }),
  "DELETE /api/v1/orgs/:org/heartbeats/:id": async (fx) => ({
    params: { id: (await fx.admin.post(`/api/v1/orgs/${fx.org}/heartbeats`, { name: unique("probe"), component: "gasan-idc", intervalSeconds: 86400 })).body.id },
  }),
  "GET /api/v1/orgs/:org/intake-rules": () => ({}),
  "PUT /api/v1/orgs/:org/intake-rules": () => ({ body: { rules: [{ name: unique("rule"), match: { site: "gasan" }, components: ["gasan-idc"] }] } }),
  "POST /api/v1/orgs/:org/intake-rules/preview": () => ({ body: { source: "alertmanager", labels: { component: "gasan-idc" } } }),
  "GET /api/v1/orgs/:org/signals": () => ({ query: "open=true" }),
  "GET /api/v1/orgs/:org/business-clock": () => ({}),
  "GET /api/v1/orgs/:org/plans": () => ({}),
  "GET /api/v1/orgs/:org/plans/:id": () => ({ params: { id: "dc-failover" } }),
  "POST /api/v1/orgs/:org/plans": () => ({ body: { plan: { id: unique("new-plan"), steps: [{ id: "s", duration: "1h" }] } } }),
  "PUT /api/v1/orgs/:org/plans/:id": async (fx) => ({ params: { id: await addPlan(fx) }, body: { plan: { steps: [{ id: "s", duration: "2h" }] } } }),
  "POST /api/v1/orgs/:org/plans/:id/submit": async (fx) => ({ params: { id: await addPlan(fx) }, body: {} }),
  "POST /api/v1/orgs/:org/plans/:id/approve": async (fx) => ({ params: { id: await addPlan(fx, true) }, body: {} }),
  "POST /api/v1/orgs/:org/plans/:id/return": async (fx) => ({ params: { id: await addPlan(fx, true) }, body: {} }),
  "GET /api/v1/orgs/:org/exercise-programme": () => ({ query: "from=2026-01-01" }),
  "GET /api/v1/orgs/:org/exercise-programme/calendar.ics": () => ({}),
  "GET /api/v1/orgs/:org/incidents": () => ({}),
  "GET /api/v1/orgs/:org/directory": () => ({}),
  "PUT /api/v1/orgs/:org/directory": () => ({ body: { csv: "person,email\nrecovery-lead,lead@acme.example\n" } }),
  "DELETE /api/v1/orgs/:org/directory/:person": async (fx) => {
    await fx.admin.request("PUT", `/api/v1/orgs/${fx.org}/directory`, { csv: "person,email\ndba-lead,dba@acme.example\n" });
    return { params: { person: "dba-lead" } };
  },
  "GET /api/v1/orgs/:org/incidents/:n/communication": async (fx) => ({ params: { n: await addIncident(fx) } }),
  "POST /api/v1/orgs/:org/incidents/:n/call-tree/:id/acknowledge": async (fx) => {
    // the example's responders are asked by a job after the declaration
    const n = await addIncident(fx);
    for (let i = 0; i < 100; i++) {
      const tree = (await fx.admin.get(`/api/v1/orgs/${fx.org}/incidents/${n}/communication`)).body.callTree ?? [];
      if (tree.length) return { params: { n, id: tree[0].id } };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the call tree was not activated");
  },
  "POST /api/v1/orgs/:org/incidents/:n/clocks/:clock/done": async (fx) => ({ params: { n: await addIncident(fx), clock: "press-conference" } }),
  "POST /api/v1/orgs/:org/incidents/:n/messages/preview": async (fx) => ({ params: { n: await addIncident(fx) }, body: { template: "user-notice" } }),
  "POST /api/v1/orgs/:org/incidents/:n/messages": async (fx) => ({ params: { n: await addIncident(fx) }, body: { template: "user-notice" } }),
  "GET /api/v1/orgs/:org/incidents/:n/cap": async (fx) => ({ params: { n: await addIncident(fx) }, query: "template=user-notice" }),
  "GET /api/v1/orgs/:org/incidents/:n/communication/sheet": async (fx) => ({ params: { n: await addIncident(fx) } }),
  "POST /api/v1/orgs/:org/incidents": () => ({ body: { title: unique("drill"), severity: "sev3", exercise: true } }),
  "GET /api/v1/orgs/:org/incidents/:n": async (fx) => ({ params: { n: await addIncident(fx) } }),
  "GET /api/v1/orgs/:org/incidents/live": () => ({ query: "once=true" }),
  "GET /api/v1/orgs/:org/checks": () => ({}),
  "GET /api/v1/orgs/:org/checks/:id/results": () => ({ params: { id: "site-probe" } }),
  "GET /api/v1/orgs/:org/incidents/:n/live": async (fx) => ({ params: { n: await addIncident(fx) }, query: "once=true" }),
  "PATCH /api/v1/orgs/:org/incidents/:n": async (fx) => ({ params: { n: await addIncident(fx) }, body: { severity: "sev2" } }),
  "GET /api/v1/orgs/:org/responders": () => ({}),
  "PUT /api/v1/orgs/:org/incidents/:n/roles/:role": async (fx) => ({ params: { n: await addIncident(fx), role: "scribe" }, body: { userId: (await fx.admin.get("/api/v1/me")).body.user.id } }),
  "POST /api/v1/orgs/:org/incidents/:n/acknowledge": async (fx) => ({ params: { n: await addIncident(fx) } }),
  "POST /api/v1/orgs/:org/incidents/:n/decisions": async (fx) => ({ params: { n: await addIncident(fx) }, body: { decision: "fail over", options: ["wait", "fail over"], rationale: "RTO" } }),
  "POST /api/v1/orgs/:org/incidents/:n/notes": async (fx) => ({ params: { n: await addIncident(fx) }, body: { text: "noted" } }),
  "PATCH /api/v1/orgs/:org/incidents/:n/tasks/:task": async (fx) => {
    const n = await addIncident(fx, ["pangyo-idc"]);
    const task = (await fx.admin.get(`/api/v1/orgs/${fx.org}/incidents/${n}`)).body.tasks[0];
    return { params: { n, task: task.id }, body: { done: true } };
  },
  "POST /api/v1/orgs/:org/incidents/:n/stand-down": async (fx) => ({ params: { n: await addIncident(fx) }, body: { reason: "over" } }),
  "POST /api/v1/orgs/:org/incidents/:n/review": async (fx) => {
    const n = await addIncident(fx);
    await fx.admin.post(`/api/v1/orgs/${fx.org}/incidents/${n}/stand-down`, { reason: "over" });
    return { params: { n }, body: { summary: "reviewed", nonconformities: [{ title: "no drill of this" }] } };
  },
  "GET /api/v1/orgs/:org/exercise-runs": () => ({}),
  "POST /api/v1/orgs/:org/exercise-runs": () => ({ body: { exercise: "pangyo-site-loss-drill", speed: 60 } }),
  "GET /api/v1/orgs/:org/exercise-runs/:n": async (fx) => ({ params: { n: await addRun(fx) } }),
  "GET /api/v1/orgs/:org/exercise-runs/:n/live": async (fx) => ({ params: { n: await addRun(fx) }, query: "once=true" }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/injects/:seq/deliver": async (fx) => ({ params: { n: await addRun(fx), seq: 6 }, body: {} }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/steps": async (fx) => ({ params: { n: await addRun(fx) }, body: { plan: "dc-failover", step: "switch-data", event: "start" } }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/milestones": async (fx) => ({ params: { n: await addRun(fx) }, body: { milestone: "notified" } }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/decisions": async (fx) => ({ params: { n: await addRun(fx) }, body: { who: "lead", decision: unique("switch") } }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/findings": async (fx) => ({ params: { n: await addRun(fx) }, body: { text: unique("finding") } }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/finish": async (fx) => ({ params: { n: await addRun(fx) }, body: {} }),
  "GET /api/v1/orgs/:org/exercise-runs/:n/report.pdf": async (fx) => ({ params: { n: await addRun(fx) }, query: "lang=en" }),
  "POST /api/v1/orgs/:org/exercise-runs/:n/model-revision": async (fx) => ({ params: { n: await addRun(fx, true) }, body: {} }),
  "GET /api/v1/orgs/:org/recovery-evidence": () => ({}),
  "GET /api/v1/orgs/:org/nonconformities": () => ({}),
  "GET /api/v1/orgs/:org/status": () => ({}),
  "PUT /api/v1/orgs/:org/status/publication": () => ({ body: { published: true } }),
  "POST /api/v1/orgs/:org/status/updates": () => ({ body: { phase: "investigating", title: { en: unique("status") }, message: { en: "looking" } } }),
  "GET /api/v1/orgs/:org/status/export.tar": () => ({}),
  "PUT /api/v1/orgs/:org/risk-matrix": () => ({ body: { riskMatrix: { likelihood: [{ label: "Low", upTo: 0.1 }, { label: "High" }], impact: [{ label: "Small", upTo: Math.round(1e6 + ++n) }, { label: "Big" }] } } }),
};

const scenario = (name: string) => ({ scenario: name, horizon: "1d", events: [{ at: 0, fail: "gasan-idc", for: "1h" }] });

/** A new plan (as the admin); `inReview`: submitted for review. */
async function addPlan(fx: Fixtures, inReview = false): Promise<string> {
  const id = unique("plan");
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/plans`, { plan: { id, steps: [{ id: "s", duration: "1h" }] } });
  if (a.status !== 201) throw new Error(`plan: ${a.status} ${a.text}`);
  if (inReview) await fx.admin.post(`/api/v1/orgs/${fx.org}/plans/${id}/submit`, {});
  return id;
}

async function addIncident(fx: Fixtures, components: string[] = []): Promise<number> {
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/incidents`, { title: unique("drill"), severity: "sev3", exercise: true, components });
  if (a.status !== 201) throw new Error(a.text);
  return a.body.number;
}
/** A run of the Pangyo drill; `measured`: a step started and ended, and the run finished. */
async function addRun(fx: Fixtures, measured = false): Promise<number> {
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/exercise-runs`, { exercise: "pangyo-site-loss-drill", speed: 60 });
  if (a.status !== 201) throw new Error(a.text);
  const at = `/api/v1/orgs/${fx.org}/exercise-runs/${a.body.number}`;
  if (measured) {
    for (const event of ["start", "end"]) await fx.admin.post(`${at}/steps`, { plan: "dc-failover", step: "switch-data", event, minute: 0 });
    await fx.admin.post(`${at}/finish`, {});
  }
  return a.body.number;
}
async function addMember(fx: Fixtures): Promise<string> {
  const email = `${unique("member")}@example.com`;
  await memberClient({ url: fx.admin.base }, fx.admin, fx.org, email, "viewer");
  const a = await fx.admin.get(`/api/v1/orgs/${fx.org}/members?q=${encodeURIComponent(email)}`);
  return a.body.items[0].user.id;
}
async function addInvitation(fx: Fixtures): Promise<string> {
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/invitations`, { email: `${unique("invited")}@example.com`, role: "viewer" });
  if (a.status !== 201) throw new Error(a.text);
  return a.body.invitation.id;
}
async function addComponent(fx: Fixtures): Promise<string> {
  const id = unique("tmp-component");
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/components`, { component: { id, kind: "application" } });
  if (a.status !== 201) throw new Error(a.text);
  return id;
}
async function addRisk(fx: Fixtures): Promise<string> {
  const id = unique("tmp-risk");
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/risks`, { risk: { id, frequency: 0.1, loss: 1000000 } });
  if (a.status !== 201) throw new Error(a.text);
  return id;
}
async function addPolicy(fx: Fixtures): Promise<string> {
  const id = unique("tmp-policy");
  const a = await fx.admin.put(`/api/v1/orgs/${fx.org}/insurance/${id}`, { policy: { covers: ["pangyo-dc-fire"], limit: 50000000 } });
  if (a.status !== 200) throw new Error(a.text);
  return id;
}
async function addScenario(fx: Fixtures): Promise<string> {
  const id = unique("tmp-scenario");
  const a = await fx.admin.post(`/api/v1/orgs/${fx.org}/scenarios`, { scenario: scenario(id) });
  if (a.status !== 201) throw new Error(a.text);
  return id;
}

function path(route: RouteInfo, org: string, call: Call): string {
  const params: Record<string, string | number> = { org, ...call.params };
  const p = route.url.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`example for ${route.method} ${route.url} has no ${name}`);
    return encodeURIComponent(String(params[name]));
  });
  return call.query ? `${p}?${call.query}` : p;
}

function send(client: Client, route: RouteInfo, url: string, call: Call) {
  return client.request(route.method, url, call.body ?? (route.method === "GET" || route.method === "DELETE" ? undefined : {}));
}

describe("tenancy and roles, for every route", () => {
  let server: TestServer;
  let admin: Client;
  const as: Partial<Record<Role, Client>> = {};
  let outsider: Client;
  const tokens: Record<string, Client> = {};
  let outsiderToken: Client;
  let anonymous: Client;

  /** What a refused call must leave unchanged. */
  async function state() {
    const [model, members, tokenList, scenarios, invitations] = await Promise.all([
      admin.get("/api/v1/orgs/acme/model"),
      admin.get("/api/v1/orgs/acme/members?limit=500"),
      admin.get("/api/v1/orgs/acme/tokens?limit=500&includeRevoked=true"),
      admin.get("/api/v1/orgs/acme/scenarios?limit=500"),
      admin.get("/api/v1/orgs/acme/invitations?limit=500&all=true"),
    ]);
    return { revision: model.body.revision?.number, members: members.body.items, invitations: invitations.body.items, tokens: tokenList.body.items.map((t: { id: string; revokedAt: unknown }) => [t.id, t.revokedAt]), scenarios: scenarios.body.items.map((s: { id: string }) => s.id) };
  }

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
    const edit = await admin.put("/api/v1/orgs/acme/components/kakao-login", { component: { ...(await admin.get("/api/v1/orgs/acme/components/kakao-login")).body.component, owner: "identity team" } });
    expect(edit.status).toBe(200); // revision 2, for the diff example
    // the org admin is not a site administrator: roles alone decide
    for (const role of ROLES) as[role] = await memberClient(server, admin, "acme", `${role}@acme.example`, role);
    for (const scope of ["model:read", "model:write"]) {
      const t = await admin.post("/api/v1/orgs/acme/tokens", { name: `ci ${scope}`, scopes: [scope] });
      tokens[scope] = Object.assign(new Client(server.url), { token: t.body.token });
    }
    expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other Corp" })).status).toBe(201);
    outsider = await memberClient(server, admin, "other", "boss@other.example", "admin");
    expect((await outsider.post("/api/v1/orgs/other/model/import", { files: exampleFiles() })).status).toBe(201);
    const ot = await outsider.post("/api/v1/orgs/other/tokens", { name: "other ci", scopes: ["model:read", "model:write"] });
    outsiderToken = Object.assign(new Client(server.url), { token: ot.body.token });
    anonymous = new Client(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("has an example for every organization route", () => {
    const orgRoutes = server.routes.filter((r) => typeof r.access === "object" && "org" in r.access);
    expect(orgRoutes.length).toBeGreaterThan(25);
    const missing = orgRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !EXAMPLES[k]);
    expect(missing, "add an example for these routes to access.test.ts").toEqual([]);
    for (const r of orgRoutes) expect(Object.keys(ALLOWED), `${r.method} ${r.url}`).toContain((r.access as { org: string }).org);
  });

  it("every API route declares who may call it; only sign-in, setup, invitation links and password reset are public", () => {
    const publicRoutes = server.routes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.url}`).sort();
    expect(publicRoutes).toEqual([
      "GET /api/v1/auth/password-reset",
      "GET /api/v1/health",
      "GET /api/v1/invitations/:token",
      "GET /api/v1/setup",
      "POST /api/v1/auth/login",
      "POST /api/v1/auth/password-reset",
      "POST /api/v1/auth/password-reset/complete",
      "POST /api/v1/invitations/:token/accept",
      "POST /api/v1/setup",
    ]);
  });

  it("answers each organization route by role, by token scope, and 404 to other tenants", async () => {
    const fx: Fixtures = { admin, org: "acme" };
    const orgRoutes = server.routes.filter((r) => typeof r.access === "object" && "org" in r.access);
    const failures: string[] = [];
    const check = (who: string, route: RouteInfo, got: number, ok: (s: number) => boolean, expected: string) => {
      if (!ok(got)) failures.push(`${route.method} ${route.url} as ${who}: ${got}, expected ${expected}`);
    };
    for (const route of orgRoutes) {
      const permission = (route.access as { org: string }).org;
      // refused first, and they change nothing: prepare every example, then compare before and after
      const example = EXAMPLES[`${route.method} ${route.url}`];
      const refused: Array<{ who: string; client: Client; expected: number; call: Call }> = [];
      for (const role of ROLES.filter((r) => !ALLOWED[permission].includes(r))) refused.push({ who: role, client: as[role]!, expected: 403, call: await example(fx) });
      for (const [scope, client] of Object.entries(tokens)) {
        if (!TOKEN_ALLOWED[scope].includes(permission)) refused.push({ who: `token ${scope}`, client, expected: 403, call: await example(fx) });
      }
      refused.push({ who: "another organization's admin", client: outsider, expected: 404, call: await example(fx) });
      refused.push({ who: "another organization's token", client: outsiderToken, expected: 404, call: await example(fx) });
      refused.push({ who: "anonymous", client: anonymous, expected: 401, call: await example(fx) });
      const before = await state();
      for (const r of refused) {
        const a = await send(r.client, route, path(route, "acme", r.call), r.call);
        check(r.who, route, a.status, (s) => s === r.expected, String(r.expected));
        expect(a.headers.get("content-type"), `${route.method} ${route.url} as ${r.who}`).toMatch(/problem\+json/);
      }
      expect(await state(), `${route.method} ${route.url}: refused calls changed something`).toEqual(before);

      // allowed: works (2xx)
      for (const role of ALLOWED[permission]) {
        const call = await EXAMPLES[`${route.method} ${route.url}`](fx);
        const a = await send(as[role]!, route, path(route, "acme", call), call);
        check(role, route, a.status, (s) => s >= 200 && s < 300, `2xx (${a.text.slice(0, 200)})`);
      }
      for (const [scope, client] of Object.entries(tokens)) {
        if (!TOKEN_ALLOWED[scope].includes(permission)) continue;
        const call = await EXAMPLES[`${route.method} ${route.url}`](fx);
        const a = await send(client, route, path(route, "acme", call), call);
        check(`token ${scope}`, route, a.status, (s) => s >= 200 && s < 300, `2xx (${a.text.slice(0, 200)})`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000); // every route × every caller: grows with the routes, and a busy machine slows it

  it("refused calls change nothing", async () => {
    const before = await state();
    const viewer = as.viewer!;
    expect((await viewer.post("/api/v1/orgs/acme/model/import", { files: [{ path: "m.yaml", text: "continuum: 1\ncomponents: []\n" }] })).status).toBe(403);
    expect((await viewer.del("/api/v1/orgs/acme/components/kakao-login")).status).toBe(403);
    expect((await as.auditor!.post("/api/v1/orgs/acme/revisions/1/restore", {})).status).toBe(403);
    expect((await as.editor!.post("/api/v1/orgs/acme/invitations", { email: "x@y.example", role: "admin" })).status).toBe(403);
    expect((await outsider.post("/api/v1/orgs/acme/scenarios", { scenario: scenario("intruder") })).status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it("never shows one organization's resources through another's address", async () => {
    const otherToken = (await outsider.get("/api/v1/orgs/other/tokens")).body.items[0];
    expect((await admin.del(`/api/v1/orgs/acme/tokens/${otherToken.id}`)).status).toBe(404);
    const boss = (await outsider.get("/api/v1/orgs/other/members")).body.items.find((m: { user: { email: string } }) => m.user.email === "boss@other.example");
    expect((await as.admin!.patch(`/api/v1/orgs/acme/members/${boss.user.id}`, { role: "viewer" })).status).toBe(404);
    expect((await as.admin!.post(`/api/v1/orgs/acme/members/${boss.user.id}/password`, { newPassword: "taken over password" })).status).toBe(404);
    expect((await as.admin!.del(`/api/v1/orgs/acme/members/${boss.user.id}`)).status).toBe(404);
    await outsider.post("/api/v1/orgs/other/scenarios", { scenario: scenario("other-only") });
    expect((await admin.get("/api/v1/orgs/acme/scenarios/other-only")).status).toBe(404);
    expect((await outsider.get("/api/v1/orgs/acme/components/kakao-login")).status).toBe(404);
    expect((await outsider.get("/api/v1/orgs/acme")).body.type).toContain("not-found");
    // the organization list shows only one's own
    expect((await outsider.get("/api/v1/orgs")).body.items.map((o: { slug: string }) => o.slug)).toEqual(["other"]);
    expect((await tokens["model:read"].get("/api/v1/orgs")).body.items.map((o: { slug: string }) => o.slug)).toEqual(["acme"]);
    // an acme admin cannot reset the password of someone who also belongs to another organization
    await memberClient(server, outsider, "other", "viewer@acme.example", "viewer");
    const viewerId = (await admin.get("/api/v1/orgs/acme/members?q=viewer@acme")).body.items[0].user.id;
    expect((await as.admin!.post(`/api/v1/orgs/acme/members/${viewerId}/password`, { newPassword: "taken over password" })).status).toBe(403);
  });

  it("guards the routes of signed-in people and site administrators", async () => {
    for (const role of ROLES) {
      expect((await as[role]!.get("/api/v1/me")).status).toBe(200);
      expect((await as[role]!.post("/api/v1/orgs", { slug: unique("org"), name: "X" })).status).toBe(403);
    }
    expect((await tokens["model:write"].get("/api/v1/me")).status).toBe(403);
    expect((await tokens["model:write"].post("/api/v1/me/password", { currentPassword: "x", newPassword: "y" })).status).toBe(403);
    expect((await anonymous.get("/api/v1/orgs")).status).toBe(401);
    expect((await anonymous.post("/api/v1/auth/logout")).status).toBe(401);
    expect((await admin.post("/api/v1/orgs", { slug: "acme", name: "dup" })).status).toBe(409);
    const userRoutes = server.routes.filter((r) => typeof r.access === "object" && "user" in r.access);
    for (const r of userRoutes) expect((await anonymous.request(r.method, r.url, r.method === "GET" ? undefined : {})).status, `${r.method} ${r.url}`).toBe(401);
  });

  it("keeps at least one admin in an organization", async () => {
    const members = (await outsider.get("/api/v1/orgs/other/members")).body.items;
    const boss = members.find((m: { user: { email: string } }) => m.user.email === "boss@other.example");
    const site = members.find((m: { user: { email: string } }) => m.user.email === "admin@example.com");
    expect((await outsider.del(`/api/v1/orgs/other/members/${site.user.id}`)).status).toBe(204);
    const demote = await outsider.patch(`/api/v1/orgs/other/members/${boss.user.id}`, { role: "viewer" });
    expect(demote.status).toBe(409);
    expect(demote.body.errors[0].field).toBe("role");
    expect((await outsider.del(`/api/v1/orgs/other/members/${boss.user.id}`)).status).toBe(409);
  });
});
