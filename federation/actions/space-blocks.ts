import type { Context } from "@fedify/fedify";
import type { Space, SpaceBlock } from "../../db/schema.ts";
import type { Deps } from "../../server/deps.ts";
import {
  blockInSpace,
  blockTargetOf,
  membershipsCoveredBy,
} from "../../server/moderation/space-blocks.ts";
import { answerFollow } from "../deliver.ts";
import { isOwnOrigin } from "../origin.ts";
import { lookupActor } from "../remote.ts";
import { answerJoinRequest, removeMember } from "./membership.ts";

export type SpaceBlockOutcome =
  | { ok: true; block: SpaceBlock; endedFollows: number; endedMemberships: number }
  | { ok: false; reason: "not-found" | "local" };

/**
 * A space blocks `@user@host`, an actor's IRI or a domain. Their follows of the space end, and
 * each follower's server hears so: a Reject of its Follow, as a refused follow would get. When
 * the space is a hub, their memberships end (a Remove) and their requests are rejected.
 */
export async function blockForSpace(
  ctx: Context<Deps>,
  space: Space,
  given: string,
  reason: string,
  byPersonId: string | null,
): Promise<SpaceBlockOutcome> {
  const origin = ctx.data.config.ORIGIN;
  const address = /^@?[^@\s/]+@[^@\s/]+$/.test(given.trim());
  const target = address
    ? await lookupActor(ctx, given).then((actor) =>
        actor?.id ? ({ kind: "actor", target: actor.id.href } as const) : undefined,
      )
    : blockTargetOf(given);
  if (target == null) return { ok: false, reason: "not-found" };
  const local =
    target.kind === "actor"
      ? isOwnOrigin(origin, target.target)
      : target.target === new URL(origin).hostname;
  if (local) return { ok: false, reason: "local" };
  const { block, ended } = await blockInSpace(
    ctx.data.db,
    origin,
    space,
    { ...target, reason },
    byPersonId,
  );
  for (const follow of ended) await answerFollow(ctx, space.handle, follow, "reject");
  const members = await membershipsCoveredBy(ctx.data.db, origin, space, target);
  for (const membership of members)
    if (membership.state === "accepted")
      await removeMember(ctx, space.handle, membership.memberIri);
    else await answerJoinRequest(ctx, space.handle, membership.memberIri, "reject");
  return { ok: true, block, endedFollows: ended.length, endedMemberships: members.length };
}
