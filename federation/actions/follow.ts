import type { Context } from "@fedify/fedify";
import { localActorIri, localHandleOfAddress } from "../../server/actors/local-iris.ts";
import { isPrivateName } from "../../server/config.ts";
import type { Deps } from "../../server/deps.ts";
import {
  findFollow,
  markFollowAccepted,
  recordFollow,
  removeFollow,
} from "../../server/follows/follows.ts";
import { notify } from "../../server/notifications/notifications.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { answerFollow, sendFollow, sendUndoFollow } from "../deliver.ts";
import { lookupActor } from "../remote.ts";

export type FollowResult =
  | { ok: true; targetIri: string; state: "pending" | "accepted" }
  | { ok: false; reason: "not-found" | "self" | "private-address" };

/**
 * A local actor follows `@user@host` or an actor URL. A remote follow is pending until its server
 * accepts; a local one takes effect here at once, as the followed space's settings decide.
 */
export async function follow(
  ctx: Context<Deps>,
  handle: string,
  target: string,
): Promise<FollowResult> {
  const origin = ctx.data.config.ORIGIN;
  const followerIri = localActorIri(origin, handle);
  const local = localHandleOfAddress(origin, target);
  if (local != null) return followLocal(ctx.data, followerIri, local);
  if (!ctx.data.allowPrivateAddress && isPrivateName(hostOf(target) ?? ""))
    return { ok: false, reason: "private-address" };
  const actor = await lookupActor(ctx, target);
  if (actor?.id == null) return { ok: false, reason: "not-found" };
  if (actor.id.href === followerIri) return { ok: false, reason: "self" };
  const existing = await findFollow(ctx.data.db, followerIri, actor.id.href);
  const activityIri = existing?.activityIri ?? `${followerIri}#follows/${crypto.randomUUID()}`;
  const row = await recordFollow(
    ctx.data.db,
    { followerIri, followeeIri: actor.id.href, activityIri },
    existing?.state ?? "pending",
  );
  await sendFollow(ctx, handle, actor, row.activityIri);
  return { ok: true, targetIri: actor.id.href, state: row.state };
}

/** What a Follow delivered to this instance's own inbox would do, without the round trip. */
async function followLocal(deps: Deps, followerIri: string, handle: string): Promise<FollowResult> {
  const { db, config } = deps;
  const space = await findSpaceByHandle(db, handle);
  if (space == null && (await findPersonByHandle(db, handle)) == null)
    return { ok: false, reason: "not-found" };
  const followeeIri = localActorIri(config.ORIGIN, handle);
  if (followeeIri === followerIri) return { ok: false, reason: "self" };
  const existing = await findFollow(db, followerIri, followeeIri);
  const manual = space?.manuallyApprovesFollowers ?? false;
  const row = await recordFollow(
    db,
    {
      followerIri,
      followeeIri,
      activityIri: existing?.activityIri ?? `${followerIri}#follows/${crypto.randomUUID()}`,
    },
    existing?.state === "accepted" || !manual ? "accepted" : "pending",
  );
  if (existing == null)
    await notify(db, {
      recipientIri: followeeIri,
      kind: row.state === "accepted" ? "follow" : "follow_request",
      actorIri: followerIri,
    });
  return { ok: true, targetIri: followeeIri, state: row.state };
}

/** The host named by `@user@host` or a URL. */
function hostOf(target: string): string | undefined {
  const acct = target.trim().match(/^@?[^@\s/]+@([^@\s/]+)$/);
  if (acct) return acct[1]?.replace(/:\d+$/, "");
  return URL.canParse(target.trim()) ? new URL(target.trim()).hostname : undefined;
}

export async function unfollow(
  ctx: Context<Deps>,
  handle: string,
  targetIri: string,
): Promise<boolean> {
  const removed = await removeFollow(
    ctx.data.db,
    localActorIri(ctx.data.config.ORIGIN, handle),
    targetIri,
  );
  if (removed == null) return false;
  await sendUndoFollow(ctx, handle, targetIri, removed.activityIri);
  return true;
}

/** A space that approves followers by hand answers a pending request. */
export async function answerFollowRequest(
  ctx: Context<Deps>,
  handle: string,
  followerIri: string,
  answer: "accept" | "reject",
): Promise<boolean> {
  const followeeIri = localActorIri(ctx.data.config.ORIGIN, handle);
  const pending = await findFollow(ctx.data.db, followerIri, followeeIri);
  if (pending == null || pending.state !== "pending") return false;
  if (answer === "accept") await markFollowAccepted(ctx.data.db, followerIri, followeeIri);
  else await removeFollow(ctx.data.db, followerIri, followeeIri);
  await answerFollow(ctx, handle, pending, answer);
  return true;
}
