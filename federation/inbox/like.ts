import type { InboxContext } from "@fedify/fedify";
import type { Like } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { receiveReaction } from "../../server/reactions/reactions.ts";

/** A like of a post stored here is counted once per actor. */
export async function onLike(ctx: InboxContext<Deps>, like: Like) {
  if (like.id == null || like.actorId == null || like.objectId == null) return;
  const post = await findPostByIri(ctx.data.db, like.objectId.href);
  if (post == null) return;
  await receiveReaction(ctx.data.db, "like", post, {
    activityIri: like.id.href,
    actorIri: like.actorId.href,
  });
}
