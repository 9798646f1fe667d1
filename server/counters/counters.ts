/**
 * Counts read from the counters the database keeps (actor_stats, post_stats: migration 0017),
 * so a collection's total or a post card's likes cost one index read however many rows they
 * count. The triggers that keep them are the one place that decides what counts; these only sum
 * an actor's or a post's few shards.
 */
import { inArray, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { actorStats, postStats } from "../../db/schema.ts";

export type ActorCounts = {
  /** Public and unlisted posts. */
  openPosts: number;
  /** Accepted follows of the actor. */
  followers: number;
  /** Accepted follows by the actor. */
  following: number;
  /** Accepted members of a hub. */
  members: number;
};

const NO_COUNTS: ActorCounts = { openPosts: 0, followers: 0, following: 0, members: 0 };

export async function actorCounts(db: DatabaseLike, actorIri: string): Promise<ActorCounts> {
  return (await actorCountsOf(db, [actorIri])).get(actorIri) ?? NO_COUNTS;
}

/** The counts of many actors in one query, for a list of them. */
export async function actorCountsOf(
  db: DatabaseLike,
  actorIris: string[],
): Promise<Map<string, ActorCounts>> {
  const counts = new Map(actorIris.map((iri) => [iri, NO_COUNTS]));
  if (actorIris.length === 0) return counts;
  const rows = await db
    .select({
      actorIri: actorStats.actorIri,
      openPosts: sql<number>`sum(${actorStats.openPosts})::int`,
      followers: sql<number>`sum(${actorStats.followers})::int`,
      following: sql<number>`sum(${actorStats.following})::int`,
      members: sql<number>`sum(${actorStats.members})::int`,
    })
    .from(actorStats)
    .where(inArray(actorStats.actorIri, actorIris))
    .groupBy(actorStats.actorIri);
  for (const { actorIri, ...row } of rows) counts.set(actorIri, row);
  return counts;
}

export interface PostCounts {
  likes: number;
  boosts: number;
}

/** Likes and boosts of many posts in one query, for a page of them. */
export async function postCounts(
  db: DatabaseLike,
  postIris: string[],
): Promise<Map<string, PostCounts>> {
  const counts = new Map(postIris.map((iri) => [iri, { likes: 0, boosts: 0 }]));
  if (postIris.length === 0) return counts;
  const rows = await db
    .select({
      postIri: postStats.postIri,
      likes: sql<number>`sum(${postStats.likes})::int`,
      boosts: sql<number>`sum(${postStats.boosts})::int`,
    })
    .from(postStats)
    .where(inArray(postStats.postIri, postIris))
    .groupBy(postStats.postIri);
  for (const row of rows) counts.set(row.postIri, { likes: row.likes, boosts: row.boosts });
  return counts;
}

/**
 * Counts every kept total again from the rows it counts, and writes again who each post
 * mentions (the SQL function `hubnet_recount()`), to repair them after rows were changed with
 * the triggers off (a restore, TRUNCATE, a manual fix). Writes to the counted tables wait while
 * it runs; reads go on.
 */
export async function recount(db: DatabaseLike): Promise<void> {
  await db.execute(sql`SELECT hubnet_recount()`);
}
