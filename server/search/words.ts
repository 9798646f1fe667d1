/**
 * What a reader types into search, checked once: a length PostgreSQL parses quickly, no NUL. Any
 * other character is words or web search syntax ("a phrase", or, -without), which
 * `websearch_to_tsquery` reads without ever failing, so no query is an error.
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";

export const MAX_QUERY_LENGTH = 200;

export const SearchWords = z
  .string()
  .trim()
  .max(MAX_QUERY_LENGTH)
  .refine((words) => !words.includes("\0"))
  .default("");

/** Filters arrive from forms and query strings, where an empty field means no filter. */
export const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * The words as a text search query in every language PostgreSQL stems (migration 0014,
 * `hubnet_search_query`), or undefined when they leave nothing to look for (only stop words,
 * only words to leave out). Read once per search, so the plan sees a constant.
 */
export async function toTextQuery(db: DatabaseLike, words: string): Promise<SQL | undefined> {
  if (words === "") return undefined;
  const [row] = await db.execute<{ query: string | null }>(
    sql`SELECT hubnet_search_query(${words})::text AS query`,
  );
  return row?.query ? sql`${row.query}::tsquery` : undefined;
}

/** Ranks as whole numbers, so equal ones are equal on every page (server/paging/keyset.ts). */
export const rankBucket = (words: SQL, query: SQL) =>
  sql<number>`round(ts_rank('{0.1, 0.2, 0.4, 1.0}', ${words}, ${query}, 1) * 10000)::integer`;
