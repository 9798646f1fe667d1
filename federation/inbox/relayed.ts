/**
 * Posts passed on by a group: a Hubnet hub announces a member's post by its IRI; Lemmy and other
 * FEP-1b12 group servers announce the activity itself (`Announce` of a `Create`, unwrapped in
 * announce.ts). A group's Announce is a relay, not a boost: it counts as nobody's interaction,
 * and the post shows in the home of whoever follows the group.
 */
import type { InboxContext } from "@fedify/fedify";
import type { Announce } from "@fedify/vocab";
import type { Post } from "../../db/schema.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { recordRelay } from "../../server/membership/relaying.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { remoteActor } from "../remote.ts";

/** Whether an actor is a group (a space, a Lemmy community, a Mobilizon group …). */
async function isGroup(ctx: InboxContext<Deps>, iri: URL): Promise<boolean> {
  const handle = localHandleOf(ctx.data.config.ORIGIN, iri.href);
  if (handle != null) return (await findSpaceByHandle(ctx.data.db, handle)) != null;
  return (await remoteActor(ctx, iri))?.type === "Group";
}

/**
 * Records `post` as relayed when the announcer is a group. Returns false when it is not, and the
 * Announce is an ordinary boost.
 */
export async function receiveRelay(
  ctx: InboxContext<Deps>,
  announce: Announce,
  post: Post,
): Promise<boolean> {
  if (announce.id == null || announce.actorId == null) return false;
  if (!(await isGroup(ctx, announce.actorId))) return false;
  await recordRelay(ctx.data.db, {
    hubIri: announce.actorId.href,
    postIri: post.iri,
    activityIri: announce.id.href,
  });
  return true;
}
