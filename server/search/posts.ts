/**
 * Search across posts of every kind, local and remote, in every language they have: words (ranked
 * by relevance) and filters (kind, author, language, region, theme), or filters alone (newest
 * first). Posts are found by what the one visibility rule lets their reader see, and only where
 * a post is listed for discovery or its reader is among its audience.
 */
import { and, eq, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
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

const NOTHING: Page<Post> = { items: [], next: undefined };

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

export async function searchPosts(
  db: DatabaseLike,
  search: PostSearch,
  viewer: Viewer,
  origin: string,
  cursor?: PageCursor,
  limit = 20,
): Promise<Page<Post>> {
  const query = await toTextQuery(db, search.q);
  if (search.q !== "" && query == null) return NOTHING;
  const author = search.space ? await resolveAuthor(db, origin, search.space) : undefined;
  if (search.space && author == null) return NOTHING;
  const wanted = facetsOf(search);
  const filters = and(
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
  if (query == null) {
    const rows = await db
      .select()
      .from(posts)
      .where(and(filters, byPublished.after(cursor)))
      .orderBy(...byPublished.order)
      .limit(limit + 1);
    return byPublished.page(rows, limit);
  }
  const rank = rankBucket(words, query);
  const byRank = rankedKeyset<Post & { rank: number }>(rank, posts.publishedAt, posts.id, (p) => ({
    rank: p.rank,
    time: p.publishedAt,
    id: p.id,
  }));
  const rows = await db
    .select({ ...getTableColumns(posts), rank })
    .from(posts)
    .where(and(sql`${words} @@ ${query}`, filters, byRank.after(cursor)))
    .orderBy(...byRank.order)
    .limit(limit + 1);
  const page = byRank.page(rows, limit);
  return { items: page.items.map(({ rank: _rank, ...post }) => post), next: page.next };
}
