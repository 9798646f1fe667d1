import type { Context } from "@fedify/fedify";
import { localActorIri } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import {
  findFollow,
  markFollowAccepted,
  recordFollow,
  removeFollow,
} from "../../server/follows/follows.ts";
import { answerFollow, sendFollow, sendUndoFollow } from "../deliver.ts";
import { lookupActor } from "../remote.ts";

export type FollowResult =
  | { ok: true; targetIri: string; state: "pending" | "accepted" }
  | { ok: false; reason: "not-found" | "self" };

/** A local actor follows `@user@host` or an actor URL; the follow is pending until accepted. */
export async function follow(
  ctx: Context<Deps>,
  handle: string,
  target: string,
): Promise<FollowResult> {
  const actor = await lookupActor(ctx, target);
  if (actor?.id == null) return { ok: false, reason: "not-found" };
  const followerIri = localActorIri(ctx.data.config.ORIGIN, handle);
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
