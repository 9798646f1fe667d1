import type { InboxContext } from "@fedify/fedify";
import type { Undo } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { removeReactionByActivity } from "../../server/reactions/reactions.ts";

/** Undo of a Like or Announce: by the undone activity's id, only for the actor who made it. */
export async function undoneReaction(ctx: InboxContext<Deps>, undo: Undo) {
  const actor = undo.actorId?.href;
  const undone = undo.objectId?.href;
  if (actor == null || undone == null) return false;
  return removeReactionByActivity(ctx.data.db, undone, actor);
}
