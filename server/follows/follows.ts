import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type FollowRow, follows } from "../../db/schema.ts";
import { actorCounts } from "../counters/counters.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";

export interface FollowIntent {
  followerIri: string;
  followeeIri: string;
  activityIri: string;
}

/**
 * Records a follow (outbound when we send the Follow, inbound when one arrives). A repeated
 * Follow for the same pair keeps the row, taking the newer activity id so its Accept matches.
 */
export async function recordFollow(
  db: DatabaseLike,
  intent: FollowIntent,
  state: "pending" | "accepted",
): Promise<FollowRow> {
  const acceptedAt = state === "accepted" ? new Date() : null;
  const [row] = await db
    .insert(follows)
    .values({ ...intent, state, acceptedAt })
    .onConflictDoUpdate({
      target: [follows.followerIri, follows.followeeIri],
      set: {
        activityIri: intent.activityIri,
        ...(state === "accepted" ? { state, acceptedAt } : {}),
      },
    })
    .returning();
  if (row == null) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findFollow(db: DatabaseLike, followerIri: string, followeeIri: string) {
  const [row] = await db
    .select()
    .from(follows)
    .where(and(eq(follows.followerIri, followerIri), eq(follows.followeeIri, followeeIri)));
  return row;
}

/** Marks a pending follow accepted; the pair, not the activity id, identifies it (servers differ). */
export async function markFollowAccepted(
  db: DatabaseLike,
  followerIri: string,
  followeeIri: string,
) {
  const [row] = await db
    .update(follows)
    .set({ state: "accepted", acceptedAt: new Date() })
    .where(and(eq(follows.followerIri, followerIri), eq(follows.followeeIri, followeeIri)))
    .returning();
  return row;
}

export async function removeFollow(db: DatabaseLike, followerIri: string, followeeIri: string) {
  const [row] = await db
    .delete(follows)
    .where(and(eq(follows.followerIri, followerIri), eq(follows.followeeIri, followeeIri)))
    .returning();
  return row;
}

/** The follow a Follow activity made, when `followeeIri` is who it was sent to. */
export async function findFollowByActivity(
  db: DatabaseLike,
  activityIri: string,
  followeeIri: string,
): Promise<FollowRow | undefined> {
  const [row] = await db
    .select()
    .from(follows)
    .where(and(eq(follows.activityIri, activityIri), eq(follows.followeeIri, followeeIri)));
  return row;
}

/** Undoes the follow a Follow activity made, only for the follower who sent it. */
export async function removeFollowByActivity(
  db: DatabaseLike,
  activityIri: string,
  followerIri: string,
): Promise<boolean> {
  const removed = await db
    .delete(follows)
    .where(and(eq(follows.activityIri, activityIri), eq(follows.followerIri, followerIri)))
    .returning({ id: follows.followerIri });
  return removed.length > 0;
}

/** Drops every follow of these actors on `followeeIri`'s side (their server said 410 Gone). */
export async function removeFollowers(db: DatabaseLike, followerIris: string[]) {
  if (followerIris.length === 0) return;
  await db.delete(follows).where(inArray(follows.followerIri, followerIris));
}

/** The paging of followers, following and follow requests, newest first. */
const byCreated = keyset<FollowRow>(follows.createdAt, follows.id, (row) => ({
  time: row.createdAt,
  id: row.id,
}));

async function pageOf(
  db: DatabaseLike,
  side: "followers" | "following",
  actorIri: string,
  state: "pending" | "accepted",
  cursor: PageCursor | undefined,
  limit: number,
): Promise<Page<FollowRow>> {
  const rows = await db
    .select()
    .from(follows)
    .where(
      and(
        side === "followers"
          ? eq(follows.followeeIri, actorIri)
          : eq(follows.followerIri, actorIri),
        eq(follows.state, state),
        byCreated.after(cursor),
      ),
    )
    .orderBy(...byCreated.order)
    .limit(limit + 1);
  return byCreated.page(rows, limit);
}

export const followersOf = (db: DatabaseLike, actorIri: string, cursor?: PageCursor, limit = 50) =>
  pageOf(db, "followers", actorIri, "accepted", cursor, limit);
export const followingOf = (db: DatabaseLike, actorIri: string, cursor?: PageCursor, limit = 50) =>
  pageOf(db, "following", actorIri, "accepted", cursor, limit);
export const pendingFollowersOf = (
  db: DatabaseLike,
  actorIri: string,
  cursor?: PageCursor,
  limit = 50,
) => pageOf(db, "followers", actorIri, "pending", cursor, limit);

/** Accepted followers of an actor, or accepted follows by it, from the kept counter. */
export async function countFollows(
  db: DatabaseLike,
  side: "followers" | "following",
  actorIri: string,
): Promise<number> {
  return (await actorCounts(db, actorIri))[side];
}

/** Whether one actor follows another (accepted, not merely requested). */
export async function isFollower(db: DatabaseLike, followerIri: string, followeeIri: string) {
  const row = await findFollow(db, followerIri, followeeIri);
  return row?.state === "accepted";
}

/** Whether anyone here follows an actor (so what it publishes concerns this instance). */
export async function isFollowedHere(db: DatabaseLike, actorIri: string): Promise<boolean> {
  const [row] = await db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.followeeIri, actorIri), eq(follows.state, "accepted")))
    .limit(1);
  return row != null;
}
