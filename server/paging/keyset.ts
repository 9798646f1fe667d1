/**
 * How every list pages: newest first by (time, id), resumed after the last item seen. Two items
 * may share a time (Mastodon's `published` has whole seconds), so the id breaks the tie and no item
 * is skipped or shown twice. The cursor handed to clients is opaque and checked on the way back:
 * a forged one is refused at the boundary and never reaches SQL.
 *
 * A list ordered by relevance (search) pages the same way, with one more key in front: a rank
 * bucket, a whole number the list computes for each item the same way on every page. Items of
 * one bucket read newest first, so equal ranks are no reason to skip or repeat an item.
 */
import { type AnyColumn, desc, type SQL, sql } from "drizzle-orm";

/** Where a page ended: the time and id of its last item, and its rank in a ranked list. */
export interface PageCursor {
  time: Date;
  id: string;
  rank?: number;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; undefined on the last one. */
  next: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Four-digit years only: every such time fits PostgreSQL's timestamptz and JavaScript's Date.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RANK = /^(0|[1-9]\d{0,8})$/;
const SEPARATOR = "~";

export function encodeCursor(cursor: PageCursor): string {
  const position = `${cursor.time.toISOString()}${SEPARATOR}${cursor.id}`;
  const ranked = cursor.rank == null ? position : `${cursor.rank}${SEPARATOR}${position}`;
  return Buffer.from(ranked).toString("base64url");
}

/** The position a cursor names, or undefined when it is not one this server made. */
export function decodeCursor(raw: string): PageCursor | undefined {
  if (raw.length > 112 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const parts = Buffer.from(raw, "base64url").toString("latin1").split(SEPARATOR);
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const [instant = "", id = "", rank] = parts.length === 3 ? [parts[1], parts[2], parts[0]] : parts;
  if (!INSTANT.test(instant) || !UUID.test(id)) return undefined;
  if (rank != null && !RANK.test(rank)) return undefined;
  const time = new Date(instant);
  // A calendar date that does not exist (February 30th) reads as another one: refused too.
  if (Number.isNaN(time.getTime()) || time.toISOString() !== instant) return undefined;
  const cursor: PageCursor = rank == null ? { time, id } : { time, id, rank: Number(rank) };
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
export function keyset<T>(
  time: AnyColumn | SQL,
  id: AnyColumn,
  positionOf: (row: T) => PageCursor,
) {
  return {
    after: (cursor: PageCursor | undefined): SQL | undefined =>
      cursor &&
      sql`(${time}, ${id}) < (${cursor.time.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    order: [desc(time), desc(id)] as const,
    page: (rows: T[], limit: number): Page<T> => toPage(rows, limit, positionOf),
  };
}

/**
 * The paging of a list ranked by `rank` (an integer expression over the same rows), then by time
 * and id. A cursor without a rank (from a plain list) reads as rank 0, the lowest there is.
 */
export function rankedKeyset<T>(
  rank: SQL,
  time: AnyColumn | SQL,
  id: AnyColumn,
  positionOf: (row: T) => Required<PageCursor>,
) {
  return {
    after: (cursor: PageCursor | undefined): SQL | undefined =>
      cursor &&
      sql`(${rank}, ${time}, ${id}) < (${cursor.rank ?? 0}::integer, ${cursor.time.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    order: [sql`${rank} DESC`, desc(time), desc(id)] as const,
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
