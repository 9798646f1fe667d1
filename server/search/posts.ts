/**
 * Search across posts of every kind, local and remote, in every language they have: words (ranked
 * by relevance) and filters (kind, author, language, region, theme), or filters alone (newest
 * first). Posts are found by what the one visibility rule lets their reader see, and only where
 * a post is listed for discovery or its reader is among its audience.
 */
import { and, count, eq, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, postKind, posts } from "../../db/schema.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { type Page, type PageCursor, rankedKeyset } from "../paging/keyset.ts";
import { byPublished } from "../posts/lists.ts";
import { listedForDiscovery, type Viewer, visibleTo } from "../posts/visibility.ts";
import { RegionSchema } from "../regions/regions.ts";
import { resolveAuthor } from "./authors.ts";
import { optionalFilter, rankBucket, SearchWords, toTextQuery } from "./words.ts";

export const SearchTheme = z
  .string()
  .trim()
  .toLowerCase()
  .max(60)
  .transform((theme) => theme.replace(/^#/, ""));

export const PostSearch = z.object({
  q: SearchWords,
  kind: optionalFilter(z.enum(postKind.enumValues)),
  /** The author's address: `wmke`, `@group@example.org` or an actor's URL. */
  space: optionalFilter(z.string().trim().max(300)),
  /** BCP 47; `pt` also finds `pt-BR`. */
  language: optionalFilter(LanguageTagSchema),
  /** ISO 3166; `KE` also finds `KE-30`. */
  region: optionalFilter(RegionSchema),
  theme: optionalFilter(SearchTheme),
});
export type PostSearch = z.output<typeof PostSearch>;

/** The generated columns of migration 0014, which Drizzle's `posts` leaves out. */
const words = sql`"posts"."search_vector"`;
const facets = sql`"posts"."search_facets"`;

const NOTHING: SearchPage<Post> = { items: [], next: undefined, order: "relevance" };

/**
 * Posts a reader may discover: public ones, and the followers-only and direct posts whose
 * audience they are in. Unlisted posts are read by link, never found.
 */
export const findableBy = (viewer: Viewer): SQL =>
  or(
    listedForDiscovery(),
    and(visibleTo(viewer), inArray(posts.visibility, ["followers", "direct"])),
  ) as SQL;

/** What a post is filtered by in its `search_facets` (migration 0014). */
function facetsOf(search: PostSearch): string[] {
  return [
    search.language && `language:${search.language.toLowerCase()}`,
    search.region && `region:${search.region}`,
    search.theme && `theme:${search.theme}`,
  ].filter((facet): facet is string => typeof facet === "string" && facet !== "theme:");
}

/**
 * Beyond this many matches, ranking them all costs more than relevance among so many is worth
 * (a word in every other post): they are read newest first, which an index serves at any size.
 */
export const MAX_RANKED = 10_000;

export interface SearchPage<T> extends Page<T> {
  /** Most relevant first (the words matched few enough posts), or newest first. */
  order: "relevance" | "newest";
}

/** How many posts match, counting no further than `upTo` (the cost stays that of `upTo`). */
async function countUpTo(db: DatabaseLike, where: SQL | undefined, upTo: number) {
  const matching = db.select({ id: posts.id }).from(posts).where(where).limit(upTo).as("matching");
  const [row] = await db.select({ n: count() }).from(matching);
  return row?.n ?? 0;
}

export async function searchPosts(
  db: DatabaseLike,
  search: PostSearch,
  viewer: Viewer,
  origin: string,
  cursor?: PageCursor,
  limit = 20,
  maxRanked = MAX_RANKED,
): Promise<SearchPage<Post>> {
  const query = await toTextQuery(db, search.q);
  if (search.q !== "" && query == null) return NOTHING;
  const author = search.space ? await resolveAuthor(db, origin, search.space) : undefined;
  if (search.space && author == null) return NOTHING;
  const wanted = facetsOf(search);
  const found = and(
    query ? sql`${words} @@ ${query}` : undefined,
    findableBy(viewer),
    search.kind ? eq(posts.kind, search.kind) : undefined,
    author ? eq(posts.authorIri, author) : undefined,
    wanted.length > 0
      ? sql`${facets} @> ARRAY[${sql.join(
          wanted.map((facet) => sql`${facet}`),
          sql`, `,
        )}]::text[]`
      : undefined,
  );
  // A later page keeps the order of the first: its cursor carries a rank only when ranked.
  const ranked =
    query != null &&
    (cursor ? cursor.rank != null : (await countUpTo(db, found, maxRanked + 1)) <= maxRanked);
  if (!ranked) {
    const rows = await db
      .select()
      .from(posts)
      .where(and(found, byPublished.after(cursor)))
      .orderBy(...byPublished.order)
      .limit(limit + 1);
    return { ...byPublished.page(rows, limit), order: "newest" };
  }
  // Ranked among the newest `maxRanked` matches, which are all of them when the first page
  // chose this order; so a cursor kept from another search cannot make one rank a million.
  const candidates = db
    .select({ ...getTableColumns(posts), rank: rankBucket(words, query).as("rank") })
    .from(posts)
    .where(found)
    .orderBy(...byPublished.order)
    .limit(maxRanked)
    .as("candidates");
  const byRank = rankedKeyset<Post & { rank: number }>(
    sql`${candidates.rank}`,
    candidates.publishedAt,
    candidates.id,
    (p) => ({ rank: p.rank, time: p.publishedAt, id: p.id }),
  );
  const rows = await db
    .select()
    .from(candidates)
    .where(byRank.after(cursor))
    .orderBy(...byRank.order)
    .limit(limit + 1);
  const page = byRank.page(rows, limit);
  const items = page.items.map(({ rank: _rank, ...post }) => post);
  return { items, next: page.next, order: "relevance" };
}
