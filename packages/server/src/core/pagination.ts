/** Lists answer one page at a time: `limit` and an opaque `cursor` (base64url JSON) for the next page. */
import { badRequest } from "./problem.js";

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string | undefined, check: (v: Record<string, unknown>) => boolean): T | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !numbersFit(value as Record<string, unknown>) || !check(value as Record<string, unknown>)) {
    throw badRequest("cursor", "the cursor is not valid", "use the nextCursor of the previous page, or leave it out to start at the first page");
  }
  return value as T;
}

/**
 * Every number a cursor carries is a position or a row number: a whole number PostgreSQL's
 * integer holds. Checked here for every cursor, so that a forged one (`{"before":1e300}`) is a
 * 400 and never reaches a query.
 */
function numbersFit(value: Record<string, unknown>): boolean {
  return Object.values(value).every((v) => typeof v !== "number" || (Number.isSafeInteger(v) && v >= 0 && v <= 2147483647));
}

export interface PageOf<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * A page of a list held in memory. The cursor remembers the last key and its offset, so a page
 * continues after that element even when elements before it were removed in between.
 */
export function pageOf<T>(items: T[], limit: number, cursor: string | undefined, keyOf: (item: T) => string): PageOf<T> {
  const c = decodeCursor<{ o: number; k: string }>(cursor, (v) => typeof v.o === "number" && Number.isInteger(v.o) && v.o >= 0 && typeof v.k === "string");
  let start = 0;
  if (c) {
    start = c.o < items.length && keyOf(items[c.o]) === c.k ? c.o + 1 : Math.min(c.o + 1, items.length);
    if (!(c.o < items.length && keyOf(items[c.o]) === c.k)) {
      const at = items.findIndex((item) => keyOf(item) === c.k);
      if (at >= 0) start = at + 1;
    }
  }
  const page = items.slice(start, start + limit);
  const last = start + page.length - 1;
  const nextCursor = start + limit < items.length && page.length ? encodeCursor({ o: last, k: keyOf(items[last]) }) : null;
  return { items: page, total: items.length, nextCursor };
}
