import type { InboxContext } from "@fedify/fedify";
import { Follow, type Undo } from "@fedify/vocab";
import { and, eq } from "drizzle-orm";
import { follows, reactions } from "../../db/schema.ts";
import type { Deps } from "../../server/deps.ts";
import { removeFollow } from "../../server/follows/follows.ts";
import { loaders } from "./loaders.ts";

/**
 * Undo of a Follow, Like or Announce. What is undone is found by the undone activity's id and
 * must belong to the actor undoing it; an Undo quoting a Follow by value (some servers give it
 * a fresh id) falls back to the follower–followee pair.
 */
export async function onUndo(ctx: InboxContext<Deps>, undo: Undo) {
  const actor = undo.actorId?.href;
  const undone = undo.objectId?.href;
  if (actor == null || undone == null) return;
  const { db } = ctx.data;
  const unfollowed = await db
    .delete(follows)
    .where(and(eq(follows.activityIri, undone), eq(follows.followerIri, actor)))
    .returning();
  if (unfollowed.length > 0) return;
  const unreacted = await db
    .delete(reactions)
    .where(and(eq(reactions.activityIri, undone), eq(reactions.actorIri, actor)))
    .returning();
  if (unreacted.length > 0) return;
  const object = await undo.getObject(loaders(ctx)).catch(() => null);
  if (object instanceof Follow && object.actorId?.href === actor && object.objectId != null) {
    await removeFollow(db, actor, object.objectId.href);
  }
}
