/**
 * SQL for the versioned model: revisions, and the components, plans and scenarios valid in each.
 * A row holds one element from revision `rev_from` up to (not including) `rev_to`.
 */
import type { Queryable } from "../storage/database.js";

export type Collection = "components" | "plans" | "scenarios";
export const COLLECTIONS: readonly Collection[] = ["components", "plans", "scenarios"];

export interface ElementRow {
  rowId: number;
  id: string;
  position: number;
  document: string;
  revFrom: number;
  revTo: number | null;
}

export interface ChangeCounts {
  added: number;
  removed: number;
  changed: number;
}

export interface RevisionSummary {
  components: ChangeCounts;
  plans: ChangeCounts;
  scenarios: ChangeCounts;
  /** organization, currency, other top-level fields */
  settings: boolean;
}

export interface RevisionAuthor {
  userId: string | null;
  name: string;
  email: string | null;
  token: string | null;
}

export interface RevisionInfo {
  number: number;
  kind: string;
  author: RevisionAuthor;
  createdAt: string;
  comment: string;
  summary: RevisionSummary;
  restoredFrom: number | null;
}

export interface RevisionFilters {
  kind?: string;
  /** text in the author's name, e-mail or token name */
  author?: string;
  since?: string;
  until?: string;
}

export interface RevisionRecord extends RevisionInfo {
  header: string;
}

/** Component columns kept beside the document, for SQL queries and reports. */
export interface ComponentColumns {
  name: string | null;
  kind: string | null;
  site: string | null;
  owner: string | null;
  tier: number | null;
  restart_minutes: number | null;
  rto_minutes: number | null;
  rpo_minutes: number | null;
  mtpd_minutes: number | null;
  mbco: string | null;
  standby: boolean;
  dependencies: Array<{ target: string | null; group_name: string | null; members: string | null; need: number | null; mode: string; failover: string | null }>;
  impacts: Array<{ from_minutes: number; per_hour: number | null; once: number | null; category: string | null }>;
}

export interface NewElement {
  id: string;
  position: number;
  document: string;
  columns?: ComponentColumns | { name: string | null; kind: string | null; owner: string | null } | { horizon_minutes: number | null } | (() => ComponentColumns);
}

/** Component columns are worked out when their batch is written (not all at once for a large import). */
const columnsOf = (e: NewElement): ComponentColumns => (typeof e.columns === "function" ? e.columns() : (e.columns as ComponentColumns));

/**
 * Components per batch of insert statements: adapted so that a batch takes about BATCH_MS (on
 * PGlite, which runs in the server's thread, a statement keeps every other request waiting), within
 * these bounds, and never more than INSERT_BATCH_BYTES of documents.
 */
const INSERT_BATCH_ROWS = { first: 100, min: 20, max: 5000 };
const BATCH_MS = 50;
const INSERT_BATCH_BYTES = 512 * 1024;
const CLOSE_BATCH = 2000;

export interface RevisionWrite {
  organizationId: number;
  number: number;
  kind: string;
  author: { userId: number | null; name: string; email: string | null; token: string | null };
  comment: string;
  summary: RevisionSummary;
  header: string;
  restoredFrom: number | null;
  /** ids whose current row ends with this revision */
  close: Record<Collection, string[]>;
  insert: Record<Collection, NewElement[]>;
}

type RevisionDbRow = {
  number: number;
  kind: string;
  author_user_id: number | null;
  author_name: string;
  author_email: string | null;
  author_token: string | null;
  created_at: Date | string;
  comment: string;
  summary: string;
  header?: string;
  restored_from: number | null;
};

const REVISION_COLUMNS = "number, kind, author_user_id, author_name, author_email, author_token, created_at, comment, summary, restored_from";

function revisionInfo(r: RevisionDbRow): RevisionInfo {
  return {
    number: r.number,
    kind: r.kind,
    author: { userId: r.author_user_id === null ? null : String(r.author_user_id), name: r.author_name, email: r.author_email, token: r.author_token },
    createdAt: new Date(r.created_at).toISOString(),
    comment: r.comment,
    summary: JSON.parse(r.summary) as RevisionSummary,
    restoredFrom: r.restored_from,
  };
}

type ElementDbRow = { row_id: number; id: string; position: number; document: string; rev_from: number; rev_to: number | null };
const elementRow = (r: ElementDbRow): ElementRow => ({ rowId: r.row_id, id: r.id, position: r.position, document: r.document, revFrom: r.rev_from, revTo: r.rev_to });
const ELEMENT_COLUMNS = "row_id, id, position, document, rev_from, rev_to";

export class ModelRepository {
  async currentRevisionNumber(q: Queryable, organizationId: number): Promise<number> {
    const rows = await q.query<{ current_revision: number }>("select current_revision from organizations where id = $1", [organizationId]);
    return rows[0]?.current_revision ?? 0;
  }

  /** Locks the organization's row for the rest of the transaction: writers of one model take turns. */
  async lockForWrite(tx: Queryable, organizationId: number): Promise<number> {
    const rows = await tx.query<{ current_revision: number }>("select current_revision from organizations where id = $1 for update", [organizationId]);
    return rows[0]?.current_revision ?? 0;
  }

  async revision(q: Queryable, organizationId: number, number: number): Promise<RevisionRecord | undefined> {
    const rows = await q.query<RevisionDbRow>(`select ${REVISION_COLUMNS}, header from revisions where organization_id = $1 and number = $2`, [organizationId, number]);
    const r = rows[0];
    return r ? { ...revisionInfo(r), header: r.header! } : undefined;
  }

  async revisions(q: Queryable, organizationId: number, options: RevisionFilters & { before?: number; limit: number }): Promise<RevisionInfo[]> {
    const { where, params } = this.revisionFilters(organizationId, options);
    params.push(options.limit);
    const rows = await q.query<RevisionDbRow>(`select ${REVISION_COLUMNS} from revisions where ${where.join(" and ")} order by number desc limit $${params.length}`, params);
    return rows.map(revisionInfo);
  }

  async countRevisions(q: Queryable, organizationId: number, filters: RevisionFilters = {}): Promise<number> {
    const { where, params } = this.revisionFilters(organizationId, filters);
    const rows = await q.query<{ n: number }>(`select count(*)::int as n from revisions where ${where.join(" and ")}`, params);
    return rows[0].n;
  }

  private revisionFilters(organizationId: number, options: RevisionFilters & { before?: number }) {
    const where = ["organization_id = $1"];
    const params: unknown[] = [organizationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace("?", `$${params.length}`));
    };
    if (options.before !== undefined) add("number < ?", options.before);
    if (options.kind) add("kind = ?", options.kind);
    if (options.author) {
      params.push(`%${options.author.toLowerCase()}%`);
      const p = `$${params.length}`;
      where.push(`(lower(author_name) like ${p} or lower(coalesce(author_email, '')) like ${p} or lower(coalesce(author_token, '')) like ${p})`);
    }
    if (options.since) add("created_at >= ?", options.since);
    if (options.until) add("created_at < ?", options.until);
    return { where, params };
  }

  async revisionsByNumber(q: Queryable, organizationId: number, numbers: number[]): Promise<Map<number, RevisionInfo>> {
    if (!numbers.length) return new Map();
    const rows = await q.query<RevisionDbRow>(
      `select ${REVISION_COLUMNS} from revisions where organization_id = $1 and number in (select value::int from json_array_elements_text($2::json))`,
      [organizationId, JSON.stringify([...new Set(numbers)])],
    );
    return new Map(rows.map((r) => [r.number, revisionInfo(r)]));
  }

  /** The elements valid in revision `number` (the current ones when omitted), in model order. */
  async elements(q: Queryable, collection: Collection, organizationId: number, number?: number): Promise<ElementRow[]> {
    const rows =
      number === undefined
        ? await q.query<ElementDbRow>(`select ${ELEMENT_COLUMNS} from ${collection} where organization_id = $1 and rev_to is null order by position`, [organizationId])
        : await q.query<ElementDbRow>(
            `select ${ELEMENT_COLUMNS} from ${collection} where organization_id = $1 and rev_from <= $2 and (rev_to is null or rev_to > $2) order by position`,
            [organizationId, number],
          );
    return rows.map(elementRow);
  }

  /** Rows that differ between revisions a < b: those valid in a but not b, and in b but not a. */
  async changedBetween(q: Queryable, collection: Collection, organizationId: number, a: number, b: number): Promise<{ before: ElementRow[]; after: ElementRow[] }> {
    const before = await q.query<ElementDbRow>(
      `select ${ELEMENT_COLUMNS} from ${collection} where organization_id = $1 and rev_from <= $2 and rev_to > $2 and rev_to <= $3`,
      [organizationId, a, b],
    );
    const after = await q.query<ElementDbRow>(
      `select ${ELEMENT_COLUMNS} from ${collection} where organization_id = $1 and rev_from > $2 and rev_from <= $3 and (rev_to is null or rev_to > $3)`,
      [organizationId, a, b],
    );
    return { before: before.map(elementRow), after: after.map(elementRow) };
  }

  /** The newest revision after `after` that added, changed or removed one of these elements; null when none did. */
  async lastChangeOf(q: Queryable, collection: Collection, organizationId: number, ids: string[], after: number): Promise<number | null> {
    const rows = await q.query<{ n: number | null }>(
      `select max(greatest(case when rev_from > $3 then rev_from end, case when rev_to > $3 then rev_to end)) as n
       from ${collection} where organization_id = $1 and id in (select value from json_array_elements_text($2::json)) and (rev_from > $3 or rev_to > $3)`,
      [organizationId, JSON.stringify(ids), after],
    );
    return rows[0]?.n ?? null;
  }

  /** Every version of one element, oldest first. */
  async versions(q: Queryable, collection: Collection, organizationId: number, id: string): Promise<ElementRow[]> {
    const rows = await q.query<ElementDbRow>(`select ${ELEMENT_COLUMNS} from ${collection} where organization_id = $1 and id = $2 order by rev_from, row_id`, [organizationId, id]);
    return rows.map(elementRow);
  }

  async write(tx: Queryable, w: RevisionWrite): Promise<RevisionInfo> {
    await this.writeElements(tx, w);
    return this.publish(tx, w);
  }

  /** The revision row and the organization's pointer to it: what makes a written revision current. */
  async publish(tx: Queryable, w: RevisionWrite): Promise<RevisionInfo> {
    const rows = await tx.query<RevisionDbRow>(
      `insert into revisions (organization_id, number, kind, author_user_id, author_name, author_email, author_token, comment, summary, header, restored_from)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${REVISION_COLUMNS}`,
      [w.organizationId, w.number, w.kind, w.author.userId, w.author.name, w.author.email, w.author.token, w.comment, JSON.stringify(w.summary), w.header, w.restoredFrom],
    );
    await tx.query("update organizations set current_revision = $2 where id = $1", [w.organizationId, w.number]);
    return revisionInfo(rows[0]);
  }

  /**
   * The element rows of a revision: old versions closed, new ones inserted, in statements of
   * bounded size. Until `publish` moves the organization's pointer, none of it is visible to
   * readers (they ask for a revision number; rows of a later one do not match). `between` runs
   * after each statement: a large import on PGlite yields to other requests there.
   */
  async writeElements(q: Queryable, w: RevisionWrite, between: () => Promise<void> = async () => undefined): Promise<void> {
    for (const collection of COLLECTIONS) {
      const close = w.close[collection];
      for (let start = 0; start < close.length; start += CLOSE_BATCH) {
        await q.query(
          `update ${collection} set rev_to = $2 where organization_id = $1 and rev_to is null and rev_from < $2 and id in (select value from json_array_elements_text($3::json))`,
          [w.organizationId, w.number, JSON.stringify(close.slice(start, start + CLOSE_BATCH))],
        );
        await between();
      }
    }
    await this.insertComponents(q, w.organizationId, w.number, w.insert.components, between);
    await this.insertSimple(q, "plans", w.organizationId, w.number, w.insert.plans, ["name text", "kind text", "owner text"]);
    await this.insertSimple(q, "scenarios", w.organizationId, w.number, w.insert.scenarios, ["horizon_minutes double precision"]);
  }

  /**
   * Removes what an unpublished revision left (a failed or interrupted staged write): rows of
   * revisions after the current one are deleted, rows they closed are open again.
   */
  async discardUnpublished(q: Queryable, organizationId?: number): Promise<void> {
    const which = organizationId === undefined ? "" : "organization_id = $1 and ";
    const params = organizationId === undefined ? [] : [organizationId];
    for (const collection of COLLECTIONS) {
      const current = `(select current_revision from organizations o where o.id = ${collection}.organization_id)`;
      await q.query(`delete from ${collection} where ${which}rev_from > ${current}`, params);
      await q.query(`update ${collection} set rev_to = null where ${which}rev_to > ${current}`, params);
    }
  }

  private async insertSimple(tx: Queryable, table: "plans" | "scenarios", organizationId: number, number: number, items: NewElement[], extra: string[]) {
    if (!items.length) return;
    const names = extra.map((e) => e.split(" ")[0]);
    const records = items.map((e) => ({ id: e.id, position: e.position, document: e.document, ...(e.columns ?? {}) }));
    await tx.query(
      `insert into ${table} (organization_id, rev_from, id, position, document, ${names.join(", ")})
       select $1, $2, r.id, r.position, r.document, ${names.map((n) => `r.${n}`).join(", ")}
       from json_to_recordset($3::json) as r(id text, position double precision, document text, ${extra.join(", ")})`,
      [organizationId, number, JSON.stringify(records)],
    );
  }

  private async insertComponents(tx: Queryable, organizationId: number, number: number, items: NewElement[], between: () => Promise<void>) {
    let rows = INSERT_BATCH_ROWS.first;
    for (let start = 0; start < items.length; ) {
      // a batch is bounded in rows and in bytes, so that no statement is huge
      const began = performance.now();
      let end = start;
      let bytes = 0;
      while (end < items.length && end - start < rows && bytes < INSERT_BATCH_BYTES) bytes += items[end++].document.length;
      const chunk = items.slice(start, end);
      start = end;
      const columns = chunk.map(columnsOf);
      const records = chunk.map((e, k) => {
        const { dependencies: _d, impacts: _i, ...rest } = columns[k];
        return { id: e.id, position: e.position, document: e.document, ...rest };
      });
      const inserted = await tx.query<{ row_id: number; id: string }>(
        `insert into components (organization_id, rev_from, id, position, document, name, kind, site, owner, tier, restart_minutes, rto_minutes, rpo_minutes, mtpd_minutes, mbco, standby)
         select $1, $2, r.id, r.position, r.document, r.name, r.kind, r.site, r.owner, r.tier, r.restart_minutes, r.rto_minutes, r.rpo_minutes, r.mtpd_minutes, r.mbco, coalesce(r.standby, false)
         from json_to_recordset($3::json) as r(id text, position double precision, document text, name text, kind text, site text, owner text, tier integer,
           restart_minutes double precision, rto_minutes double precision, rpo_minutes double precision, mtpd_minutes double precision, mbco text, standby boolean)
         returning row_id, id`,
        [organizationId, number, JSON.stringify(records)],
      );
      const rowOf = new Map(inserted.map((r) => [r.id, r.row_id]));
      const deps: unknown[] = [];
      const impacts: unknown[] = [];
      for (const [k, e] of chunk.entries()) {
        const row = rowOf.get(e.id)!;
        const c = columns[k];
        c.dependencies.forEach((d, position) => deps.push({ component_row: row, position, ...d }));
        c.impacts.forEach((i, position) => impacts.push({ component_row: row, position, ...i }));
      }
      if (deps.length) {
        await tx.query(
          `insert into dependencies (component_row, position, target, group_name, members, need, mode, failover)
           select r.component_row, r.position, r.target, r.group_name, r.members, r.need, r.mode, r.failover
           from json_to_recordset($1::json) as r(component_row integer, position integer, target text, group_name text, members text, need integer, mode text, failover text)`,
          [JSON.stringify(deps)],
        );
      }
      if (impacts.length) {
        await tx.query(
          `insert into impacts (component_row, position, from_minutes, per_hour, once, category)
           select r.component_row, r.position, r.from_minutes, r.per_hour, r.once, r.category
           from json_to_recordset($1::json) as r(component_row integer, position integer, from_minutes double precision, per_hour double precision, once double precision, category text)`,
          [JSON.stringify(impacts)],
        );
      }
      const took = Math.max(1, performance.now() - began);
      rows = Math.round(Math.min(INSERT_BATCH_ROWS.max, Math.max(INSERT_BATCH_ROWS.min, (rows * BATCH_MS) / took, rows / 2), rows * 2));
      await between();
    }
  }

  // ---- management reviews ------------------------------------------------------------------

  async addReview(q: Queryable, organizationId: number, revision: number, author: RevisionWrite["author"], comment: string): Promise<Review> {
    const rows = await q.query<ReviewRow>(
      `insert into reviews (organization_id, revision, author_user_id, author_name, author_email, author_token, comment)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [organizationId, revision, author.userId, author.name, author.email, author.token, comment],
    );
    return reviewOf(rows[0]);
  }

  async reviews(q: Queryable, organizationId: number): Promise<Review[]> {
    const rows = await q.query<ReviewRow>("select * from reviews where organization_id = $1 order by id desc", [organizationId]);
    return rows.map(reviewOf);
  }
}

export interface Review {
  id: string;
  revision: number;
  author: RevisionAuthor;
  createdAt: string;
  comment: string;
}

type ReviewRow = {
  id: number;
  revision: number;
  author_user_id: number | null;
  author_name: string;
  author_email: string | null;
  author_token: string | null;
  comment: string;
  created_at: Date | string;
};

const reviewOf = (r: ReviewRow): Review => ({
  id: String(r.id),
  revision: r.revision,
  author: { userId: r.author_user_id === null ? null : String(r.author_user_id), name: r.author_name, email: r.author_email, token: r.author_token },
  createdAt: new Date(r.created_at).toISOString(),
  comment: r.comment,
});
