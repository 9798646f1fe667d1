import type { InboxContext } from "@fedify/fedify";
import type { Follow } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { recordFollow } from "../../server/follows/follows.ts";
import { isBlockedBySpace } from "../../server/moderation/space-blocks.ts";
import { notify } from "../../server/notifications/notifications.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { answerFollow } from "../deliver.ts";
import { isOwnOrigin } from "../origin.ts";
import { rememberActor } from "../remote.ts";

/** Someone follows a local space or person: accepted at once unless the space approves by hand. */
export async function onFollow(ctx: InboxContext<Deps>, follow: Follow) {
  const target = follow.objectId ? ctx.parseUri(follow.objectId) : null;
  if (target?.type !== "actor" || follow.id == null || follow.actorId == null) return;
  const { db } = ctx.data;
  const space = await findSpaceByHandle(db, target.identifier);
  if (space == null && (await findPersonByHandle(db, target.identifier)) == null) return;
  const follower = await follow.getActor(ctx);
  if (follower?.id?.href !== follow.actorId.href) return;
  const answer = { activityIri: follow.id.href, followerIri: follow.actorId.href };
  // A space that blocks the follower refuses, and says so; nothing is recorded.
  if (space != null && (await isBlockedBySpace(db, space.handle, follow.actorId.href)))
    return answerFollow(ctx, target.identifier, answer, "reject");
  // Nobody to answer: a remote actor whose inbox is not a public address is not kept.
  const isLocal = isOwnOrigin(ctx.data.config.ORIGIN, follower.id);
  if (!isLocal && (await rememberActor(ctx, follower)) == null) return;
  const manual = space?.manuallyApprovesFollowers ?? false;
  const intent = {
    followerIri: follow.actorId.href,
    followeeIri: ctx.getActorUri(target.identifier).href,
    activityIri: follow.id.href,
  };
  const row = await recordFollow(db, intent, manual ? "pending" : "accepted");
  await notify(db, {
    recipientIri: intent.followeeIri,
    kind: row.state === "accepted" ? "follow" : "follow_request",
    actorIri: intent.followerIri,
  });
  // A repeated Follow of an already accepted pair is answered again: the first Accept may be lost.
  if (row.state === "accepted") await answerFollow(ctx, target.identifier, intent, "accept");
}
