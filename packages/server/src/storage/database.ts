/**
 * One small interface over the two databases Continuum runs on: PGlite (embedded PostgreSQL in
 * this process, in a data directory) and a PostgreSQL server (DATABASE_URL). The SQL is the same.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** several statements, no parameters (migrations) */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** where the data is, for log lines (never contains a password) */
  readonly description: string;
}

export async function openPGlite(dataDir: string): Promise<Database> {
  const db = new PGlite(dataDir);
  await db.waitReady;
  const wrap = (q: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(db);
  return {
    kind: "pglite",
    description: `PGlite in ${dataDir}`,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx as unknown as Pick<PGlite, "query" | "exec">))),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // fail now, with the server's message, rather than at the first request
  const client = await pool.connect();
  client.release();
  pool.on("error", () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await c.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    kind: "postgres",
    description: `PostgreSQL at ${redactUrl(url)}`,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query("begin");
        const result = await fn(wrap(c));
        await c.query("commit");
        return result;
      } catch (e) {
        await c.query("rollback").catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}
