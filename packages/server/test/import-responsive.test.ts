/**
 * One import must not stop everyone: while one organization imports a 30,000-component model,
 * /health keeps answering throughout (the import is parsed and validated in a worker thread and
 * written in bounded statements that let other requests in between). Measured as progress — how
 * many answers arrived while the import ran, and the longest stretch without one compared with
 * the import's own time — not as a tight timing (speed is measured in bench/import.bench.mjs).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, ROOT, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const COMPONENTS = 30_000;

describe("a large import", () => {
  let server: TestServer;
  let admin: Client;
  let text = "";

  beforeAll(async () => {
    // the import runs in the compiled worker thread
    const build = spawnSync("npx", ["tsc", "-b", "packages/server"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    const { generateLayered } = (await import(pathToFileURL(join(ROOT, "bench/generate-layered.mjs")).href)) as { generateLayered: (path: string, p: object) => unknown };
    const dir = mkdtempSync(join(tmpdir(), "continuum-gen-"));
    generateLayered(join(dir, "model.json"), { components: COMPONENTS, sites: 20, seed: 3 });
    text = readFileSync(join(dir, "model.json"), "utf8");
    rmSync(dir, { recursive: true, force: true });
    server = await startTestServer("pglite", { maxImportMb: 256 });
    admin = await setupAdmin(server);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it(`leaves the server answering others while ${COMPONENTS.toLocaleString("en")} components are imported`, async () => {
    let done = false;
    const answers: number[] = [];
    const anon = new Client(server.url);
    const poll = (async () => {
      while (!done) {
        const h = await anon.get("/api/v1/health");
        expect(h.status).toBe(200);
        if (!done) answers.push(performance.now());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    const imported = await admin.post("/api/v1/orgs/acme/model/import", { files: [{ path: "model.json", text }] });
    const finished = performance.now();
    done = true;
    await poll;
    expect(imported.status, imported.text.slice(0, 300)).toBe(201);

    const took = finished - started;
    const marks = [started, ...answers.filter((t) => t <= finished), finished];
    const longestSilence = Math.max(...marks.slice(1).map((t, i) => t - marks[i]));
    // health answered many times, all along: never silent for a fifth of the import
    expect(answers.length).toBeGreaterThanOrEqual(20);
    expect(longestSilence).toBeLessThan(took / 5);

    const list = await admin.get("/api/v1/orgs/acme/components?limit=1");
    expect(list.body.total).toBe(COMPONENTS);
  }, 300_000);
});
