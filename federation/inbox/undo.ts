import type { InboxContext } from "@fedify/fedify";
import { Accept, Follow, Join, TentativeAccept, type Undo } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { withdrawAnswer } from "../../server/events/rsvps.ts";
import { removeFollow, removeFollowByActivity } from "../../server/follows/follows.ts";
import { removeReactionByActivity } from "../../server/reactions/reactions.ts";
import { loaders } from "./loaders.ts";

/**
 * Undo of a Follow, Like, Announce or an RSVP. What is undone is found by the undone activity's
 * id and must belong to the actor undoing it; an Undo quoting a Follow by value (some servers
 * give it a fresh id) falls back to the follower–followee pair.
 */
export async function onUndo(ctx: InboxContext<Deps>, undo: Undo) {
  const actor = undo.actorId?.href;
  const undone = undo.objectId?.href;
  if (actor == null || undone == null) return;
  const { db } = ctx.data;
  if (await removeFollowByActivity(db, undone, actor)) return;
  if (await removeReactionByActivity(db, undone, actor)) return;
  const object = await undo.getObject(loaders(ctx)).catch(() => null);
  if (object instanceof Follow && object.actorId?.href === actor && object.objectId != null) {
    await removeFollow(db, actor, object.objectId.href);
    return;
  }
  // Undo of a Join, Accept or TentativeAccept of an event: the answer is withdrawn.
  const isRsvp =
    object instanceof Join || object instanceof Accept || object instanceof TentativeAccept;
  if (isRsvp && object.actorId?.href === actor && object.objectId != null)
    await withdrawAnswer(db, object.objectId.href, actor);
}
