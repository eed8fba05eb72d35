/**
 * Test helpers: a real server on a free port, over PGlite (a temporary data directory, copied from
 * a migrated template so each file does not pay for initdb) or over the machine's PostgreSQL (a
 * fresh database per server, dropped afterwards); and an HTTP client with a cookie jar and the
 * CSRF header, as a browser would send them.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startServer, type RunningServer, type ServerOptions } from "../src/index.js";
import { openPGlite } from "../src/storage/database.js";
import { MIGRATIONS_DIR, migrate } from "../src/storage/migrations.js";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const EXAMPLE_DIR = join(ROOT, "examples/pangyo-2022");
export const PASSWORD = "correct horse battery staple";

export type Backend = "pglite" | "postgres";

// ---- PostgreSQL -----------------------------------------------------------------------------

export const POSTGRES_ADMIN_URL = process.env.CONTINUUM_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let reachable: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not (the PostgreSQL runs are then skipped, visibly). */
export function postgresUnavailable(): Promise<string | null> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("select 1");
      return null;
    } catch (e) {
      return `${(e as Error).message} (${POSTGRES_ADMIN_URL})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** A new, empty database on the PostgreSQL server; `drop()` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `continuum_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

// ---- PGlite ---------------------------------------------------------------------------------

/** A migrated, empty PGlite data directory, made once per set of migrations and copied per test. */
async function pgliteTemplate(): Promise<string> {
  const hash = createHash("sha256");
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) hash.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  const dir = join(tmpdir(), `continuum-test-template-${hash.digest("hex").slice(0, 12)}`);
  if (existsSync(join(dir, "ready"))) return dir;
  const building = mkdtempSync(join(tmpdir(), "continuum-template-"));
  const db = await openPGlite(join(building, "pglite"));
  await migrate(db);
  await db.close();
  mkdirSync(join(building, "ready"));
  try {
    renameSync(building, dir); // atomic: another test file may have won the race, which is fine
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

export async function tempDataDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), "continuum-data-"));
  cpSync(join(template, "pglite"), join(dir, "pglite"), { recursive: true });
  return dir;
}

// ---- servers --------------------------------------------------------------------------------

export interface TestServer extends RunningServer {
  backend: Backend;
  /** the PGlite data directory (pglite backend) */
  dataDir?: string;
  /** the database (postgres backend): another server may open it too */
  databaseUrl?: string;
  /** stops the server and removes its data */
  stop(): Promise<void>;
}

export async function startTestServer(backend: Backend = "pglite", options: ServerOptions = {}): Promise<TestServer> {
  if (backend === "postgres") {
    const database = await freshPostgresDatabase();
    const server = await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, databaseUrl: database.url, ...options });
    return { ...server, backend, databaseUrl: database.url, stop: async () => (await server.close(), await database.drop()) };
  }
  const dataDir = options.dataDir ?? (await tempDataDir());
  const server = await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, dataDir, ...options });
  return { ...server, backend, dataDir, stop: async () => (await server.close(), rmSync(dataDir, { recursive: true, force: true })) };
}

// ---- an HTTP client ----------------------------------------------------------------------------

export interface Answer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Client {
  cookie?: string;
  csrf?: string;
  token?: string;
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; raw?: string; csrf?: boolean } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.csrf && options.csrf !== false && method !== "GET") headers["x-csrf-token"] = this.csrf;
    let payload: string | undefined = options.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] ??= "application/json";
    } else if (options.raw !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(this.base + path, { method, headers, body: payload });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const value = setCookie.split(";")[0];
      this.cookie = value.endsWith("=") ? undefined : value;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object" && "csrfToken" in parsed && typeof (parsed as { csrfToken: unknown }).csrfToken === "string") {
      this.csrf = (parsed as { csrfToken: string }).csrfToken;
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }
  get<T = any>(path: string, options?: { headers?: Record<string, string> }) {
    return this.request<T>("GET", path, undefined, options);
  }
  post<T = any>(path: string, body?: unknown, options?: { headers?: Record<string, string>; csrf?: boolean }) {
    return this.request<T>("POST", path, body ?? {}, options);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>("PUT", path, body);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>("PATCH", path, body);
  }
  del<T = any>(path: string) {
    return this.request<T>("DELETE", path);
  }
  async login(email: string, password = PASSWORD): Promise<Answer> {
    const a = await this.post("/api/v1/auth/login", { email, password });
    if (a.status !== 200) throw new Error(`login ${email}: ${a.status} ${a.text}`);
    return a;
  }
}

/** The example's files as an import body would carry them. */
export function exampleFiles(withScenario = true): Array<{ path: string; text: string }> {
  const files = [{ path: "model.yaml", text: readFileSync(join(EXAMPLE_DIR, "model.yaml"), "utf8") }];
  if (withScenario) files.push({ path: "pangyo-fire.yaml", text: readFileSync(join(EXAMPLE_DIR, "pangyo-fire.yaml"), "utf8") });
  return files;
}

/** First-run setup: the site administrator, signed in, with organization "acme". */
export async function setupAdmin(server: { url: string }, email = "admin@example.com"): Promise<Client> {
  const admin = new Client(server.url);
  const a = await admin.post("/api/v1/setup", { email, name: "Ada Admin", password: PASSWORD, organization: { name: "Acme", slug: "acme" } });
  if (a.status !== 201) throw new Error(`setup: ${a.status} ${a.text}`);
  return admin;
}

/** Invites an e-mail to an organization (as its admin); the accept token of the answer's link. */
export async function invite(admin: Client, org: string, email: string, role: string): Promise<string> {
  const a = await admin.post(`/api/v1/orgs/${org}/invitations`, { email, role });
  if (a.status !== 201) throw new Error(`invite ${email}: ${a.status} ${a.text}`);
  return decodeURIComponent(new URL(a.body.acceptUrl).pathname.split("/").pop()!);
}

/**
 * A member of an organization with a role, signed in: invited by the admin, accepted by the person
 * (a new account with PASSWORD, or an existing one that signs in with PASSWORD first).
 */
export async function memberClient(server: { url: string }, admin: Client, org: string, email: string, role: string): Promise<Client> {
  const token = await invite(admin, org, email, role);
  const c = new Client(server.url);
  let a = await c.post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, { name: email.split("@")[0], password: PASSWORD });
  if (a.status === 409 && a.body.type?.endsWith("account-exists")) {
    await c.login(email);
    a = await c.post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, {});
  }
  if (a.status !== 200) throw new Error(`accept ${email}: ${a.status} ${a.text}`);
  return c;
}
