import type { InboxContext } from "@fedify/fedify";
import { isActor, type Update } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import { updateRemotePost } from "../../server/posts/posts.ts";
import { isPostObject } from "../mappers/post.ts";
import { rememberActor, remoteActor } from "../remote.ts";
import { draftFromRemote } from "../remote-post.ts";
import { loaders } from "./loaders.ts";
import { concernsUs } from "./relevance.ts";

/** An edited post or profile; only its owner may change it. */
export async function onUpdate(ctx: InboxContext<Deps>, update: Update) {
  const object = await update.getObject(loaders(ctx));
  const actorIri = update.actorId?.href;
  if (object == null || actorIri == null) return;
  if (isActor(object)) {
    if (object.id?.href === actorIri) await rememberActor(ctx, object);
    return;
  }
  if (!isPostObject(object) || object.attributionId?.href !== actorIri) return;
  const author = await remoteActor(ctx, new URL(actorIri));
  if (author == null) return;
  const draft = await draftFromRemote(ctx, object, author, loaders(ctx), update);
  if (draft == null || !(await concernsUs(ctx.data, draft))) return;
  // The domain refuses the edit unless the stored post has the same author.
  await updateRemotePost(ctx.data.db, draft);
}
