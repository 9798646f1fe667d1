import type { InboxContext } from "@fedify/fedify";
import type { Remove } from "@fedify/vocab";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { endMembership, findMembership } from "../../server/membership/memberships.ts";

/**
 * A remote hub removes a local space from its members (or turns down its request). Only the hub
 * itself can: the membership is looked up by the signed actor as its hub.
 */
export async function removedMember(ctx: InboxContext<Deps>, remove: Remove) {
  const hubIri = remove.actorId?.href;
  const memberIri = remove.objectId?.href;
  if (hubIri == null || memberIri == null) return;
  if (localHandleOf(ctx.data.config.ORIGIN, memberIri) == null) return;
  const membership = await findMembership(ctx.data.db, memberIri, hubIri);
  if (membership == null) return;
  const change = membership.state === "pending" ? "rejected" : "removed";
  await endMembership(ctx.data.db, memberIri, hubIri, change, hubIri);
}
