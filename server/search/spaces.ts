/**
 * Search across the directory: every space this instance has met, its own included, by words in
 * their names, handles and themes (ranked by relevance) and by the directory's own filters (kind,
 * focus, region, language, theme), or by filters alone (as the directory lists them, the most
 * recently active first). Every space's profile is public, so there is no reader to ask about.
 */
import { and, count, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type DirectoryEntry, directoryEntries } from "../../db/schema.ts";
import { DirectoryFilters, directoryCondition, listDirectory } from "../directory/directory.ts";
import { type Page, type PageCursor, rankedKeyset } from "../paging/keyset.ts";
import { rankBucket, SearchWords, toTextQuery } from "./words.ts";

/** Forms and query strings send empty fields for filters not chosen. */
const withoutEmpty = (value: unknown) =>
  value != null && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== "" && v != null))
    : value;

export const SpaceSearch = z.preprocess(withoutEmpty, DirectoryFilters.extend({ q: SearchWords }));
export type SpaceSearch = z.output<typeof SpaceSearch>;

/** The generated column of migration 0014, which Drizzle's `directoryEntries` leaves out. */
const words = sql`"directory_entries"."search_vector"`;

type Ranked = DirectoryEntry & { rank: number };

export async function searchSpaces(
  db: DatabaseLike,
  search: SpaceSearch,
  cursor?: PageCursor,
  limit = 20,
): Promise<Page<DirectoryEntry>> {
  const { q, ...filters } = search;
  const query = await toTextQuery(db, q);
  if (query == null)
    return q === "" ? listDirectory(db, filters, cursor, limit) : { items: [], next: undefined };
  const rank = rankBucket(words, query);
  const byRank = rankedKeyset<Ranked>(
    rank,
    directoryEntries.activeAt,
    directoryEntries.id,
    (entry) => ({ rank: entry.rank, time: entry.activeAt, id: entry.id }),
  );
  const rows = await db
    .select({ ...getTableColumns(directoryEntries), rank })
    .from(directoryEntries)
    .where(and(sql`${words} @@ ${query}`, directoryCondition(filters), byRank.after(cursor)))
    .orderBy(...byRank.order)
    .limit(limit + 1);
  const page = byRank.page(rows, limit);
  return { items: page.items.map(({ rank: _rank, ...entry }) => entry), next: page.next };
}

/** How many spaces some words find, for a link from the posts they found to the spaces. */
export async function countSpaces(db: DatabaseLike, q: string): Promise<number> {
  const query = await toTextQuery(db, q);
  if (query == null) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(directoryEntries)
    .where(sql`${words} @@ ${query}`);
  return row?.n ?? 0;
}

/** Every language the spaces met work in, to offer as filters. */
export async function spaceLanguages(db: DatabaseLike): Promise<string[]> {
  const rows = await db.execute<{ tag: string }>(
    sql`SELECT DISTINCT unnest(languages) AS tag FROM directory_entries ORDER BY tag`,
  );
  return rows.map((row) => row.tag);
}
