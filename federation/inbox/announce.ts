import type { InboxContext } from "@fedify/fedify";
import { type Announce, Create } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { isFollowedHere } from "../../server/follows/follows.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { receiveReaction } from "../../server/reactions/reactions.ts";
import { admitPost } from "../inbound-post.ts";
import { isPostObject } from "../mappers/post.ts";
import { isOwnOrigin } from "../origin.ts";
import { loaders } from "./loaders.ts";
import { receiveRelay } from "./relayed.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/**
 * A boost, or a group relaying a post (federation/inbox/relayed.ts). Of a post stored here a
 * boost is counted; of another post, when the booster is followed
 * from here, the post is kept as its own server serves it: an object embedded from another
 * origin is fetched again from its id, never trusted from the booster.
 */
export async function onAnnounce(ctx: InboxContext<Deps>, announce: Announce) {
  if (announce.id == null || announce.actorId == null || announce.objectId == null) return;
  const { db } = ctx.data;
  let post = await findPostByIri(db, announce.objectId.href);
  if (post == null) {
    if (isOwnOrigin(ctx.data.config.ORIGIN, announce.objectId)) return;
    if (!(await isFollowedHere(db, announce.actorId.href))) return;
    const object = await announcedObject(ctx, announce);
    if (!isPostObject(object) || object.id == null) {
      logger.warning("Ignored Announce {id}: its object ({type}) is not a post", {
        id: announce.id.href,
        type: object?.constructor.name ?? "unreachable",
      });
      return;
    }
    post = await findPostByIri(db, object.id.href);
    if (post == null) {
      const admitted = await admitPost(ctx, object, {
        loaders: loaders(ctx),
        change: "create",
        relevance: "any",
      });
      if (!admitted.ok) return;
      post = admitted.post;
    }
  }
  if (await receiveRelay(ctx, announce, post)) return;
  await receiveReaction(db, "boost", post, {
    activityIri: announce.id.href,
    actorIri: announce.actorId.href,
  });
}

/**
 * What a boost shares. A group server (Lemmy, per FEP-1b12) announces the Create of a post rather
 * than the post: what it shares is that Create's object.
 */
async function announcedObject(ctx: InboxContext<Deps>, announce: Announce) {
  const object = await announce.getObject(loaders(ctx));
  return object instanceof Create ? await object.getObject(loaders(ctx)) : object;
}
