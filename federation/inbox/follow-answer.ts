import type { InboxContext } from "@fedify/fedify";
import type { Accept, Reject } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import {
  findFollowByActivity,
  markFollowAccepted,
  removeFollow,
} from "../../server/follows/follows.ts";

/**
 * The local follow an Accept or Reject answers: by the quoted Follow's id, which must be one of
 * ours sent to the answering actor (so nobody else can accept on their behalf).
 */
async function answeredFollow(ctx: InboxContext<Deps>, answer: Accept | Reject) {
  if (answer.actorId == null || answer.objectId == null) return undefined;
  return findFollowByActivity(ctx.data.db, answer.objectId.href, answer.actorId.href);
}

/** Accept of a Follow sent from here: the follow is accepted. */
export async function acceptedFollow(ctx: InboxContext<Deps>, accept: Accept) {
  const follow = await answeredFollow(ctx, accept);
  if (follow == null) return false;
  await markFollowAccepted(ctx.data.db, follow.followerIri, follow.followeeIri);
}

/** Reject of a Follow sent from here (or a follower removed): the follow is dropped. */
export async function rejectedFollow(ctx: InboxContext<Deps>, reject: Reject) {
  const follow = await answeredFollow(ctx, reject);
  if (follow == null) return false;
  await removeFollow(ctx.data.db, follow.followerIri, follow.followeeIri);
}
