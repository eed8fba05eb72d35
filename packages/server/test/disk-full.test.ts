/**
 * A full disk, for real: the data directory lives on a small tmpfs mounted for this test, which is
 * then filled. Writes answer 507 problem+json saying the disk is full, reads keep working, writes
 * work again once space is freed, and a server that cannot start on the full disk says so.
 * Mounting needs root (or CAP_SYS_ADMIN); where it is not allowed the test is skipped, saying why.
 */
import { spawnSync } from "node:child_process";
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, rmSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/index.js";
import { Client, exampleFiles, setupAdmin, tempDataDir } from "./helpers.js";

const PROBLEM = /^application\/problem\+json/;

function tryMount(): { dir?: string; reason?: string } {
  const dir = mkdtempSync(join(tmpdir(), "continuum-full-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=96m", "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmdirSync(dir);
    return { reason: `mount -t tmpfs is not permitted here (${(r.stderr || r.error?.message || "").trim()})` };
  }
  return { dir };
}

/** Fills the file system holding `dir` with one file; returns its path. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1024 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
  }
  // and the last small pieces
  try {
    for (;;) writeSync(fd, block.subarray(0, 4096));
  } catch {
    /* full */
  }
  closeSync(fd);
  return path;
}

const mount = tryMount();
if (mount.reason) console.warn(`\n  The disk-full tests are SKIPPED: ${mount.reason}\n`);

describe.skipIf(!mount.dir)("a full disk (a real, small tmpfs)", () => {
  const root = mount.dir!;
  const dataDir = join(root ?? "", "data");
  let server: RunningServer | undefined;
  let admin: Client;

  beforeAll(async () => {
    const template = await tempDataDir();
    mkdirSync(dataDir, { recursive: true });
    cpSync(join(template, "pglite"), join(dataDir, "pglite"), { recursive: true });
    rmSync(template, { recursive: true, force: true });
    server = await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, dataDir });
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    if (root) {
      spawnSync("umount", [root]);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("answers writes with 507 saying the disk is full, keeps serving reads, and writes again once space is freed", async () => {
    const org = "/api/v1/orgs/acme";
    const before = await admin.get(`${org}/model`);
    const filler = fill(root);
    try {
      // a large write: an import with a long description in every component
      const model = structuredClone(before.body.model);
      for (const c of model.components) c.description = "x".repeat(200_000);
      const write = await admin.post(`${org}/model/import`, { files: [{ path: "model.json", text: JSON.stringify(model) }] });
      expect(write.status, write.text.slice(0, 300)).toBe(507);
      expect(write.headers.get("content-type")).toMatch(PROBLEM);
      expect(write.body.detail).toMatch(/the server's disk is full; reads still work/);

      const edit = await admin.put(`${org}/components/pangyo-ups`, { component: { ...before.body.model.components.find((c: { id: string }) => c.id === "pangyo-ups"), description: "y".repeat(300_000) } });
      expect([507, 200]).toContain(edit.status); // a small edit may still fit in free pages
      if (edit.status === 507) expect(edit.body.type).toMatch(/disk-full$/);

      // reads still work, and show the model as it was
      const read = await admin.get(`${org}/model`);
      expect(read.status).toBe(200);
      expect((await admin.get(`${org}/components?limit=5`)).status).toBe(200);
      expect((await admin.get("/api/v1/health")).status).toBe(200);
      expect(read.body.model.components.length).toBe(before.body.model.components.length);
    } finally {
      unlinkSync(filler);
    }
    // space freed: writes work again
    const ups = (await admin.get(`${org}/components/pangyo-ups`)).body.component;
    const again = await admin.put(`${org}/components/pangyo-ups`, { component: { ...ups, description: "after the disk was freed" } });
    expect(again.status, again.text.slice(0, 300)).toBe(200);
  }, 180_000);

  it("says at startup that the disk is full", async () => {
    await server!.close();
    server = undefined;
    const filler = fill(root);
    try {
      const started = startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, dataDir });
      const error = await started.then(
        (s) => (void s.close(), null),
        (e: Error) => e,
      );
      expect(error).not.toBeNull();
      expect(error!.name).toBe("DiskFullError");
      expect(error!.message).toMatch(/The disk holding the data directory .* is full/);
      expect(error!.message).toContain("CONTINUUM_DATA");
    } finally {
      unlinkSync(filler);
    }
  }, 120_000);
});
