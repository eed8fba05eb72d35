/**
 * Schema migrations: numbered SQL files (`001_initial.sql`, …) in packages/server/migrations, each
 * applied once, in order, in its own transaction, and recorded in `schema_migrations`.
 * The same files run on PGlite and PostgreSQL. Concurrent servers on one PostgreSQL database
 * serialize on an advisory lock, so a migration never runs twice.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "./database.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d+_[\w-]+\.sql$/.test(f));
  const migrations = files.map((f) => ({ version: Number(f.split("_")[0]), name: f, sql: readFileSync(`${dir}/${f}`, "utf8") }));
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) throw new Error(`two migrations numbered ${migrations[i].version}: ${migrations[i - 1].name} and ${migrations[i].name}`);
  }
  return migrations;
}

const LOCK_KEY = 7_220_301; // any constant: the advisory lock that serializes migrations

/** Applies the migrations not yet applied; returns the names applied now. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
      const rows = await tx.query("select 1 from schema_migrations where version = $1", [m.version]);
      if (rows.length) return false;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
