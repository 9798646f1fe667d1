import type { InboxContext } from "@fedify/fedify";
import { type Announce, Create } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { isFollowedHere } from "../../server/follows/follows.ts";
import { findPostByIri, persistRemotePost } from "../../server/posts/posts.ts";
import { receiveReaction } from "../../server/reactions/reactions.ts";
import { isPostObject } from "../mappers/post.ts";
import { remoteActor } from "../remote.ts";
import { draftFromRemote } from "../remote-post.ts";
import { loaders } from "./loaders.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/**
 * A boost. Of a post stored here it is counted; of another post by someone followed from here,
 * the post is fetched from its own server (never trusted from the booster) and kept.
 */
export async function onAnnounce(ctx: InboxContext<Deps>, announce: Announce) {
  if (announce.id == null || announce.actorId == null || announce.objectId == null) return;
  let post = await findPostByIri(ctx.data.db, announce.objectId.href);
  if (post == null) {
    const object = await announcedObject(ctx, announce);
    if (!isPostObject(object) || object.id == null || object.attributionId == null) {
      logger.warning("Ignored Announce {id}: its object ({type}) is not a post", {
        id: announce.id.href,
        type: object?.constructor.name ?? "unreachable",
      });
      return;
    }
    post = await findPostByIri(ctx.data.db, object.id.href);
    if (post == null) {
      const author = await remoteActor(ctx, object.attributionId);
      if (author == null) return;
      const draft = await draftFromRemote(ctx, object, author, loaders(ctx));
      if (draft == null || !(await isFollowedHere(ctx.data.db, announce.actorId.href))) return;
      const stored = await persistRemotePost(ctx.data.db, draft);
      if (!stored.ok) return;
      post = stored.post;
    }
  }
  await receiveReaction(ctx.data.db, "boost", post, {
    activityIri: announce.id.href,
    actorIri: announce.actorId.href,
  });
}

/**
 * What a boost shares. A group server (Lemmy, per FEP-1b12) announces the Create of a post rather
 * than the post: what it shares is that Create's object.
 */
async function announcedObject(ctx: InboxContext<Deps>, announce: Announce) {
  const object = await announce.getObject(loaders(ctx)).catch(() => null);
  return object instanceof Create ? await object.getObject(loaders(ctx)).catch(() => null) : object;
}
