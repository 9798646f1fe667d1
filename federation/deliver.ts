import { randomUUID } from "node:crypto";
import type { Context, RequestContext } from "@fedify/fedify";
import {
  Accept,
  type Actor,
  Announce,
  Create,
  Delete,
  Follow,
  Like,
  type Recipient,
  Reject,
  Tombstone,
  Undo,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Post } from "../db/schema.ts";
import { localActorIri, localHandleOf } from "../server/actors/local-iris.ts";
import type { Deps } from "../server/deps.ts";
import { answersTo } from "../server/events/rsvps.ts";
import { findPostByIri } from "../server/posts/posts.ts";
import { votersOf } from "../server/proposals/votes.ts";
import { addressing, toPostObject } from "./mappers/post.ts";
import { toInstant } from "./mappers/time.ts";
import { recipientFor } from "./remote.ts";

/**
 * The one way out: every outbound activity goes through the persistent queue, and a failure to
 * enqueue is logged, never thrown, so a local action never fails because a peer is down.
 * Recipients on this instance are left out: what a local actor does to a local actor or post
 * already took effect in the shared database (federation/actions), so only other servers hear.
 * Each inbox gets its own queued message (`fanout: "skip"`): Fedify's fan-out queue would parse
 * the activity again and serialize it anew, which drops Hubnet's extension fields.
 */
const logger = getLogger(["hubnet", "federation", "deliver"]);

export interface SendOptions {
  /**
   * Sign with the actor's RSA key only: HTTP Signatures and the Linked Data signature Fedify
   * always adds, but no Object Integrity Proof (FEP-8b32), which only lets a third server check
   * an activity passed on to it. For activities nobody passes on (answers to a follow), where
   * the proof costs as much CPU as the rest of the delivery (bench/notes.md).
   */
  withoutProof?: boolean;
  /**
   * Activities with the same key reach each server in the order they were sent (the queue holds
   * one back until the one before is delivered): the IRI of a post for its Create, Update and
   * Delete, `orderingKeyOf(follower, followee)` for a Follow and its Undo.
   */
  orderingKey?: string;
}

export const orderingKeyOf = (...iris: string[]) => iris.join(" ");

export async function send(
  ctx: Context<Deps>,
  handle: string,
  recipients: Recipient[] | "followers",
  activity: Parameters<Context<Deps>["sendActivity"]>[2],
  extra: Recipient[] = [],
  { orderingKey, withoutProof }: SendOptions = {},
): Promise<void> {
  const options = { preferSharedInbox: true, fanout: "skip", orderingKey } as const;
  const remote = (list: Recipient[]) =>
    list.filter((r) => r.id == null || localHandleOf(ctx.data.config.ORIGIN, r.id.href) == null);
  try {
    // The followers collection leaves local followers out when Fedify asks for all of them.
    if (recipients === "followers")
      await ctx.sendActivity({ identifier: handle }, "followers", activity, options);
    const direct = remote([...(recipients === "followers" ? [] : recipients), ...extra]);
    if (direct.length > 0)
      await ctx.sendActivity(
        withoutProof ? await rsaKeysOf(ctx, handle) : { identifier: handle },
        direct,
        activity,
        options,
      );
  } catch (error) {
    logger.error("Could not queue {type} from {handle}: {error}", {
      type: activity.constructor.name,
      handle,
      error,
    });
  }
}

/** The actor's RSA keys as Fedify takes a sender's keys; given keys, Fedify adds no proof. */
async function rsaKeysOf(ctx: Context<Deps>, handle: string) {
  const pairs = await ctx.getActorKeyPairs(handle);
  const rsa = pairs.filter((pair) => pair.privateKey.algorithm.name === "RSASSA-PKCS1-v1_5");
  if (rsa.length === 0) throw new Error(`${handle} has no RSA key to sign with`);
  return rsa.map(({ keyId, privateKey }) => ({ keyId, privateKey }));
}

export const activityId = (base: string, verb: string) =>
  new URL(`${base}#${verb}/${Date.now().toString(36)}`);

export async function sendFollow(
  ctx: Context<Deps>,
  handle: string,
  target: Actor,
  followId: string,
) {
  const recipient = { id: target.id, inboxId: target.inboxId, endpoints: target.endpoints };
  const actor = ctx.getActorUri(handle);
  await send(
    ctx,
    handle,
    [recipient],
    new Follow({ id: new URL(followId), actor, object: target.id }),
    [],
    {
      orderingKey: orderingKeyOf(actor.href, target.id?.href ?? ""),
    },
  );
}

export async function sendUndoFollow(
  ctx: Context<Deps>,
  handle: string,
  targetIri: string,
  followId: string,
) {
  const recipient = await recipientFor(ctx, targetIri);
  if (recipient == null) return;
  const actor = ctx.getActorUri(handle);
  const follow = new Follow({ id: new URL(followId), actor, object: new URL(targetIri) });
  await send(
    ctx,
    handle,
    [recipient],
    new Undo({ id: activityId(followId, "undo"), actor, object: follow }),
    [],
    { orderingKey: orderingKeyOf(actor.href, targetIri) },
  );
}

/** Answers a Follow with Accept or Reject, quoting the Follow so the follower can match it. */
export async function answerFollow(
  ctx: Context<Deps>,
  handle: string,
  follow: { activityIri: string; followerIri: string },
  answer: "accept" | "reject",
) {
  const recipient = await recipientFor(ctx, follow.followerIri);
  if (recipient == null) return;
  const actor = ctx.getActorUri(handle);
  const object = new Follow({
    id: new URL(follow.activityIri),
    actor: new URL(follow.followerIri),
    object: actor,
  });
  const Answer = answer === "accept" ? Accept : Reject;
  await send(
    ctx,
    handle,
    [recipient],
    // On the answering actor's own origin, as every activity it sends (federation/origin.ts).
    new Answer({ id: activityId(actor.href, answer), actor, object }),
    [],
    { withoutProof: true },
  );
}

/** Who besides the followers receives a post: the mentioned, and the author it answers. */
async function extraRecipients(ctx: Context<Deps>, post: Post): Promise<Recipient[]> {
  const iris = new Set(post.mentions.map((m) => m.href));
  // The hub a post is addressed to receives it, to pass it on (FEP-1b12).
  if (post.audienceIri && post.visibility !== "direct") iris.add(post.audienceIri);
  // Voters and participants hear about results and changes even when they do not follow.
  if (post.kind === "proposal")
    for (const iri of await votersOf(ctx.data.db, post.iri)) iris.add(iri);
  if (post.kind === "event")
    for (const answer of await answersTo(ctx.data.db, post.iri)) iris.add(answer.actorIri);
  if (post.inReplyToIri) {
    const parent = await findPostByIri(ctx.data.db, post.inReplyToIri);
    if (parent) iris.add(parent.authorIri);
  }
  iris.delete(post.authorIri);
  const found = await Promise.all([...iris].map((iri) => recipientFor(ctx, iri)));
  return found.filter((r): r is Recipient => r != null);
}

/** Delivers the creation, edit or deletion of a local post to everyone who should see it. */
export async function deliverPost(
  ctx: Context<Deps>,
  handle: string,
  post: Post,
  change: "create" | "update" | "delete",
) {
  const actor = ctx.getActorUri(handle);
  const followers = ctx.getFollowersUri(handle);
  const note = toPostObject(post, ctx, followers);
  const audience = addressing(post.visibility, followers, post.mentions);
  const extra = await extraRecipients(ctx, post);
  // Each change is its own Update (a new participant count changes no edit time); receivers
  // handle an activity id once, and a retried delivery carries the same one.
  const stamp = randomUUID();
  const activity =
    change === "create"
      ? new Create({
          id: new URL(`${post.iri}#create`),
          actor,
          object: note,
          published: toInstant(post.publishedAt),
          ...audience,
        })
      : change === "update"
        ? new Update({
            id: new URL(`${post.iri}#update/${stamp}`),
            actor,
            object: note,
            updated: toInstant(new Date()),
            ...audience,
          })
        : new Delete({
            id: new URL(`${post.iri}#delete`),
            actor,
            object: new Tombstone({ id: new URL(post.iri), deleted: toInstant(new Date()) }),
            ...audience,
          });
  await send(ctx, handle, post.visibility === "direct" ? extra : "followers", activity, extra, {
    orderingKey: post.iri,
  });
}

/** A local person's like or boost of a post (or its withdrawal), sent to the post's author. */
export async function sendReaction(
  ctx: Context<Deps>,
  handle: string,
  post: Post,
  kind: "like" | "boost",
  activityIri: string,
  undo = false,
) {
  const author = await recipientFor(ctx, post.authorIri);
  const actor = ctx.getActorUri(handle);
  const object = new URL(post.iri);
  const published = toInstant(new Date());
  const reaction =
    kind === "like"
      ? new Like({ id: new URL(activityIri), actor, object })
      : new Announce({
          id: new URL(activityIri),
          actor,
          object,
          published,
          ...addressing("public", ctx.getFollowersUri(handle), []),
        });
  const activity = undo
    ? new Undo({ id: activityId(activityIri, "undo"), actor, object: reaction })
    : reaction;
  const to = author ? [author] : [];
  // Boosts also reach the booster's own followers, as on Mastodon.
  await send(
    ctx,
    handle,
    kind === "boost" ? "followers" : to,
    activity,
    kind === "boost" ? to : [],
  );
}

export function reactionIri(
  origin: string,
  handle: string,
  kind: "like" | "boost",
  postId: string,
) {
  return `${localActorIri(origin, handle)}/${kind}s/${postId}`;
}

/** Tells followers that a local actor's profile changed (name, settings, keys). */
export async function sendProfileUpdate(ctx: RequestContext<Deps>, handle: string) {
  const actor = await ctx.getActor(handle);
  if (actor == null) return;
  const id = activityId(ctx.getActorUri(handle).href, "update");
  await send(
    ctx,
    handle,
    "followers",
    new Update({
      id,
      actor: ctx.getActorUri(handle),
      object: actor,
      updated: toInstant(new Date()),
    }),
  );
}
