import type { InboxContext } from "@fedify/fedify";
import { Join, type Leave, type Undo } from "@fedify/vocab";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import {
  endMembership,
  findMembership,
  findMembershipJoinedBy,
} from "../../server/membership/memberships.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { loaders } from "./loaders.ts";

/** Ends what a member had with a local hub: a pending request is withdrawn, a membership left. */
async function endFromMemberSide(ctx: InboxContext<Deps>, memberIri: string, hubIri: string) {
  const membership = await findMembership(ctx.data.db, memberIri, hubIri);
  if (membership == null) return;
  const change = membership.state === "pending" ? "withdrawn" : "left";
  await endMembership(ctx.data.db, memberIri, hubIri, change, memberIri);
}

/** A member space leaves a local hub. Returns false when the Leave is not about a local space. */
export async function leftHub(ctx: InboxContext<Deps>, leave: Leave): Promise<boolean> {
  const target = leave.objectId ? ctx.parseUri(leave.objectId) : null;
  if (target?.type !== "actor") return false;
  if ((await findSpaceByHandle(ctx.data.db, target.identifier)) == null) return false;
  if (leave.actorId != null)
    await endFromMemberSide(ctx, leave.actorId.href, ctx.getActorUri(target.identifier).href);
  return true;
}

/**
 * Undo of a Join of a local hub: the request is withdrawn (or the membership left). Found by the
 * Join's id, or from the Join itself when quoted by value; either way only its own sender may
 * undo it. Returns false when the undone activity is no such Join.
 */
export async function undoneJoin(
  ctx: InboxContext<Deps>,
  undo: Undo,
  undoneObject?: unknown,
): Promise<boolean> {
  const memberIri = undo.actorId?.href;
  if (memberIri == null || undo.objectId == null) return false;
  const origin = ctx.data.config.ORIGIN;
  const byId = await findMembershipJoinedBy(ctx.data.db, undo.objectId.href, memberIri);
  const undone =
    byId != null || undoneObject !== undefined
      ? undoneObject
      : await undo.getObject(loaders(ctx)).catch(() => null);
  const hubIri =
    byId?.hubIri ??
    (undone instanceof Join && undone.actorId?.href === memberIri ? undone.objectId?.href : null);
  const hubHandle = hubIri == null ? undefined : localHandleOf(origin, hubIri);
  if (hubIri == null || hubHandle == null) return false;
  const hub = await findSpaceByHandle(ctx.data.db, hubHandle);
  if (hub == null) return false;
  await endFromMemberSide(ctx, memberIri, hubIri);
  return true;
}
