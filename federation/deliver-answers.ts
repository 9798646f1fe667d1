/**
 * Answers to other servers' events and proposals, and the organizer's replies to them: RSVPs as
 * Mobilizon (Join, Leave) and Friendica (TentativeAccept, Reject) send them, and votes as
 * Mastodon sends them (a Note named after the option, in reply to the Question).
 */
import type { Context } from "@fedify/fedify";
import { Accept, Create, Join, Leave, Note, Reject, TentativeAccept } from "@fedify/vocab";
import type { Post, RsvpStatus } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import { activityId, send } from "./deliver.ts";
import { recipientFor } from "./remote.ts";

export const rsvpActivityIri = (actorIri: string, event: Post) =>
  `${actorIri}/rsvps/${encodeURIComponent(event.iri)}`;

/** A local actor's answer to a remote event, sent to its organizer. */
export async function sendRsvp(
  ctx: Context<Deps>,
  handle: string,
  event: Post,
  status: RsvpStatus | "withdrawn",
  activityIri: string,
  previous: RsvpStatus | undefined,
) {
  const organizer = await recipientFor(ctx, event.authorIri);
  if (organizer == null) return;
  const actor = ctx.getActorUri(handle);
  const object = new URL(event.iri);
  const id = new URL(activityIri);
  // Mobilizon keeps a participation until it receives Leave.
  if (previous === "going" && status !== "going")
    await send(
      ctx,
      handle,
      [organizer],
      new Leave({ id: activityId(activityIri, "leave"), actor, object }),
    );
  const answer =
    status === "going"
      ? new Join({ id, actor, object, tos: [new URL(event.authorIri)] })
      : status === "maybe"
        ? new TentativeAccept({ id, actor, object, tos: [new URL(event.authorIri)] })
        : status === "not_going"
          ? new Reject({ id, actor, object, tos: [new URL(event.authorIri)] })
          : undefined;
  if (answer) await send(ctx, handle, [organizer], answer);
}

/** The organizer confirms (or, when the event is full, refuses) a Join, as Mobilizon expects. */
export async function answerJoin(
  ctx: Context<Deps>,
  handle: string,
  join: { id: string; actorIri: string; eventIri: string },
  accepted: boolean,
) {
  const participant = await recipientFor(ctx, join.actorIri);
  if (participant == null) return;
  const actor = ctx.getActorUri(handle);
  const object = new Join({
    id: new URL(join.id),
    actor: new URL(join.actorIri),
    object: new URL(join.eventIri),
  });
  const Answer = accepted ? Accept : Reject;
  await send(
    ctx,
    handle,
    [participant],
    // On the organizer's own origin, as every activity it sends (federation/origin.ts).
    new Answer({ id: activityId(actor.href, accepted ? "accept" : "reject"), actor, object }),
  );
}

export const voteIri = (actorIri: string, proposalId: string, choice: number) =>
  `${actorIri}/votes/${proposalId}/${choice}`;

/** A local vote on a remote proposal: one Note per chosen option, addressed to its author only. */
export async function sendVote(
  ctx: Context<Deps>,
  handle: string,
  proposal: Post,
  choices: number[],
) {
  const d = proposal.details;
  if (d?.kind !== "proposal") return;
  const author = await recipientFor(ctx, proposal.authorIri);
  if (author == null) return;
  const actor = ctx.getActorUri(handle);
  for (const choice of choices) {
    const option = d.options[choice] ?? {};
    const name = option[proposal.defaultLanguage] ?? Object.values(option)[0] ?? "";
    const iri = voteIri(actor.href, proposal.id, choice);
    const note = new Note({
      id: new URL(iri),
      attribution: actor,
      name,
      replyTarget: new URL(proposal.iri),
      tos: [new URL(proposal.authorIri)],
    });
    await send(
      ctx,
      handle,
      [author],
      new Create({
        id: new URL(`${iri}#create`),
        actor,
        object: note,
        tos: [new URL(proposal.authorIri)],
      }),
    );
  }
}
