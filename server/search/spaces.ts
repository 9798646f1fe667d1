/**
 * Search across spaces: by words in their names, handles, summaries and themes (ranked by
 * relevance), and by kind, focus, language, region and theme, or by filters alone (newest first).
 * Every space's profile is public, so there is no reader to ask about.
 */
import { and, count, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { hubFocus, type Space, spaceKind, spaces } from "../../db/schema.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { keyset, type Page, type PageCursor, rankedKeyset } from "../paging/keyset.ts";
import { RegionSchema } from "../regions/regions.ts";
import { SearchTheme } from "./posts.ts";
import { optionalFilter, rankBucket, SearchWords, toTextQuery } from "./words.ts";

export const SpaceSearch = z.object({
  q: SearchWords,
  kind: optionalFilter(z.enum(spaceKind.enumValues)),
  focus: optionalFilter(z.enum(hubFocus.enumValues)),
  /** BCP 47; `pt` also finds `pt-BR`. */
  language: optionalFilter(LanguageTagSchema),
  /** ISO 3166; `KE` also finds `KE-30`. */
  region: optionalFilter(RegionSchema),
  theme: optionalFilter(SearchTheme),
});
export type SpaceSearch = z.output<typeof SpaceSearch>;

const words = sql`"spaces"."search_vector"`;
/** Creation times keep microseconds; a page cursor keeps milliseconds, and so does this order. */
const created = sql<Date>`date_trunc('milliseconds', ${spaces.createdAt})`.mapWith(
  spaces.createdAt,
);

function filtersOf(search: SpaceSearch): SQL | undefined {
  const language = search.language?.toLowerCase();
  return and(
    search.kind ? eq(spaces.kind, search.kind) : undefined,
    search.focus ? eq(spaces.focus, search.focus) : undefined,
    language
      ? sql`EXISTS (SELECT 1 FROM unnest(${spaces.languages} || ${spaces.defaultLanguage}) l
            WHERE lower(l) = ${language} OR lower(split_part(l, '-', 1)) = ${language})`
      : undefined,
    search.region
      ? sql`EXISTS (SELECT 1 FROM unnest(${spaces.regions}) r
            WHERE r = ${search.region} OR r LIKE ${`${search.region}-%`})`
      : undefined,
    search.theme
      ? sql`EXISTS (SELECT 1 FROM unnest(${spaces.themes}) t WHERE lower(t) = ${search.theme})`
      : undefined,
  );
}

type Ranked = Space & { time: Date; rank: number };
const byCreated = keyset<Ranked>(created, spaces.id, (s) => ({ time: s.time, id: s.id }));

export async function searchSpaces(
  db: DatabaseLike,
  search: SpaceSearch,
  cursor?: PageCursor,
  limit = 20,
): Promise<Page<Space>> {
  const query = await toTextQuery(db, search.q);
  if (search.q !== "" && query == null) return { items: [], next: undefined };
  const rank = query ? rankBucket(words, query) : sql<number>`0`;
  const paging = query
    ? rankedKeyset<Ranked>(rank, created, spaces.id, (s) => ({
        rank: s.rank,
        time: s.time,
        id: s.id,
      }))
    : byCreated;
  const rows = await db
    .select({ ...getTableColumns(spaces), time: created, rank })
    .from(spaces)
    .where(
      and(query ? sql`${words} @@ ${query}` : undefined, filtersOf(search), paging.after(cursor)),
    )
    .orderBy(...paging.order)
    .limit(limit + 1);
  const page = paging.page(rows, limit);
  return {
    items: page.items.map(({ time: _time, rank: _rank, ...space }) => space),
    next: page.next,
  };
}

/** How many spaces a search finds, for a link from the posts it found to the spaces. */
export async function countSpaces(db: DatabaseLike, search: SpaceSearch): Promise<number> {
  const query = await toTextQuery(db, search.q);
  if (search.q !== "" && query == null) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(spaces)
    .where(and(query ? sql`${words} @@ ${query}` : undefined, filtersOf(search)));
  return row?.n ?? 0;
}

/** Every language the spaces here work in, to offer as filters. */
export async function spaceLanguages(db: DatabaseLike): Promise<string[]> {
  const rows = await db.execute<{ tag: string }>(
    sql`SELECT DISTINCT unnest(languages || default_language) AS tag FROM spaces ORDER BY tag`,
  );
  return rows.map((row) => row.tag);
}
