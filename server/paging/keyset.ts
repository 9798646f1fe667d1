/**
 * How every list pages: newest first by (time, id), resumed after the last item seen. Two items
 * may share a time (Mastodon's `published` has whole seconds), so the id breaks the tie and no item
 * is skipped or shown twice. The cursor handed to clients is opaque and checked on the way back:
 * a forged one is refused at the boundary and never reaches SQL.
 */
import { type AnyColumn, desc, type SQL, sql } from "drizzle-orm";

/** Where a page ended: the time and id of its last item. */
export interface PageCursor {
  time: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; undefined on the last one. */
  next: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Four-digit years only: every such time fits PostgreSQL's timestamptz and JavaScript's Date.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEPARATOR = "~";

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.time.toISOString()}${SEPARATOR}${cursor.id}`).toString("base64url");
}

/** The position a cursor names, or undefined when it is not one this server made. */
export function decodeCursor(raw: string): PageCursor | undefined {
  if (raw.length > 96 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const [instant = "", id = "", ...rest] = Buffer.from(raw, "base64url")
    .toString("latin1")
    .split(SEPARATOR);
  if (rest.length > 0 || !INSTANT.test(instant) || !UUID.test(id)) return undefined;
  const time = new Date(instant);
  // A calendar date that does not exist (February 30th) reads as another one: refused too.
  if (Number.isNaN(time.getTime()) || time.toISOString() !== instant) return undefined;
  const cursor = { time, id };
  // Only the one spelling this server writes, so a cursor is never two things.
  return encodeCursor(cursor) === raw ? cursor : undefined;
}

/** A cursor before every item: the first page of a collection that always pages by cursor. */
export const FIRST_PAGE = encodeCursor({
  time: new Date("9999-12-31T23:59:59.999Z"),
  id: "ffffffff-ffff-ffff-ffff-ffffffffffff",
});

/**
 * The paging of one list, by its time and id columns: a condition for the rows after a cursor,
 * the order to read them in, and the page made from `limit + 1` rows (the extra one only tells
 * that there is a next page). Time columns keep milliseconds, as a cursor does.
 */
export function keyset<T>(time: AnyColumn, id: AnyColumn, positionOf: (row: T) => PageCursor) {
  return {
    after: (cursor: PageCursor | undefined): SQL | undefined =>
      cursor &&
      sql`(${time}, ${id}) < (${cursor.time.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    order: [desc(time), desc(id)] as const,
    page: (rows: T[], limit: number): Page<T> => toPage(rows, limit, positionOf),
  };
}

export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => PageCursor): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    next: rows.length > limit && last ? encodeCursor(positionOf(last)) : undefined,
  };
}
