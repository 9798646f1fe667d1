/**
 * What the admins of a space do about hubs: ask to join one (here or on any server), withdraw
 * the request or leave; and for a hub, answer requests and remove members. When both spaces live
 * on this instance the one row they share changes and nothing is sent; otherwise the other
 * server is told.
 */
import type { Context } from "@fedify/fedify";
import { Group } from "@fedify/vocab";
import type { Membership } from "../../db/schema.ts";
import {
  localActorIri,
  localHandleOf,
  localHandleOfAddress,
} from "../../server/actors/local-iris.ts";
import { findRemoteActorByHandle } from "../../server/actors/remote-actors.ts";
import type { Deps } from "../../server/deps.ts";
import {
  acceptMembership,
  endMembership,
  findMembership,
  requestMembership,
  type TransitionResult,
} from "../../server/membership/memberships.ts";
import { notify } from "../../server/notifications/notifications.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { sendJoin, sendLeave, sendMembershipAnswer, sendRemove } from "../deliver-membership.ts";
import { lookupActor } from "../remote.ts";
import { readSpaceFacts } from "../remote-space.ts";
import { follow } from "./follow.ts";

export type JoinResult =
  | { ok: true; membership: Membership }
  | { ok: false; reason: "not-a-space" | "not-found" | "not-a-hub" | "self" };

const newJoinIri = (memberIri: string) => `${memberIri}#joins/${crypto.randomUUID()}`;

/**
 * The local space `memberHandle` asks to join the hub `target` (`@hub@host` or its URL), and
 * follows it, so it sees what the hub publishes and relays (its proposals among them).
 */
export async function joinHub(
  ctx: Context<Deps>,
  memberHandle: string,
  target: string,
  requestedByIri?: string,
): Promise<JoinResult> {
  const result = await requestToJoin(ctx, memberHandle, target, requestedByIri);
  if (result.ok) await follow(ctx, memberHandle, result.membership.hubIri);
  return result;
}

async function requestToJoin(
  ctx: Context<Deps>,
  memberHandle: string,
  target: string,
  requestedByIri?: string,
): Promise<JoinResult> {
  const { db, config } = ctx.data;
  if ((await findSpaceByHandle(db, memberHandle)) == null)
    return { ok: false, reason: "not-a-space" };
  const memberIri = localActorIri(config.ORIGIN, memberHandle);
  const by = requestedByIri ?? memberIri;
  const local = localHandleOfAddress(config.ORIGIN, target);
  if (local != null) {
    const hub = await findSpaceByHandle(db, local);
    if (hub == null) return { ok: false, reason: "not-found" };
    if (hub.kind !== "hub") return { ok: false, reason: "not-a-hub" };
    const hubIri = localActorIri(config.ORIGIN, hub.handle);
    const existing = await findMembership(db, memberIri, hubIri);
    const state = hub.membershipApproval === "automatic" ? "accepted" : "pending";
    const request = { memberIri, hubIri, requestedByIri: by };
    const activityIri = existing?.activityIri ?? newJoinIri(memberIri);
    const result = await requestMembership(db, { ...request, activityIri }, state);
    if (!result.ok) return result;
    if (result.membership.state === "pending")
      await notify(db, { recipientIri: hubIri, kind: "join_request", actorIri: memberIri });
    return { ok: true, membership: result.membership };
  }
  const actor = await lookupActor(ctx, target);
  if (actor?.id == null) return { ok: false, reason: "not-found" };
  if (actor.id.href === memberIri) return { ok: false, reason: "self" };
  // Mobilizon's and other software's groups take a Join too; only a space that says it is an
  // affiliate is refused.
  if (!(actor instanceof Group) || (await readSpaceFacts(ctx, actor)).kind === "affiliate")
    return { ok: false, reason: "not-a-hub" };
  const hubIri = actor.id.href;
  const existing = await findMembership(db, memberIri, hubIri);
  const activityIri = existing?.activityIri ?? newJoinIri(memberIri);
  const result = await requestMembership(db, {
    memberIri,
    hubIri,
    activityIri,
    requestedByIri: by,
  });
  if (!result.ok) return result;
  // Asked again while pending: the Join is sent again, in case the first was lost.
  if (result.membership.state === "pending") await sendJoin(ctx, memberHandle, result.membership);
  return { ok: true, membership: result.membership };
}

/**
 * The IRI a space is named by: `@name@host` (here, remembered, or looked up) or its URL; for
 * operators, who name the other side of a membership by handle.
 */
export async function spaceIriOf(ctx: Context<Deps>, target: string): Promise<string | undefined> {
  const { db, config } = ctx.data;
  const local = localHandleOfAddress(config.ORIGIN, target);
  if (local != null) return localActorIri(config.ORIGIN, local);
  const trimmed = target.trim();
  if (URL.canParse(trimmed)) return new URL(trimmed).href;
  const handle = trimmed.startsWith("@") ? trimmed : `@${trimmed}`;
  const known = await findRemoteActorByHandle(db, handle);
  return known?.iri ?? (await lookupActor(ctx, trimmed))?.id?.href;
}

export type LeaveResult =
  | { ok: true; change: "withdrawn" | "left" }
  | { ok: false; reason: "not-found" };

/** The local space withdraws its request to the hub, or leaves it. */
export async function leaveHub(
  ctx: Context<Deps>,
  memberHandle: string,
  hubIri: string,
  byIri?: string,
): Promise<LeaveResult> {
  const { db, config } = ctx.data;
  const memberIri = localActorIri(config.ORIGIN, memberHandle);
  const membership = await findMembership(db, memberIri, hubIri);
  if (membership == null) return { ok: false, reason: "not-found" };
  const change = membership.state === "pending" ? "withdrawn" : "left";
  const ended = await endMembership(db, memberIri, hubIri, change, byIri ?? memberIri);
  if (!ended.ok) return { ok: false, reason: "not-found" };
  if (localHandleOf(config.ORIGIN, hubIri) == null) {
    if (change === "withdrawn") await sendJoin(ctx, memberHandle, ended.membership, true);
    else await sendLeave(ctx, memberHandle, ended.membership);
  }
  return { ok: true, change };
}

/** A hub's admin accepts or rejects a pending request. */
export async function answerJoinRequest(
  ctx: Context<Deps>,
  hubHandle: string,
  memberIri: string,
  answer: "accept" | "reject",
  byIri?: string,
): Promise<TransitionResult> {
  const { db, config } = ctx.data;
  const hubIri = localActorIri(config.ORIGIN, hubHandle);
  const by = byIri ?? hubIri;
  const result =
    answer === "accept"
      ? await acceptMembership(db, memberIri, hubIri, by)
      : await endMembership(db, memberIri, hubIri, "rejected", by);
  if (result.ok && localHandleOf(config.ORIGIN, memberIri) == null)
    await sendMembershipAnswer(ctx, hubHandle, result.membership, answer);
  return result;
}

/** A hub's admin removes a member. */
export async function removeMember(
  ctx: Context<Deps>,
  hubHandle: string,
  memberIri: string,
  byIri?: string,
): Promise<TransitionResult> {
  const { db, config } = ctx.data;
  const hubIri = localActorIri(config.ORIGIN, hubHandle);
  const result = await endMembership(db, memberIri, hubIri, "removed", byIri ?? hubIri);
  if (result.ok && localHandleOf(config.ORIGIN, memberIri) == null)
    await sendRemove(ctx, hubHandle, result.membership);
  return result;
}
