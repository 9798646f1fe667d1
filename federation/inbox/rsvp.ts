/**
 * Answers to local events, as Mobilizon (Join, Leave) and Friendica (Accept, TentativeAccept,
 * Reject) send them, and the organizer's refusal of a local person's Join to a remote event.
 * Each export is one meaning of its activity, recognized by its object being an event.
 */
import type { InboxContext } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Join,
  type Leave,
  type Reject,
  TentativeAccept,
  type Undo,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Post, RsvpStatus } from "../../db/schema.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { answerEvent, withdrawAnswer } from "../../server/events/rsvps.ts";
import { isRefusedBySpace } from "../../server/moderation/space-blocks.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { canView } from "../../server/posts/visibility.ts";
import { deliverPost } from "../deliver.ts";
import { answerJoin } from "../deliver-answers.ts";
import { loaders } from "./loaders.ts";

const logger = getLogger(["hubnet", "federation", "inbox", "rsvp"]);

/** A local event that `actorIri` may see; answers to anything else are not about an event. */
async function localEvent(ctx: InboxContext<Deps>, iri: URL | null, actorIri: string) {
  if (iri == null) return undefined;
  const post = await findPostByIri(ctx.data.db, iri.href);
  if (post?.kind !== "event" || !post.isLocal) return undefined;
  return (await canView(ctx.data.db, post, { iri: actorIri })) ? post : undefined;
}

/** Whether the event's space blocks this actor: its answer is then not taken (server/moderation/space-blocks.ts). */
async function refusedBySpace(ctx: InboxContext<Deps>, event: Post, actorIri: string) {
  const refused = await isRefusedBySpace(
    ctx.data.db,
    ctx.data.config.ORIGIN,
    event.authorIri,
    actorIri,
  );
  if (refused)
    logger.info("Answer of {actor} to {event} refused: blocked", {
      actor: actorIri,
      event: event.iri,
    });
  return refused;
}

/** The organizer's followers and participants see the new count (read again: it just changed). */
async function announceParticipation(ctx: InboxContext<Deps>, event: Post) {
  const handle = localHandleOf(ctx.data.config.ORIGIN, event.authorIri);
  const counted = await findPostByIri(ctx.data.db, event.iri);
  if (handle && counted) await deliverPost(ctx, handle, counted, "update");
}

/** Accept (going), TentativeAccept (maybe) or Reject (not going) of a local event, as Friendica says. */
export const eventAnswer =
  (status: RsvpStatus) => async (ctx: InboxContext<Deps>, answer: Activity) => {
    const actorIri = answer.actorId?.href;
    const event = actorIri ? await localEvent(ctx, answer.objectId, actorIri) : undefined;
    if (actorIri == null || event == null) return false;
    if (await refusedBySpace(ctx, event, actorIri)) return;
    const result = await answerEvent(ctx.data.db, event, actorIri, status, answer.id?.href);
    if (!result.ok)
      logger.info("RSVP of {actor} refused: {reason}", { actor: actorIri, reason: result.reason });
    else await announceParticipation(ctx, event);
  };

/** Join of a local event (Mobilizon): going, answered with Accept, or Reject when it is full. */
export async function joinedEvent(ctx: InboxContext<Deps>, join: Join) {
  const actorIri = join.actorId?.href;
  const event = actorIri ? await localEvent(ctx, join.objectId, actorIri) : undefined;
  if (actorIri == null || event == null || join.id == null) return false;
  const handle = localHandleOf(ctx.data.config.ORIGIN, event.authorIri);
  if (handle == null) return;
  const joining = { id: join.id.href, actorIri, eventIri: event.iri };
  if (await refusedBySpace(ctx, event, actorIri)) return answerJoin(ctx, handle, joining, false);
  const result = await answerEvent(ctx.data.db, event, actorIri, "going", join.id.href);
  await answerJoin(ctx, handle, joining, result.ok);
  if (result.ok) await announceParticipation(ctx, event);
}

/** Leave of a local event: the answer is withdrawn. */
export async function leftEvent(ctx: InboxContext<Deps>, leave: Leave) {
  const actorIri = leave.actorId?.href;
  const event = actorIri ? await localEvent(ctx, leave.objectId, actorIri) : undefined;
  if (actorIri == null || event == null) return false;
  if (await withdrawAnswer(ctx.data.db, event.iri, actorIri))
    await announceParticipation(ctx, event);
}

/** Undo of a Join, Accept or TentativeAccept of a local event: the answer is withdrawn. */
export async function undoneEventAnswer(ctx: InboxContext<Deps>, undo: Undo) {
  const actorIri = undo.actorId?.href;
  const answer = await undo.getObject(loaders(ctx));
  const isAnswer =
    answer instanceof Join || answer instanceof Accept || answer instanceof TentativeAccept;
  if (actorIri == null || !isAnswer || answer.actorId?.href !== actorIri) return false;
  const event = await localEvent(ctx, answer.objectId, actorIri);
  if (event == null) return false;
  if (await withdrawAnswer(ctx.data.db, event.iri, actorIri))
    await announceParticipation(ctx, event);
}

/**
 * Reject of a local person's Join to a remote event (it is full): the local answer is taken
 * back so it does not show as going. Only the event's own author can refuse.
 */
export async function refusedEventJoin(ctx: InboxContext<Deps>, reject: Reject) {
  // The quoted Join is ours (its id is on this origin, so Fedify would fetch it from here);
  // only its ids are read, and checked against what is stored.
  const refused = await reject.getObject({ ...loaders(ctx), crossOrigin: "trust" });
  if (!(refused instanceof Join)) return false;
  const eventIri = refused.objectId?.href;
  const participant = refused.actorId?.href;
  if (eventIri == null || participant == null) return false;
  if (localHandleOf(ctx.data.config.ORIGIN, participant) == null) return false;
  const event = await findPostByIri(ctx.data.db, eventIri);
  if (event == null || event.authorIri !== reject.actorId?.href) return false;
  await withdrawAnswer(ctx.data.db, eventIri, participant);
}
