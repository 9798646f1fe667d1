import type { InboxContext } from "@fedify/fedify";
import { isActor, type Update } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { admitPost } from "../inbound-post.ts";
import { forwardThroughHubs } from "../relay.ts";
import { rememberActor } from "../remote.ts";
import { loaders } from "./loaders.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/** An edited post or profile; only its owner may change it. */
export async function onUpdate(ctx: InboxContext<Deps>, update: Update) {
  const object = await update.getObject(loaders(ctx));
  const actorIri = update.actorId?.href;
  if (object == null || actorIri == null) return false;
  if (isActor(object)) {
    if (object.id?.href === actorIri) await rememberActor(ctx, object);
    return;
  }
  if (object.attributionId?.href !== actorIri) return;
  // The domain refuses the edit unless the stored post has the same author.
  const admitted = await admitPost(ctx, object, {
    loaders: loaders(ctx),
    change: "update",
    relevance: "required",
    received: update,
  });
  if (admitted.ok) await forwardThroughHubs(ctx, admitted.post.iri);
  else
    logger.debug("Edit not applied: {id} ({reason})", {
      id: object.id?.href,
      reason: admitted.reason,
    });
}
