/** The job queue on both databases: each job runs once, keys collapse, a re-enqueue while running runs again, failures retry. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, postgresUnavailable, tempDataDir } from "../../test/helpers.js";
import { openPGlite, openPostgres, type Database } from "../storage/database.js";
import { migrate } from "../storage/migrations.js";
import { JobQueue } from "./job-queue.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function pglite(): Promise<Database> {
  const dir = await tempDataDir(); // a copy of a migrated template: initdb is slow
  const db = await openPGlite(join(dir, "pglite"));
  cleanups.push(async () => (await db.close(), rmSync(dir, { recursive: true, force: true })));
  return db;
}

const pgReason = await postgresUnavailable();

describe.each([["pglite"], ["postgres"]] as const)("job queue on %s", (kind) => {
  const skip = kind === "postgres" && pgReason !== null;
  it.skipIf(skip)(`runs each job once, even with two workers${skip ? ` (skipped: ${pgReason})` : ""}`, async () => {
    let db: Database;
    let db2: Database;
    if (kind === "postgres") {
      const fresh = await freshPostgresDatabase();
      db = await openPostgres(fresh.url);
      await migrate(db);
      db2 = await openPostgres(fresh.url);
      cleanups.push(async () => (await db.close(), await db2.close(), await fresh.drop()));
    } else {
      db = await pglite();
      db2 = db;
    }
    const ran: number[] = [];
    const handler = async (p: Record<string, unknown>) => {
      await new Promise((r) => setTimeout(r, 2));
      ran.push(Number(p.n));
    };
    for (let n = 0; n < 40; n++) await JobQueue.enqueue(db, { kind: "work", payload: { n } });
    const a = new JobQueue(db, { work: handler });
    const b = new JobQueue(db2, { work: handler });
    await Promise.all([a.drain(), b.drain()]);
    expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));

    // one pending job per key
    for (let i = 0; i < 5; i++) await JobQueue.enqueue(db, { kind: "work", key: "k", payload: { n: 100 } });
    ran.length = 0;
    await a.drain();
    expect(ran).toEqual([100]);

    // enqueued again while it runs: it runs once more
    let first = true;
    const again = new JobQueue(db, {
      work: async (p) => {
        ran.push(Number(p.n));
        if (first) {
          first = false;
          await JobQueue.enqueue(db, { kind: "work", key: "k2", payload: { n: 2 } });
        }
      },
    });
    ran.length = 0;
    await JobQueue.enqueue(db, { kind: "work", key: "k2", payload: { n: 1 } });
    await again.drain();
    expect(ran).toEqual([1, 2]);

    // a failing job is kept, with its error, for a later retry
    const failing = new JobQueue(db, { work: async () => Promise.reject(new Error("disk on fire")) });
    await JobQueue.enqueue(db, { kind: "work", key: "bad" });
    await failing.drain();
    const rows = await db.query<{ last_error: string; attempts: number }>("select last_error, attempts from jobs where key = 'bad'");
    expect(rows[0]).toMatchObject({ last_error: "disk on fire", attempts: 1 });
  }, 60_000);
});
