import type { InboxContext } from "@fedify/fedify";
import type { Delete } from "@fedify/vocab";
import { forgetRemoteActor } from "../../server/actors/remote-actors.ts";
import type { Deps } from "../../server/deps.ts";
import { deletePost } from "../../server/posts/posts.ts";

/** A deleted post (only by its author) or a deleted account (only by itself). */
export async function onDelete(ctx: InboxContext<Deps>, deletion: Delete) {
  const actorIri = deletion.actorId?.href;
  const objectIri = deletion.objectId?.href;
  if (actorIri == null || objectIri == null) return;
  if (objectIri === actorIri) {
    await forgetRemoteActor(ctx.data.db, actorIri);
    return;
  }
  await deletePost(ctx.data.db, objectIri, actorIri);
}
