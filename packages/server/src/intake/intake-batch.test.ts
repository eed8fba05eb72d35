/**
 * Group commit on a real PGlite: requests handed in together are stored in one transaction and
 * each answered with its own counts; a write that fails (here: an organization that does not
 * exist) fails alone, and the others of its batch are still stored.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPGlite, type Database } from "../storage/database.js";
import { migrate } from "../storage/migrations.js";
import { IntakeBatch } from "./intake-batch.js";
import { IntakeRepository, type StoredAlert } from "./intake-repository.js";

const alert = (key: string): StoredAlert => ({
  dedupKey: key,
  status: "firing",
  summary: key,
  labels: { component: "db" },
  defaultLabel: "component",
  startedAt: new Date(),
  endedAt: null,
  raw: "{}",
  components: ["db"],
  rule: null,
});

describe("intake group commit", () => {
  let dir: string;
  let db: Database;
  let org: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "continuum-batch-"));
    db = await openPGlite(join(dir, "pglite"));
    await migrate(db);
    org = (await db.query<{ id: number }>("insert into organizations (slug, name) values ('acme', 'Acme') returning id"))[0].id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores many requests in few transactions, each with its own counts, and one failure fails alone", async () => {
    const batch = new IntakeBatch(db, new IntakeRepository(), () => new Date(Date.now() + 300));
    const writes = Array.from({ length: 40 }, (_, i) => batch.store({ organizationId: org, source: "alertmanager", alerts: [alert(`a${i}`), alert(`b${i}`)], exercise: false }));
    const again = batch.store({ organizationId: org, source: "alertmanager", alerts: [alert("a0")], exercise: false });
    const bad = batch.store({ organizationId: 999_999, source: "alertmanager", alerts: [alert("x")], exercise: false });
    const answers = await Promise.allSettled([...writes, again, bad]);
    expect(answers.slice(0, 40).every((a) => a.status === "fulfilled" && a.value.opened === 2)).toBe(true);
    expect(answers[40]).toEqual({ status: "fulfilled", value: { opened: 0, updated: 1, closed: 0 } });
    expect(answers[41].status).toBe("rejected");
    await batch.idle();
    const stored = await db.query<{ n: number }>("select count(*)::int as n from signals where organization_id = $1", [org]);
    expect(stored[0].n).toBe(80);
    // one re-projection job for the organization, whatever the number of requests
    expect(await db.query("select key from jobs")).toEqual([{ key: `reproject:${org}` }]);
  }, 60_000);
});
