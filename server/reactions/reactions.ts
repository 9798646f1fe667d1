import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, reactions } from "../../db/schema.ts";
import { type PostCounts, postCounts } from "../counters/counters.ts";
import { notify } from "../notifications/notifications.ts";

export type ReactionKind = "like" | "boost";

export interface ReactionInput {
  kind: ReactionKind;
  activityIri: string;
  actorIri: string;
  postIri: string;
}

/** Counts one like or boost per actor and post, however often it is delivered. */
export async function recordReaction(db: DatabaseLike, input: ReactionInput): Promise<boolean> {
  const rows = await db.insert(reactions).values(input).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** Takes back a reaction; only its own actor can (an Undo from anyone else changes nothing). */
export async function removeReaction(
  db: DatabaseLike,
  kind: ReactionKind,
  actorIri: string,
  target: { activityIri?: string; postIri?: string },
): Promise<boolean> {
  const which = target.activityIri
    ? eq(reactions.activityIri, target.activityIri)
    : eq(reactions.postIri, target.postIri ?? "");
  const rows = await db
    .delete(reactions)
    .where(and(eq(reactions.kind, kind), eq(reactions.actorIri, actorIri), which))
    .returning();
  return rows.length > 0;
}

/** Takes back whatever reaction an activity made, only for the actor who made it. */
export async function removeReactionByActivity(
  db: DatabaseLike,
  activityIri: string,
  actorIri: string,
): Promise<boolean> {
  const rows = await db
    .delete(reactions)
    .where(and(eq(reactions.activityIri, activityIri), eq(reactions.actorIri, actorIri)))
    .returning();
  return rows.length > 0;
}

export async function findReaction(
  db: DatabaseLike,
  kind: ReactionKind,
  actorIri: string,
  postIri: string,
) {
  const [row] = await db
    .select()
    .from(reactions)
    .where(
      and(
        eq(reactions.kind, kind),
        eq(reactions.actorIri, actorIri),
        eq(reactions.postIri, postIri),
      ),
    );
  return row;
}

/** Which of these posts an actor liked and boosted, for showing its buttons pressed. */
export async function reactionsBy(
  db: DatabaseLike,
  actorIri: string,
  postIris: string[],
): Promise<Set<`${ReactionKind}:${string}`>> {
  if (postIris.length === 0) return new Set();
  const rows = await db
    .select({ postIri: reactions.postIri, kind: reactions.kind })
    .from(reactions)
    .where(and(eq(reactions.actorIri, actorIri), inArray(reactions.postIri, postIris)));
  return new Set(rows.map((row) => `${row.kind}:${row.postIri}` as const));
}

/** Likes and boosts of one post. */
export async function countReactions(db: DatabaseLike, postIri: string): Promise<PostCounts> {
  return (await postCounts(db, [postIri])).get(postIri) ?? { likes: 0, boosts: 0 };
}

/** A like or boost arriving from anyone: counted once, and the author notified if local. */
export async function receiveReaction(
  db: DatabaseLike,
  kind: ReactionKind,
  post: Post,
  activity: { activityIri: string; actorIri: string },
) {
  if (post.isLocal) {
    await notify(db, {
      recipientIri: post.authorIri,
      kind,
      actorIri: activity.actorIri,
      objectIri: post.iri,
    });
  }
  await recordReaction(db, { kind, ...activity, postIri: post.iri });
}
