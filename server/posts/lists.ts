/**
 * Lists of posts: an actor's outbox, a person's home, hashtags, libraries of one kind. Each pages
 * newest first along (published, id) by the one keyset helper, and shows only what its viewer may
 * see by the one visibility rule.
 */
import { and, eq, inArray, isNull, not, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { actorStats, type Post, type PostMention, postMentions, posts } from "../../db/schema.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";
import {
  ANONYMOUS,
  fromListedOrigin,
  isSuspendedAccount,
  listedForDiscovery,
  type Viewer,
  visibleTo,
} from "./visibility.ts";

export type PostPage = Page<Post>;

/** The paging of every list of posts. */
export const byPublished = keyset<Post>(posts.publishedAt, posts.id, (post) => ({
  time: post.publishedAt,
  id: post.id,
}));

/** The same paging along the rows of who each post mentions. */
const byMentioned = keyset<PostMention>(postMentions.publishedAt, postMentions.postId, (row) => ({
  time: row.publishedAt,
  id: row.postId,
}));

/**
 * What an actor published for everyone (public and unlisted), newest first: its outbox, served
 * to anyone, so it shows what an anonymous reader may see.
 */
export async function outboxOf(
  db: DatabaseLike,
  authorIri: string,
  cursor?: PageCursor,
  limit = 20,
): Promise<PostPage> {
  const rows = await db
    .select()
    .from(posts)
    .where(and(eq(posts.authorIri, authorIri), visibleTo(ANONYMOUS), byPublished.after(cursor)))
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}

/**
 * How many posts the outbox of a local actor shows (what `outboxOf` pages through): its public
 * and unlisted posts, none when the account is suspended, from the kept counter.
 */
export async function countOutbox(db: DatabaseLike, authorIri: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${actorStats.openPosts}), 0)::int` })
    .from(actorStats)
    .where(and(eq(actorStats.actorIri, authorIri), not(isSuspendedAccount(authorIri))));
  return row?.n ?? 0;
}

/**
 * A person's home: their own posts and those of the spaces they publish for (`ownIris`), posts
 * of whom they follow, posts the hubs they follow relay, and posts that mention them (along
 * post_mentions, whose rows a trigger keeps from each post's mentions). Each is
 * read along its own index, newest first, and only then merged, so the page costs the same with
 * a thousand posts or a million.
 */
export async function homeTimeline(
  db: DatabaseLike,
  viewerIri: string,
  cursor?: PageCursor,
  limit = 20,
  ownIris: string[] = [],
): Promise<PostPage> {
  const after = cursor ? sql`AND ${byPublished.after(cursor)}` : sql``;
  const take = limit + 1;
  const mentionedAfter = cursor ? sql`AND ${byMentioned.after(cursor)}` : sql``;
  const authors = [viewerIri, ...ownIris.filter((iri) => iri !== viewerIri)];
  const found = await db.execute<{ id: string }>(sql`
    SELECT id FROM (
      (SELECT p.id, p.published_at FROM unnest(ARRAY[${sql.join(
        authors.map((iri) => sql`${iri}`),
        sql`, `,
      )}]::text[]) AS a(iri)
        CROSS JOIN LATERAL (
          SELECT id, published_at FROM posts
          WHERE author_iri = a.iri ${after}
          ORDER BY published_at DESC, id DESC LIMIT ${take}) p
        ORDER BY p.published_at DESC, p.id DESC LIMIT ${take})
      UNION
      (SELECT p.id, p.published_at FROM follows f
        CROSS JOIN LATERAL (
          SELECT id, published_at FROM posts
          WHERE author_iri = f.followee_iri
            AND visibility IN ('public', 'unlisted', 'followers') ${after}
          ORDER BY published_at DESC, id DESC LIMIT ${take}) p
        WHERE f.follower_iri = ${viewerIri} AND f.state = 'accepted'
        ORDER BY p.published_at DESC, p.id DESC LIMIT ${take})
      UNION
      (SELECT post_id AS id, published_at FROM post_mentions
        WHERE href = ${viewerIri} ${mentionedAfter}
        ORDER BY published_at DESC, post_id DESC LIMIT ${take})
      UNION
      (SELECT p.id, p.published_at FROM follows f
        CROSS JOIN LATERAL (
          SELECT posts.id, posts.published_at FROM relays r
          JOIN posts ON posts.iri = r.post_iri
          WHERE r.hub_iri = f.followee_iri ${after}
          ORDER BY posts.published_at DESC, posts.id DESC LIMIT ${take}) p
        WHERE f.follower_iri = ${viewerIri} AND f.state = 'accepted'
        ORDER BY p.published_at DESC, p.id DESC LIMIT ${take})
    ) candidates
    ORDER BY published_at DESC, id DESC LIMIT ${take}`);
  const ids = [...found].map((row) => row.id);
  if (ids.length === 0) return { items: [], next: undefined };
  const rows = await db
    .select()
    .from(posts)
    .where(and(inArray(posts.id, ids), visibleTo({ iri: viewerIri })))
    .orderBy(...byPublished.order);
  return byPublished.page(rows, limit);
}

/** Replies to a post that `viewer` may see, oldest first, as a thread reads. */
export async function repliesTo(
  db: DatabaseLike,
  postIri: string,
  viewer: Viewer = ANONYMOUS,
): Promise<Post[]> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.inReplyToIri, postIri), visibleTo(viewer)))
    .orderBy(posts.publishedAt, posts.id);
}

/** Public posts with a hashtag, newest first. */
export async function postsTagged(
  db: DatabaseLike,
  tag: string,
  cursor?: PageCursor,
  limit = 40,
): Promise<PostPage> {
  const rows = await db
    .select()
    .from(posts)
    .where(
      and(
        // `@>` rather than `= ANY(…)`, so the GIN index on hashtags serves it.
        sql`${posts.hashtags} @> ARRAY[${tag.toLowerCase()}]::text[]`,
        listedForDiscovery(),
        byPublished.after(cursor),
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}

export interface PostFilters {
  authorIri?: string;
  tag?: string;
  /** Only posts written on this instance. */
  localOnly?: boolean;
}

/** Posts `viewer` may see, filtered, newest first. */
export async function listPosts(
  db: DatabaseLike,
  filters: PostFilters,
  cursor?: PageCursor,
  limit = 20,
  viewer: Viewer = ANONYMOUS,
): Promise<PostPage> {
  const rows = await db
    .select()
    .from(posts)
    .where(
      and(
        visibleTo(viewer),
        filters.authorIri ? eq(posts.authorIri, filters.authorIri) : fromListedOrigin(),
        filters.tag
          ? sql`${posts.hashtags} @> ARRAY[${filters.tag.toLowerCase()}]::text[]`
          : undefined,
        filters.localOnly ? eq(posts.isLocal, true) : undefined,
        byPublished.after(cursor),
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}

export interface KindFilters {
  /** Offers and needs of this category. */
  category?: string;
  /** Offers and needs with this status. */
  status?: string;
}

/** Posts of some kinds anyone may see, newest first. */
export async function listByKind(
  db: DatabaseLike,
  kinds: Post["kind"][],
  filters: KindFilters,
  cursor?: PageCursor,
  limit = 20,
): Promise<PostPage> {
  const rows = await db
    .select()
    .from(posts)
    .where(
      and(
        inArray(posts.kind, kinds),
        visibleTo(ANONYMOUS),
        fromListedOrigin(),
        filters.category ? sql`${posts.details}->>'category' = ${filters.category}` : undefined,
        filters.status ? sql`${posts.details}->>'status' = ${filters.status}` : undefined,
        byPublished.after(cursor),
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}

/** Events anyone may see that have not ended, soonest first. */
export async function upcomingEvents(db: DatabaseLike, now = new Date(), limit = 100) {
  return db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.kind, "event"),
        visibleTo(ANONYMOUS),
        fromListedOrigin(),
        sql`(${posts.details}->>'endTime')::timestamptz >= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(sql`(${posts.details}->>'startTime')::timestamptz`)
    .limit(limit);
}

/**
 * What a feed of this instance carries: local public posts that start a thread (replies stay in
 * their threads), of one author and some kinds when asked, newest first.
 */
export async function feedPosts(
  db: DatabaseLike,
  filters: { authorIri?: string; kinds?: Post["kind"][] },
  limit = 50,
): Promise<Post[]> {
  return db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.isLocal, true),
        listedForDiscovery(),
        isNull(posts.inReplyToIri),
        filters.authorIri ? eq(posts.authorIri, filters.authorIri) : undefined,
        filters.kinds ? inArray(posts.kind, filters.kinds) : undefined,
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit);
}
