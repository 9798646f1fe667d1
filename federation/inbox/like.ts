import type { InboxContext } from "@fedify/fedify";
import type { Like } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { notify } from "../../server/notifications/notifications.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { recordReaction } from "../../server/reactions/reactions.ts";

/** A like of a post stored here is counted once per actor. */
export async function onLike(ctx: InboxContext<Deps>, like: Like) {
  if (like.id == null || like.actorId == null || like.objectId == null) return;
  const post = await findPostByIri(ctx.data.db, like.objectId.href);
  if (post == null) return;
  if (post.isLocal) {
    await notify(ctx.data.db, {
      recipientIri: post.authorIri,
      kind: "like",
      actorIri: like.actorId.href,
      objectIri: post.iri,
    });
  }
  await recordReaction(ctx.data.db, {
    kind: "like",
    activityIri: like.id.href,
    actorIri: like.actorId.href,
    postIri: post.iri,
  });
}
