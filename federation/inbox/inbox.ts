import type { Federation } from "@fedify/fedify";
import {
  Accept,
  Announce,
  Create,
  Delete,
  Flag,
  Follow,
  Join,
  Leave,
  Like,
  Reject,
  Remove,
  TentativeAccept,
  Undo,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { RetryLater } from "../failures.ts";
import { onAnnounce } from "./announce.ts";
import { onCreate } from "./create.ts";
import { onDelete } from "./delete.ts";
import { onFlag } from "./flag.ts";
import { onFollow } from "./follow.ts";
import { acceptedFollow, rejectedFollow } from "./follow-answer.ts";
import { onGoneActorDelete } from "./gone-actor.ts";
import { inbound } from "./inbound.ts";
import { onLike } from "./like.ts";
import { acceptedMembership, rejectedMembership } from "./membership-answer.ts";
import { joinedHub } from "./membership-join.ts";
import { leftHub, undoneJoin } from "./membership-leave.ts";
import { removedMember } from "./membership-remove.ts";
import {
  eventAnswer,
  joinedEvent,
  leftEvent,
  refusedEventJoin,
  undoneEventAnswer,
} from "./rsvp.ts";
import { undoneFollow } from "./undo-follow.ts";
import { undoneReaction } from "./undo-reaction.ts";
import { onUpdate } from "./update.ts";
import { receivedVote } from "./vote.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

const PERSONAL_INBOX = "/@{identifier}/inbox";
const SHARED_INBOX = "/inbox";
const INBOX_PATHS = new RegExp(
  `^(${[PERSONAL_INBOX, SHARED_INBOX].map((p) => p.replace("{identifier}", "[^/]+")).join("|")})$`,
);

/** Whether a request path is one of the inboxes (federation/inbox-gate.ts checks what they get). */
export const isInboxPath = (path: string) => INBOX_PATHS.test(path);

/**
 * Personal and shared inboxes. Requests have passed federation/inbox-gate.ts; Fedify verifies
 * each signature and that the signer is the activity's actor (401 otherwise) before any listener
 * runs; each activity is handled once per origin however often it is delivered, and listeners
 * are idempotent besides.
 *
 * An activity type can mean several things; each listener tries its meanings in order, each
 * recognizing its own kind of object (a Follow sent from here, a local event …), so what
 * happens when, say, a follow is accepted is one function in one file. A new meaning (a hub
 * membership) is one more file and one more entry below.
 */
export function registerInbox(federation: Federation<Deps>): void {
  federation
    .setInboxListeners(PERSONAL_INBOX, SHARED_INBOX)
    .withIdempotency("per-origin")
    .on(Follow, inbound(onFollow))
    .on(Accept, inbound(acceptedFollow, acceptedMembership, eventAnswer("going")))
    .on(TentativeAccept, inbound(eventAnswer("maybe")))
    .on(
      Reject,
      inbound(rejectedFollow, rejectedMembership, eventAnswer("not_going"), refusedEventJoin),
    )
    .on(Join, inbound(joinedHub, joinedEvent))
    .on(Leave, inbound(leftHub, leftEvent))
    .on(Remove, inbound(removedMember))
    .on(Undo, inbound(undoneReaction, undoneFollow, undoneJoin, undoneEventAnswer))
    .on(Create, inbound(receivedVote, onCreate))
    .on(Update, inbound(onUpdate))
    .on(Delete, inbound(onDelete))
    .on(Like, inbound(onLike))
    .on(Announce, inbound(onAnnounce))
    .on(Flag, inbound(onFlag))
    .onUnverifiedActivity(onGoneActorDelete)
    .onError((_ctx, error) => {
      // A transient failure is retried by the queue: one line each time, no stack trace.
      if (error instanceof RetryLater)
        logger.warning("Inbox activity failed, to be retried: {reason}", { reason: error.message });
      else logger.error("Inbox listener failed: {error}", { error });
    });
}
