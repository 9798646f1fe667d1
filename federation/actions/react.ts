import type { Context } from "@fedify/fedify";
import type { Post } from "../../db/schema.ts";
import { localActorIri } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import {
  findReaction,
  type ReactionKind,
  receiveReaction,
  recordReaction,
  removeReaction,
} from "../../server/reactions/reactions.ts";
import { reactionIri, sendReaction } from "../deliver.ts";

/** Likes or boosts a post (local or remote) as a local actor, or takes it back; true if changed. */
export async function setReaction(
  ctx: Context<Deps>,
  handle: string,
  post: Post,
  kind: ReactionKind,
  wanted: boolean,
) {
  const actorIri = localActorIri(ctx.data.config.ORIGIN, handle);
  const existing = await findReaction(ctx.data.db, kind, actorIri, post.iri);
  if (existing != null && !wanted) {
    await removeReaction(ctx.data.db, kind, actorIri, { activityIri: existing.activityIri });
    await sendReaction(ctx, handle, post, kind, existing.activityIri, true);
    return true;
  }
  if (existing == null && wanted) {
    const activityIri = reactionIri(ctx.data.config.ORIGIN, handle, kind, post.id);
    // On a local post, what its author's inbox would do: count it and notify the author.
    if (post.isLocal) await receiveReaction(ctx.data.db, kind, post, { activityIri, actorIri });
    else await recordReaction(ctx.data.db, { kind, activityIri, actorIri, postIri: post.iri });
    await sendReaction(ctx, handle, post, kind, activityIri);
    return true;
  }
  return false;
}

/** The web UI's button: a second press takes the like or boost back. */
export async function toggleReaction(
  ctx: Context<Deps>,
  handle: string,
  post: Post,
  kind: ReactionKind,
) {
  const actorIri = localActorIri(ctx.data.config.ORIGIN, handle);
  const existing = await findReaction(ctx.data.db, kind, actorIri, post.iri);
  await setReaction(ctx, handle, post, kind, existing == null);
  return existing == null;
}
