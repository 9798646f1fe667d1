import type { InboxContext } from "@fedify/fedify";
import type { Join, Leave, TentativeAccept } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Post, RsvpStatus } from "../../db/schema.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { answerEvent, withdrawAnswer } from "../../server/events/rsvps.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { canView } from "../../server/posts/visibility.ts";
import { deliverPost } from "../deliver.ts";
import { answerJoin } from "../deliver-answers.ts";

const logger = getLogger(["hubnet", "federation", "inbox", "rsvp"]);

type Answer = { id: URL | null; actorId: URL | null; objectId: URL | null };

/** A local event that `actorIri` may see; answers to anything else are ignored. */
async function localEvent(ctx: InboxContext<Deps>, iri: string | undefined, actorIri: string) {
  if (iri == null) return undefined;
  const post = await findPostByIri(ctx.data.db, iri);
  if (post?.kind !== "event" || !post.isLocal) return undefined;
  return (await canView(ctx.data.db, post, { iri: actorIri })) ? post : undefined;
}

/** The organizer's followers and participants see the new count (read again: it just changed). */
async function announceParticipation(ctx: InboxContext<Deps>, event: Post) {
  const handle = localHandleOf(ctx.data.config.ORIGIN, event.authorIri);
  const counted = await findPostByIri(ctx.data.db, event.iri);
  if (handle && counted) await deliverPost(ctx, handle, counted, "update");
}

/**
 * An RSVP to a local event: Join (Mobilizon) or Accept (Friendica) is going, TentativeAccept is
 * maybe, Reject is not going. Returns false when the activity is not about a local event.
 */
export async function receiveRsvp(
  ctx: InboxContext<Deps>,
  answer: Answer,
  status: RsvpStatus,
): Promise<boolean> {
  const actorIri = answer.actorId?.href;
  if (actorIri == null) return false;
  const event = await localEvent(ctx, answer.objectId?.href, actorIri);
  if (event == null) return false;
  const result = await answerEvent(ctx.data.db, event, actorIri, status, answer.id?.href);
  if (!result.ok)
    logger.info("RSVP of {actor} refused: {reason}", { actor: actorIri, reason: result.reason });
  if (result.ok) await announceParticipation(ctx, event);
  return true;
}

export async function onJoin(ctx: InboxContext<Deps>, join: Join) {
  const actorIri = join.actorId?.href;
  const eventIri = join.objectId?.href;
  if (actorIri == null || eventIri == null || join.id == null) return;
  const event = await localEvent(ctx, eventIri, actorIri);
  if (event == null) return;
  const result = await answerEvent(ctx.data.db, event, actorIri, "going", join.id.href);
  const handle = localHandleOf(ctx.data.config.ORIGIN, event.authorIri);
  if (handle == null) return;
  await answerJoin(ctx, handle, { id: join.id.href, actorIri, eventIri }, result.ok);
  if (result.ok) await announceParticipation(ctx, event);
}

export async function onTentativeAccept(ctx: InboxContext<Deps>, answer: TentativeAccept) {
  await receiveRsvp(ctx, answer, "maybe");
}

export async function onLeave(ctx: InboxContext<Deps>, leave: Leave) {
  const actorIri = leave.actorId?.href;
  const event = await localEvent(ctx, leave.objectId?.href, actorIri ?? "");
  if (event == null || actorIri == null) return;
  if (await withdrawAnswer(ctx.data.db, event.iri, actorIri))
    await announceParticipation(ctx, event);
}

/**
 * The organizer of a remote event refused a local Join (the event is full): the local answer is
 * taken back so it does not show as going. Only the event's own author can refuse.
 */
export async function onJoinRefused(
  ctx: InboxContext<Deps>,
  refused: Join,
  organizerIri: string | undefined,
) {
  const eventIri = refused.objectId?.href;
  const participant = refused.actorId?.href;
  if (eventIri == null || participant == null || organizerIri == null) return;
  if (localHandleOf(ctx.data.config.ORIGIN, participant) == null) return;
  const event = await findPostByIri(ctx.data.db, eventIri);
  if (event?.authorIri !== organizerIri) return;
  await withdrawAnswer(ctx.data.db, eventIri, participant);
}
