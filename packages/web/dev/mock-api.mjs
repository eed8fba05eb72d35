#!/usr/bin/env node
/**
 * A throwaway, in-memory stand-in for the Continuum API (docs/api.md), for developing the web app
 * without the real server: `node packages/web/dev/mock-api.mjs [--port 8080] [--model FILE]`.
 * It serves packages/web/dist with an SPA fallback too. Not a product: no persistence, plain
 * passwords in memory. The end-to-end tests run against the real server (scripts/e2e.mjs);
 * `--mock` there uses this.
 */
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const engine = await import(pathToFileURL(join(root, "packages/engine/dist/index.js")).href);
const YAML = await import("yaml");

const ROLES_EDIT = new Set(["admin", "editor"]);

export async function startMockServer({ port = 0, webDir = join(here, "../dist"), log = () => {} } = {}) {
  const users = []; // {id,email,name,password,isAdmin}
  const orgs = []; // {id,slug,name, members: Map<userId, role>, revisions: [{number,author,createdAt,comment,model}], scenarios: [], reviews: []}
  const sessions = new Map(); // sid -> {userId, csrf}
  let nextId = 1;

  const problem = (res, status, title, detail, errors) => send(res, status, { type: `https://continuum.dev/problems/${title.toLowerCase().replace(/\s+/g, "-")}`, title, status, detail, errors }, "application/problem+json");
  const send = (res, status, body, type = "application/json") => {
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": `${type}; charset=utf-8` }).end(text);
  };
  const cookieOf = (req) => Object.fromEntries((req.headers.cookie ?? "").split(/;\s*/).filter(Boolean).map((c) => c.split("=").map(decodeURIComponent)));
  const newSession = (res, user) => {
    const sid = randomBytes(18).toString("hex");
    const csrf = randomBytes(18).toString("hex");
    sessions.set(sid, { userId: user.id, csrf });
    res.setHeader("set-cookie", `continuum_session=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    return csrf;
  };
  const publicUser = (u) => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin });
  const current = (org) => org.revisions[org.revisions.length - 1];
  const model = (org) => current(org)?.model ?? { continuum: 1, components: [] };
  const commit = (org, user, comment, m) => {
    const rev = { number: org.revisions.length + 1, author: user.name, createdAt: new Date().toISOString(), comment, model: structuredClone(m) };
    org.revisions.push(rev);
    return rev;
  };
  const check = (m) => {
    const { loaded, diagnostics } = engine.loadModel([{ path: "model.json", text: JSON.stringify(m) }]);
    return { loaded, diagnostics };
  };
  const diagnosticErrors = (diags) => diags.filter((d) => d.severity === "error").map((d) => ({ field: d.field, file: d.file, line: d.line, message: d.message, hint: d.hint, code: d.code, component: d.component }));

  async function body(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? JSON.parse(text) : {};
  }

  function mergeFiles(files) {
    const out = { continuum: 1, components: [], plans: [] };
    for (const f of files) {
      for (const doc of YAML.parseAllDocuments(f.text)) {
        const d = doc.toJSON();
        if (!d || typeof d !== "object" || ("scenario" in d && !("components" in d))) continue;
        for (const [k, v] of Object.entries(d)) {
          if (Array.isArray(v)) out[k] = [...(out[k] ?? []), ...v];
          else out[k] = v;
        }
      }
    }
    if (!out.plans.length) delete out.plans;
    return out;
  }

  function diff(a, b) {
    const ma = new Map(a.components.map((c) => [c.id, c]));
    const mb = new Map(b.components.map((c) => [c.id, c]));
    const added = [...mb.keys()].filter((k) => !ma.has(k));
    const removed = [...ma.keys()].filter((k) => !mb.has(k));
    const changed = [];
    for (const [id, cb] of mb) {
      const ca = ma.get(id);
      if (!ca) continue;
      const fields = [];
      for (const f of new Set([...Object.keys(ca), ...Object.keys(cb)])) if (JSON.stringify(ca[f]) !== JSON.stringify(cb[f])) fields.push({ field: f, before: ca[f], after: cb[f] });
      if (fields.length) changed.push({ id, fields });
    }
    return { added, removed, changed };
  }

  async function api(req, res, url) {
    const method = req.method;
    const path = url.pathname.replace(/\/+$/, "");
    const sid = cookieOf(req).continuum_session;
    const session = sid ? sessions.get(sid) : undefined;
    const user = session ? users.find((u) => u.id === session.userId) : undefined;
    if (["POST", "PUT", "PATCH", "DELETE"].includes(method) && session && req.headers["x-csrf-token"] !== session.csrf) return problem(res, 403, "CSRF", "missing or wrong x-csrf-token");

    if (path === "/api/v1/setup") {
      if (method === "GET") return send(res, 200, { needed: users.length === 0 });
      if (users.length) return problem(res, 409, "Conflict", "setup is done");
      const b = await body(req);
      const errors = [];
      if (!b.email || !/^\S+@\S+$/.test(b.email)) errors.push({ field: "email", message: "must be an email address" });
      if (!b.password || b.password.length < 10) errors.push({ field: "password", message: "must be at least 10 characters" });
      if (!b.name) errors.push({ field: "name", message: "required" });
      if (!b.organization) errors.push({ field: "organization", message: "required" });
      if (errors.length) return problem(res, 422, "Invalid", "invalid setup", errors);
      const u = { id: nextId++, email: b.email, name: b.name, password: b.password, isAdmin: true };
      users.push(u);
      const slug = b.organization.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "org";
      const org = { id: nextId++, slug, name: b.organization, members: new Map([[u.id, "admin"]]), revisions: [], scenarios: [], reviews: [] };
      orgs.push(org);
      const csrfToken = newSession(res, u);
      return send(res, 201, { user: publicUser(u), organization: { id: org.id, slug, name: org.name }, csrfToken });
    }
    if (path === "/api/v1/auth/login" && method === "POST") {
      const b = await body(req);
      const u = users.find((x) => x.email === b.email && x.password === b.password);
      if (!u) return problem(res, 401, "Unauthorized", "wrong email or password");
      return send(res, 200, { user: publicUser(u), csrfToken: newSession(res, u) });
    }
    if (!user) return problem(res, 401, "Unauthorized", "sign in first");
    if (path === "/api/v1/auth/logout" && method === "POST") {
      sessions.delete(sid);
      res.setHeader("set-cookie", "continuum_session=; Path=/; Max-Age=0");
      return send(res, 204);
    }
    if (path === "/api/v1/me") {
      const memberships = orgs.filter((o) => o.members.has(user.id)).map((o) => ({ organization: { id: o.id, slug: o.slug, name: o.name }, role: o.members.get(user.id) }));
      return send(res, 200, { user: publicUser(user), memberships, csrfToken: session.csrf });
    }
    if (path === "/api/v1/me/password" && method === "POST") {
      const b = await body(req);
      if (b.currentPassword !== user.password) return problem(res, 422, "Invalid", "wrong password", [{ field: "currentPassword", message: "is not your current password" }]);
      user.password = b.newPassword;
      return send(res, 204);
    }
    if (path === "/api/v1/orgs" && method === "POST") {
      if (!user.isAdmin) return problem(res, 403, "Forbidden", "site administrators only");
      const b = await body(req);
      const org = { id: nextId++, slug: b.slug, name: b.name, members: new Map([[user.id, "admin"]]), revisions: [], scenarios: [], reviews: [] };
      orgs.push(org);
      return send(res, 201, { id: org.id, slug: org.slug, name: org.name });
    }
    const m = /^\/api\/v1\/orgs\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return problem(res, 404, "Not Found", path);
    const org = orgs.find((o) => o.slug === decodeURIComponent(m[1]));
    const role = org?.members.get(user.id);
    if (!org || !role) return problem(res, 404, "Not Found", "no such organization");
    const rest = m[2] ?? "";
    const editor = ROLES_EDIT.has(role);
    const unsafe = method !== "GET";
    const deny = () => problem(res, 403, "Forbidden", `role ${role} cannot do this`);
    let p;
    if (rest === "/members") {
      if (method === "GET") return send(res, 200, { items: [...org.members].map(([id, r]) => ({ user: publicUser(users.find((u) => u.id === id)), role: r })) });
      if (role !== "admin") return deny();
      const b = await body(req);
      let u = users.find((x) => x.email === b.email);
      if (!u) users.push((u = { id: nextId++, email: b.email, name: b.name, password: b.password, isAdmin: false }));
      org.members.set(u.id, b.role);
      return send(res, 201, { user: publicUser(u), role: b.role });
    }
    if ((p = /^\/members\/(\d+)$/.exec(rest))) {
      if (role !== "admin") return deny();
      if (method === "DELETE") org.members.delete(Number(p[1]));
      else org.members.set(Number(p[1]), (await body(req)).role);
      return send(res, 204);
    }
    if (rest === "/model" && method === "GET") return send(res, 200, { revision: current(org)?.number ?? 0, model: model(org) });
    if (rest === "/model/export") {
      const fmt = url.searchParams.get("format") ?? "yaml";
      return fmt === "json" ? send(res, 200, JSON.stringify(model(org), null, 2)) : send(res, 200, YAML.stringify(model(org)), "application/yaml");
    }
    if (rest === "/model/import" && method === "POST") {
      if (!editor) return deny();
      const b = await body(req);
      const { loaded, diagnostics } = engine.loadModel(b.files);
      if (!loaded) return problem(res, 422, "Invalid model", `${diagnostics.filter((d) => d.severity === "error").length} errors; nothing was changed`, diagnosticErrors(diagnostics));
      const rev = commit(org, user, b.comment ?? "import", mergeFiles(b.files));
      if (b.files.length > 1) {
        // a folder may keep scenarios beside the model: they become the organization's scenarios
        const docs = b.files.flatMap((f) => YAML.parseAllDocuments(f.text).map((d) => d.toJSON())).filter((d) => d && typeof d === "object" && "scenario" in d && !("components" in d));
        org.scenarios = docs.map((d) => ({ id: d.scenario, scenario: d, createdAt: rev.createdAt, author: user.name }));
      }
      return send(res, 201, { revision: rev.number, warnings: diagnostics });
    }
    if (rest === "/components" && method === "GET") {
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const f = (k) => url.searchParams.get(k) ?? "";
      let items = model(org).components.filter((c) => (!q || [c.id, c.name, c.description].some((x) => (x ?? "").toLowerCase().includes(q))) && (!f("kind") || c.kind === f("kind")) && (!f("site") || c.site === f("site") || c.id === f("site")) && (!f("tier") || String(c.tier) === f("tier")) && (!f("owner") || c.owner === f("owner")));
      const total = items.length;
      const limit = Number(f("limit") || 50);
      const start = Number(f("cursor") || 0);
      items = items.slice(start, start + limit);
      return send(res, 200, { items, total, nextCursor: start + limit < total ? String(start + limit) : null });
    }
    if (rest === "/components" && method === "POST") {
      if (!editor) return deny();
      const b = await body(req);
      const next = structuredClone(model(org));
      if (next.components.some((c) => c.id === b.component.id)) return problem(res, 409, "Conflict", "id exists", [{ field: "component.id", message: "a component with this id exists" }]);
      next.components.push(b.component);
      const { loaded, diagnostics } = check(next);
      if (!loaded) return problem(res, 422, "Invalid component", "not saved", diagnosticErrors(diagnostics));
      const rev = commit(org, user, b.comment, next);
      return send(res, 201, { revision: rev.number, warnings: diagnostics });
    }
    if ((p = /^\/components\/([^/]+)(\/history)?$/.exec(rest))) {
      const id = decodeURIComponent(p[1]);
      const comp = model(org).components.find((c) => c.id === id);
      if (p[2]) {
        const items = [];
        for (let k = 0; k < org.revisions.length; k++) {
          const a = k ? org.revisions[k - 1].model.components.find((c) => c.id === id) : undefined;
          const b = org.revisions[k].model.components.find((c) => c.id === id);
          if (JSON.stringify(a) !== JSON.stringify(b)) items.push({ number: org.revisions[k].number, author: org.revisions[k].author, createdAt: org.revisions[k].createdAt, comment: org.revisions[k].comment });
        }
        return send(res, 200, { items: items.reverse() });
      }
      if (!comp) return problem(res, 404, "Not Found", `no component ${id}`);
      if (method === "GET") {
        const dependents = model(org).components.filter((c) => c.site === id || (c.dependsOn ?? []).some((d) => d === id || d?.members?.includes(id))).map((c) => c.id);
        return send(res, 200, { component: comp, dependents, revision: current(org).number });
      }
      if (!editor) return deny();
      const next = structuredClone(model(org));
      let comment = url.searchParams.get("comment") ?? "delete";
      if (method === "DELETE") next.components = next.components.filter((c) => c.id !== id);
      else {
        const b = await body(req);
        comment = b.comment;
        next.components = next.components.map((c) => (c.id === id ? b.component : c));
      }
      const { loaded, diagnostics } = check(next);
      if (!loaded) return problem(res, 422, "Invalid component", "not saved", diagnosticErrors(diagnostics));
      const rev = commit(org, user, comment, next);
      return method === "DELETE" ? send(res, 204) : send(res, 200, { revision: rev.number, warnings: diagnostics });
    }
    if (rest === "/revisions") return send(res, 200, { items: org.revisions.map(({ model: _m, ...r }) => r).reverse() });
    if ((p = /^\/revisions\/(\d+)\/diff\/(\d+)$/.exec(rest))) return send(res, 200, diff(org.revisions[Number(p[1]) - 1].model, org.revisions[Number(p[2]) - 1].model));
    if ((p = /^\/revisions\/(\d+)\/restore$/.exec(rest))) {
      if (!editor) return deny();
      const b = await body(req);
      const rev = commit(org, user, b.comment, org.revisions[Number(p[1]) - 1].model);
      return send(res, 201, { revision: rev.number });
    }
    if ((p = /^\/revisions\/(\d+)$/.exec(rest))) {
      const r = org.revisions[Number(p[1]) - 1];
      return r ? send(res, 200, { revision: r.number, model: r.model }) : problem(res, 404, "Not Found", "no such revision");
    }
    if (rest === "/scenarios") {
      if (method === "GET") return send(res, 200, { items: org.scenarios });
      if (!editor && role !== "responder") return deny();
      const b = await body(req);
      const s = { id: nextId++, scenario: b.scenario, comment: b.comment, createdAt: new Date().toISOString(), author: user.name };
      org.scenarios.push(s);
      return send(res, 201, s);
    }
    if (rest === "/reviews") {
      if (method === "GET") return send(res, 200, { items: org.reviews });
      if (!editor) return deny();
      const b = await body(req);
      const r = { id: nextId++, revision: current(org)?.number ?? 0, author: user.name, createdAt: new Date().toISOString(), comment: b.comment };
      org.reviews.push(r);
      return send(res, 201, r);
    }
    if (rest === "/simulate" && method === "POST") {
      const b = await body(req);
      const { loaded } = check(model(org));
      const { scenario, diagnostics } = engine.readScenario({ path: "s.json", text: JSON.stringify(b.scenario) }, loaded.model);
      if (!scenario) return problem(res, 422, "Invalid scenario", "", diagnosticErrors(diagnostics));
      return send(res, 200, engine.simulate(loaded, scenario));
    }
    if (unsafe && !editor) return deny();
    return problem(res, 404, "Not Found", rest);
  }

  const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".map": "application/json", ".png": "image/png" };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (url.pathname.startsWith("/api/")) return await api(req, res, url);
      let file = join(webDir, decodeURIComponent(url.pathname));
      if (!file.startsWith(webDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(webDir, "index.html");
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    } catch (e) {
      log(String(e?.stack ?? e));
      problem(res, 500, "Server error", String(e?.message ?? e));
    }
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  const address = server.address();
  return { url: `http://127.0.0.1:${address.port}`, port: address.port, close: () => new Promise((r) => server.close(() => r())) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[process.argv.indexOf("--port") + 1] || 8080) || 8080;
  const s = await startMockServer({ port, log: console.error });
  console.log(`mock API and web app on ${s.url}`);
}
