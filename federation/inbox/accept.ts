import type { InboxContext } from "@fedify/fedify";
import type { Accept, Reject } from "@fedify/vocab";
import { and, eq } from "drizzle-orm";
import { follows } from "../../db/schema.ts";
import type { Deps } from "../../server/deps.ts";
import { markFollowAccepted, removeFollow } from "../../server/follows/follows.ts";

/**
 * The local follow that an Accept or Reject answers: by the quoted Follow's id, which must be one
 * of ours sent to the answering actor (so nobody else can accept on their behalf).
 */
async function answeredFollow(ctx: InboxContext<Deps>, answer: Accept | Reject) {
  if (answer.actorId == null || answer.objectId == null) return undefined;
  const [row] = await ctx.data.db
    .select()
    .from(follows)
    .where(
      and(
        eq(follows.activityIri, answer.objectId.href),
        eq(follows.followeeIri, answer.actorId.href),
      ),
    );
  return row;
}

export async function onAccept(ctx: InboxContext<Deps>, accept: Accept) {
  const follow = await answeredFollow(ctx, accept);
  if (follow == null) return;
  await markFollowAccepted(ctx.data.db, follow.followerIri, follow.followeeIri);
}

export async function onReject(ctx: InboxContext<Deps>, reject: Reject) {
  const follow = await answeredFollow(ctx, reject);
  if (follow == null) return;
  await removeFollow(ctx.data.db, follow.followerIri, follow.followeeIri);
}
