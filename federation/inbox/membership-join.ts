import type { InboxContext } from "@fedify/fedify";
import { Group, type Join } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { requestMembership } from "../../server/membership/memberships.ts";
import { isBlockedBySpace } from "../../server/moderation/space-blocks.ts";
import { notify } from "../../server/notifications/notifications.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { sendMembershipAnswer } from "../deliver-membership.ts";
import { rememberActor } from "../remote.ts";

const logger = getLogger(["hubnet", "federation", "inbox", "membership"]);

/**
 * A space on another server asks to join a local hub: recorded, and accepted at once when the
 * hub accepts automatically (else it waits for an admin). Only spaces (`Group`s) join, and only
 * hubs take members: anything else is answered with a Reject. Returns false when the Join is not
 * about a local space (an event's Join goes to the RSVP handler).
 */
export async function joinedHub(ctx: InboxContext<Deps>, join: Join): Promise<boolean> {
  const target = join.objectId ? ctx.parseUri(join.objectId) : null;
  if (target?.type !== "actor") return false;
  const hub = await findSpaceByHandle(ctx.data.db, target.identifier);
  if (hub == null) return false;
  if (join.id == null || join.actorId == null) return true;
  const quote = {
    activityIri: join.id.href,
    memberIri: join.actorId.href,
    hubIri: ctx.getActorUri(hub.handle).href,
  };
  const member = await join.getActor(ctx);
  if (member?.id?.href !== quote.memberIri) return true;
  await rememberActor(ctx, member);
  const blocked = await isBlockedBySpace(ctx.data.db, hub.handle, quote.memberIri);
  if (hub.kind !== "hub" || !(member instanceof Group) || blocked) {
    logger.info("Join of {hub} by {member} refused: {reason}", {
      hub: quote.hubIri,
      member: quote.memberIri,
      reason: blocked ? "blocked" : hub.kind !== "hub" ? "not-a-hub" : "not-a-space",
    });
    await sendMembershipAnswer(ctx, hub.handle, quote, "reject");
    return true;
  }
  const state = hub.membershipApproval === "automatic" ? "accepted" : "pending";
  const result = await requestMembership(
    ctx.data.db,
    { ...quote, requestedByIri: quote.memberIri },
    state,
  );
  if (!result.ok) return true;
  // A repeated Join of an accepted member is answered again: the first Accept may be lost.
  if (result.membership.state === "accepted")
    await sendMembershipAnswer(ctx, hub.handle, result.membership, "accept");
  else
    await notify(ctx.data.db, {
      recipientIri: quote.hubIri,
      kind: "join_request",
      actorIri: quote.memberIri,
    });
  return true;
}
