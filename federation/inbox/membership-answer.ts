import type { InboxContext } from "@fedify/fedify";
import type { Accept, Reject } from "@fedify/vocab";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import {
  acceptMembership,
  endMembership,
  findMembershipByActivity,
} from "../../server/membership/memberships.ts";

/**
 * A remote hub answers a local space's request: Accept makes it a member, Reject ends the
 * request (or, after acceptance, the membership). The answer must quote a Join of ours sent to
 * the answering hub, so nobody else can answer for it. Returns false when it quotes no such Join.
 */
async function answeredMembership(
  ctx: InboxContext<Deps>,
  answer: Accept | Reject,
  verdict: "accept" | "reject",
): Promise<boolean> {
  const hubIri = answer.actorId?.href;
  const joinIri = answer.objectId?.href;
  if (hubIri == null || joinIri == null) return false;
  const { db, config } = ctx.data;
  const membership = await findMembershipByActivity(db, joinIri, hubIri);
  if (membership == null || localHandleOf(config.ORIGIN, membership.memberIri) == null)
    return false;
  const { memberIri } = membership;
  if (verdict === "accept") await acceptMembership(db, memberIri, hubIri, hubIri);
  else if (membership.state === "pending")
    await endMembership(db, memberIri, hubIri, "rejected", hubIri);
  else await endMembership(db, memberIri, hubIri, "removed", hubIri);
  return true;
}

export const acceptedMembership = (ctx: InboxContext<Deps>, accept: Accept) =>
  answeredMembership(ctx, accept, "accept");
export const rejectedMembership = (ctx: InboxContext<Deps>, reject: Reject) =>
  answeredMembership(ctx, reject, "reject");
