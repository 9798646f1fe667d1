import type { InboxContext } from "@fedify/fedify";
import type { Delete } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { forgetRemoteActor } from "../../server/actors/remote-actors.ts";
import type { Deps } from "../../server/deps.ts";
import { deleteRemotePost } from "../../server/posts/remote-posts.ts";
import { sameOrigin } from "../origin.ts";
import { forwardThroughHubs } from "../relay.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/**
 * A deleted account (only by itself), or a deleted post (only by its author). A post not stored
 * here leaves a tombstone, so its Create arriving later is ignored; only for an IRI on the
 * deleting actor's own origin, so nobody can bury someone else's posts in advance.
 */
export async function onDelete(ctx: InboxContext<Deps>, deletion: Delete) {
  const actorIri = deletion.actorId?.href;
  const objectIri = deletion.objectId?.href;
  if (actorIri == null || objectIri == null) return;
  if (objectIri === actorIri) {
    await forgetRemoteActor(ctx.data.db, actorIri);
    return;
  }
  if (!sameOrigin(objectIri, actorIri)) {
    logger.warn("Refused the Delete of {object} by {actor}: another origin", {
      object: objectIri,
      actor: actorIri,
    });
    return;
  }
  const result = await deleteRemotePost(ctx.data.db, objectIri, actorIri);
  if (result.ok) await forwardThroughHubs(ctx, objectIri);
  else
    logger.warn("Refused the Delete of {object} by {actor}: not its author", {
      object: objectIri,
      actor: actorIri,
    });
}
