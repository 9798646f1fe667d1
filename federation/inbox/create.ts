import type { InboxContext } from "@fedify/fedify";
import type { Create } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { notifyAboutPost } from "../../server/notifications/notifications.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { admitPost } from "../inbound-post.ts";
import { isPostObject } from "../mappers/post.ts";
import { relayPost } from "../relay.ts";
import { loaders } from "./loaders.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/** A new post from another server: kept when it concerns us, and passed on when it answers ours. */
export async function onCreate(ctx: InboxContext<Deps>, create: Create) {
  const object = await create.getObject(loaders(ctx));
  if (create.actorId == null) return;
  if (!isPostObject(object)) {
    logger.warning("Ignored Create {id}: Hubnet keeps no {type}", {
      id: create.id?.href,
      type: object?.constructor.name ?? "unreachable object",
    });
    return;
  }
  // Only the author may create its post: attributedTo must be the signed actor.
  if (object.attributionId?.href !== create.actorId.href) {
    logger.warn("Refused {id}: attributed to {author}, sent by {actor}", {
      id: object.id?.href,
      author: object.attributionId?.href,
      actor: create.actorId.href,
    });
    return;
  }
  const admitted = await admitPost(ctx, object, {
    loaders: loaders(ctx),
    change: "create",
    relevance: "required",
    received: create,
  });
  if (!admitted.ok) {
    logger.debug("Not kept: {id} ({reason})", { id: object.id?.href, reason: admitted.reason });
    return;
  }
  await notifyAboutPost(ctx.data.db, ctx.data.config.ORIGIN, admitted.post);
  await relayPost(ctx, admitted.post);
  await forwardReplyToLocalThread(ctx, admitted.post.inReplyToIri, admitted.post.visibility);
}

/**
 * A public reply to a local post reaches the post author's followers too (inbox forwarding, as
 * ActivityPub §7.1.2 describes); the original signatures travel with it.
 */
async function forwardReplyToLocalThread(
  ctx: InboxContext<Deps>,
  parentIri: string | null,
  visibility: string,
) {
  if (parentIri == null || (visibility !== "public" && visibility !== "unlisted")) return;
  const parent = await findPostByIri(ctx.data.db, parentIri);
  const handle = parent?.isLocal
    ? localHandleOf(ctx.data.config.ORIGIN, parent.authorIri)
    : undefined;
  if (handle == null) return;
  await ctx.forwardActivity({ identifier: handle }, "followers", {
    skipIfUnsigned: true,
    preferSharedInbox: true,
  });
}
