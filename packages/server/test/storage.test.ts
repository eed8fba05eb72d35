/**
 * The data directory and what is stored in it: one process per PGlite directory (a second one
 * refuses with a message naming the first; a stale lock is taken over), the migrations table, and
 * secrets kept only as hashes.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirectoryLockedError, startServer } from "../src/index.js";
import { openPGlite } from "../src/storage/database.js";
import { readMigrations } from "../src/storage/migrations.js";
import { Client, exampleFiles, ROOT, setupAdmin, startTestServer, tempDataDir, type TestServer } from "./helpers.js";

const MAIN = join(ROOT, "packages/server/dist/main.js");

function runSecond(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, "--port", "0", "--host", "127.0.0.1", "--data", dataDir, "--no-demo", "--log-level", "warn"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stdout += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe("the data directory lock", () => {
  beforeAll(() => {
    // the second process runs the built server
    const build = spawnSync("npx", ["tsc", "-b", "packages/server"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  }, 180_000);

  it("refuses a second process on the same directory, naming the first", async () => {
    const server = await startTestServer("pglite");
    try {
      const dataDir = server.dataDir!;
      const lock = JSON.parse(readFileSync(join(dataDir, "continuum.lock"), "utf8"));
      expect(lock).toMatchObject({ pid: process.pid });
      const second = await runSecond(dataDir);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by another Continuum server (pid ${process.pid}`);
      expect(second.stderr).toContain(lock.startedAt);
      expect(second.stderr).toContain("CONTINUUM_DATA");
      // in one process too
      await expect(startServer({ port: 0, dataDir, demo: false, webDir: null })).rejects.toBeInstanceOf(DataDirectoryLockedError);
      // and the first one still works
      expect((await new Client(server.url).get("/api/v1/setup")).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("takes over a lock left by a process that no longer runs, and removes its own on close", async () => {
    const dataDir = await tempDataDir();
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout.trim());
    writeFileSync(join(dataDir, "continuum.lock"), JSON.stringify({ pid: deadPid, hostname: (await import("node:os")).hostname(), startedAt: "2020-01-01T00:00:00.000Z" }));
    const server = await startTestServer("pglite", { dataDir });
    const lock = JSON.parse(readFileSync(join(dataDir, "continuum.lock"), "utf8"));
    expect(lock.pid).toBe(process.pid);
    await server.close();
    expect(existsSync(join(dataDir, "continuum.lock"))).toBe(false);
    await server.stop();
  });
});

describe("what is stored", () => {
  let server: TestServer;
  let dataDir: string;
  let tokenSecret: string;
  let cookie: string;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    server = await startTestServer("pglite", { dataDir });
    const admin = await setupAdmin(server);
    cookie = admin.cookie!.split("=")[1];
    await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() });
    tokenSecret = (await admin.post("/api/v1/orgs/acme/tokens", { name: "ci", scopes: ["model:read"] })).body.token;
    await server.close(); // keep the directory to read it
  });
  afterAll(async () => {
    await server.stop();
  });

  it("keeps passwords, sessions and tokens only as hashes, and records the migrations", async () => {
    const db = await openPGlite(join(dataDir, "pglite"));
    try {
      const users = await db.query<{ password_hash: string }>("select password_hash from users");
      expect(users[0].password_hash).toMatch(/^\$argon2id\$/);
      const sessions = await db.query<{ id_hash: string }>("select id_hash from sessions");
      expect(sessions.length).toBeGreaterThan(0);
      for (const s of sessions) expect(s.id_hash).not.toContain(cookie);
      const tokens = await db.query<{ token_hash: string; prefix: string }>("select token_hash, prefix from api_tokens");
      expect(tokens[0].token_hash).not.toBe(tokenSecret);
      expect(tokens[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(tokenSecret.startsWith(tokens[0].prefix)).toBe(true);
      const migrations = await db.query<{ version: number; name: string }>("select version, name from schema_migrations order by version");
      expect(migrations.map((m) => m.version)).toEqual(readMigrations().map((m) => m.version));
      // the model is stored relationally too: components, their dependencies and impact curves
      const counts = await db.query<{ components: number; dependencies: number; impacts: number; plans: number; scenarios: number }>(
        `select (select count(*)::int from components) as components, (select count(*)::int from dependencies) as dependencies,
                (select count(*)::int from impacts) as impacts, (select count(*)::int from plans) as plans, (select count(*)::int from scenarios) as scenarios`,
      );
      expect(counts[0]).toMatchObject({ components: 53, plans: 2, scenarios: 1 });
      expect(counts[0].dependencies).toBeGreaterThan(48);
      expect(counts[0].impacts).toBeGreaterThan(0);
      const talk = await db.query<{ rto_minutes: number; tier: number }>("select rto_minutes, tier from components where id = 'kakaotalk-text' and rev_to is null");
      expect(talk[0].tier).toBe(1);
      expect(talk[0].rto_minutes).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
