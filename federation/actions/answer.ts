/** A local person or space answers an event (RSVP) or votes on a proposal, here or elsewhere. */
import type { Context } from "@fedify/fedify";
import type { Post, RsvpStatus } from "../../db/schema.ts";
import { localActorIri, localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import {
  answerEvent,
  answerOf,
  type RsvpResult,
  withdrawAnswer,
} from "../../server/events/rsvps.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { castVote, type VoteResult } from "../../server/proposals/votes.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { deliverPost } from "../deliver.ts";
import { rsvpActivityIri, sendRsvp, sendVote } from "../deliver-answers.ts";

/** The organizer's followers see the new participant count (read again: it just changed). */
async function announceParticipation(ctx: Context<Deps>, event: Post) {
  const organizer = localHandleOf(ctx.data.config.ORIGIN, event.authorIri);
  const counted = await findPostByIri(ctx.data.db, event.iri);
  if (event.isLocal && organizer && counted) await deliverPost(ctx, organizer, counted, "update");
}

export async function rsvpAs(
  ctx: Context<Deps>,
  handle: string,
  event: Post,
  status: RsvpStatus | "withdrawn",
): Promise<RsvpResult | { ok: true; withdrawn: true }> {
  const { db } = ctx.data;
  const actorIri = localActorIri(ctx.data.config.ORIGIN, handle);
  const previous = (await answerOf(db, event.iri, actorIri))?.status;
  const activityIri = `${rsvpActivityIri(actorIri, event)}/${Date.now().toString(36)}`;
  let result: RsvpResult | { ok: true; withdrawn: true };
  if (status === "withdrawn") {
    await withdrawAnswer(db, event.iri, actorIri);
    result = { ok: true, withdrawn: true };
  } else result = await answerEvent(db, event, actorIri, status, activityIri);
  if (!result.ok) return result;
  if (event.isLocal) await announceParticipation(ctx, event);
  else await sendRsvp(ctx, handle, event, status, activityIri, previous);
  return result;
}

/**
 * Votes as a person, or as a space (one vote per space, cast by an admin: `castBy`). A vote on
 * a remote proposal is kept here too, so a second one is refused before it leaves.
 */
export async function voteAs(
  ctx: Context<Deps>,
  handle: string,
  proposal: Post,
  choices: number[],
  castBy?: string,
): Promise<VoteResult> {
  const origin = ctx.data.config.ORIGIN;
  const isSpace = (await findSpaceByHandle(ctx.data.db, handle)) != null;
  const voter = {
    iri: localActorIri(origin, handle),
    isSpace,
    castByIri: isSpace && castBy ? localActorIri(origin, castBy) : undefined,
  };
  const result = await castVote(ctx.data.db, proposal, voter, choices);
  if (result.ok && !proposal.isLocal) await sendVote(ctx, handle, proposal, result.vote.choices);
  return result;
}
