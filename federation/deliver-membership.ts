/**
 * Membership activities between a space and a hub on another server, as Mobilizon and other
 * group servers exchange them: the member sends `Join` (taken back with `Undo`) and `Leave`; the
 * hub answers with `Accept` or `Reject` quoting the Join, and ends a membership with `Remove`.
 */
import { randomUUID } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { Accept, Join, Leave, Reject, Remove, Undo } from "@fedify/vocab";
import type { Membership } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import { activityId, send } from "./deliver.ts";
import { MEMBERS_COLLECTION } from "./mappers/space.ts";
import { recipientFor } from "./remote.ts";

/** What an answer needs to quote a Join, with or without a membership recorded for it. */
export type JoinQuote = Pick<Membership, "activityIri" | "memberIri" | "hubIri">;

const joinOf = (membership: JoinQuote) =>
  new Join({
    id: new URL(membership.activityIri),
    actor: new URL(membership.memberIri),
    object: new URL(membership.hubIri),
    tos: [new URL(membership.hubIri)],
  });

/** The member asks, or withdraws its request (`undo`). */
export async function sendJoin(
  ctx: Context<Deps>,
  memberHandle: string,
  membership: Membership,
  undo = false,
) {
  const hub = await recipientFor(ctx, membership.hubIri);
  if (hub == null) return;
  const join = joinOf(membership);
  const activity = undo
    ? new Undo({
        id: activityId(membership.activityIri, "undo"),
        actor: ctx.getActorUri(memberHandle),
        object: join,
        tos: [new URL(membership.hubIri)],
      })
    : join;
  await send(ctx, memberHandle, [hub], activity);
}

/** The member leaves the hub. */
export async function sendLeave(ctx: Context<Deps>, memberHandle: string, membership: Membership) {
  const hub = await recipientFor(ctx, membership.hubIri);
  if (hub == null) return;
  const leave = new Leave({
    id: activityId(membership.activityIri, "leave"),
    actor: ctx.getActorUri(memberHandle),
    object: new URL(membership.hubIri),
    tos: [new URL(membership.hubIri)],
  });
  await send(ctx, memberHandle, [hub], leave);
}

/** The hub answers a request, quoting the Join so the member can match it. */
export async function sendMembershipAnswer(
  ctx: Context<Deps>,
  hubHandle: string,
  membership: JoinQuote,
  answer: "accept" | "reject",
) {
  const member = await recipientFor(ctx, membership.memberIri);
  if (member == null) return;
  const Answer = answer === "accept" ? Accept : Reject;
  await send(
    ctx,
    hubHandle,
    [member],
    new Answer({
      // On the hub's own origin, as every activity must be; one id per answer.
      id: new URL(`${ctx.getActorUri(hubHandle).href}#${answer}s/${randomUUID()}`),
      actor: ctx.getActorUri(hubHandle),
      object: joinOf(membership),
      tos: [new URL(membership.memberIri)],
    }),
  );
}

/** The hub removes a member from its members collection. */
export async function sendRemove(ctx: Context<Deps>, hubHandle: string, membership: Membership) {
  const member = await recipientFor(ctx, membership.memberIri);
  if (member == null) return;
  await send(
    ctx,
    hubHandle,
    [member],
    new Remove({
      id: new URL(`${ctx.getActorUri(hubHandle).href}#removes/${randomUUID()}`),
      actor: ctx.getActorUri(hubHandle),
      object: new URL(membership.memberIri),
      target: ctx.getCollectionUri(MEMBERS_COLLECTION, { identifier: hubHandle }),
      tos: [new URL(membership.memberIri)],
    }),
  );
}
