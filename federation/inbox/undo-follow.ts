import type { InboxContext } from "@fedify/fedify";
import { Follow, type Undo } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { removeFollow, removeFollowByActivity } from "../../server/follows/follows.ts";
import { loaders } from "./loaders.ts";

/**
 * Undo of a Follow: found by the Follow's id, only for the follower who sent it; a Follow quoted
 * by value (some servers give it a fresh id) falls back to the follower–followee pair.
 */
export async function undoneFollow(ctx: InboxContext<Deps>, undo: Undo) {
  const actor = undo.actorId?.href;
  const undone = undo.objectId?.href;
  if (actor == null || undone == null) return false;
  if (await removeFollowByActivity(ctx.data.db, undone, actor)) return true;
  const object = await undo.getObject(loaders(ctx));
  if (!(object instanceof Follow)) return false;
  if (object.actorId?.href === actor && object.objectId != null)
    await removeFollow(ctx.data.db, actor, object.objectId.href);
}
