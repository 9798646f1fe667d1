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

const PERSONAL_INBOX = "/@{identifier}/inbox";
const SHARED_INBOX = "/inbox";
const INBOX_PATHS = new RegExp(
  `^(${[PERSONAL_INBOX, SHARED_INBOX].map((p) => p.replace("{identifier}", "[^/]+")).join("|")})$`,
);

/** Whether a request path is one of the inboxes (federation/inbox-gate.ts checks what they get). */
export const isInboxPath = (path: string) => INBOX_PATHS.test(path);

/**
 * Personal and shared inboxes. Fedify verifies each request's signature and that the signer is
 * the activity's actor (401 otherwise) before any listener runs; each activity is handled once
 * per origin however often it is delivered, and listeners are idempotent besides.
 */
export function registerInbox(federation: Federation<Deps>): void {
  federation
    .setInboxListeners(PERSONAL_INBOX, SHARED_INBOX)
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
