import type { InboxContext } from "@fedify/fedify";
import { type Accept, Join, type Reject } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import {
  findFollowByActivity,
  markFollowAccepted,
  removeFollow,
} from "../../server/follows/follows.ts";
import { loaders } from "./loaders.ts";
import { onJoinRefused, receiveRsvp } from "./rsvp.ts";

/**
 * The local follow that an Accept or Reject answers: by the quoted Follow's id, which must be one
 * of ours sent to the answering actor (so nobody else can accept on their behalf).
 */
async function answeredFollow(ctx: InboxContext<Deps>, answer: Accept | Reject) {
  if (answer.actorId == null || answer.objectId == null) return undefined;
  return findFollowByActivity(ctx.data.db, answer.objectId.href, answer.actorId.href);
}

/** Accept of a Follow we sent, or (as Friendica says it) going to a local event. */
export async function onAccept(ctx: InboxContext<Deps>, accept: Accept) {
  const follow = await answeredFollow(ctx, accept);
  if (follow != null) {
    await markFollowAccepted(ctx.data.db, follow.followerIri, follow.followeeIri);
    return;
  }
  await receiveRsvp(ctx, accept, "going");
}

/**
 * Reject of a Follow we sent; not going to a local event (Friendica); or an organizer refusing
 * a local person's Join to its full event.
 */
export async function onReject(ctx: InboxContext<Deps>, reject: Reject) {
  const follow = await answeredFollow(ctx, reject);
  if (follow != null) {
    await removeFollow(ctx.data.db, follow.followerIri, follow.followeeIri);
    return;
  }
  if (await receiveRsvp(ctx, reject, "not_going")) return;
  const object = await reject.getObject(loaders(ctx)).catch(() => null);
  if (object instanceof Join) await onJoinRefused(ctx, object, reject.actorId?.href);
}
