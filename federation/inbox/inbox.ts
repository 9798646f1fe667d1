import type { Federation } from "@fedify/fedify";
import {
  Accept,
  Announce,
  Create,
  Delete,
  Follow,
  Join,
  Leave,
  Like,
  Reject,
  TentativeAccept,
  Undo,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { onAccept, onReject } from "./accept.ts";
import { onAnnounce } from "./announce.ts";
import { onCreate } from "./create.ts";
import { onDelete } from "./delete.ts";
import { onFollow } from "./follow.ts";
import { onGoneActorDelete } from "./gone-actor.ts";
import { onLike } from "./like.ts";
import { onJoin, onLeave, onTentativeAccept } from "./rsvp.ts";
import { onUndo } from "./undo.ts";
import { onUpdate } from "./update.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/**
 * Personal and shared inboxes. Fedify verifies each request's signature and that the signer is
 * the activity's actor (401 otherwise) before any listener runs; each activity is handled once
 * per origin however often it is delivered, and listeners are idempotent besides.
 */
export function registerInbox(federation: Federation<Deps>): void {
  federation
    .setInboxListeners("/@{identifier}/inbox", "/inbox")
    .withIdempotency("per-origin")
    .on(Follow, onFollow)
    .on(Accept, onAccept)
    .on(Reject, onReject)
    .on(Undo, onUndo)
    .on(Create, onCreate)
    .on(Update, onUpdate)
    .on(Delete, onDelete)
    .on(Like, onLike)
    .on(Announce, onAnnounce)
    .on(Join, onJoin)
    .on(Leave, onLeave)
    .on(TentativeAccept, onTentativeAccept)
    .onUnverifiedActivity(onGoneActorDelete)
    .onError((_ctx, error) => logger.error("Inbox listener failed: {error}", { error }));
}
