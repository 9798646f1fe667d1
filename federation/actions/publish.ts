import type { Context } from "@fedify/fedify";
import type { z } from "zod";
import type { Mention, Post } from "../../db/schema.ts";
import { localActorIri, localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { notifyAboutPost } from "../../server/notifications/notifications.ts";
import {
  createLocalPost,
  deletePost,
  editLocalPost,
  type PostInput,
} from "../../server/posts/posts.ts";
import { findMentionHandles } from "../../server/posts/text.ts";
import { deliverPost } from "../deliver.ts";
import { rememberPost } from "../inbound-post.ts";
import { relayPost } from "../relay.ts";
import { lookupActor } from "../remote.ts";

/** `@user@host` handles in every language of the text, resolved by WebFinger; unknown ones stay text. */
async function resolveMentions(
  ctx: Context<Deps>,
  input: z.output<typeof PostInput>,
): Promise<Mention[]> {
  const handles = [...new Set(Object.values(input.content).flatMap(findMentionHandles))];
  const resolved = await Promise.all(
    handles.map(async (name) => {
      const [, user, host] = name.split("@");
      const local =
        host === new URL(ctx.data.config.ORIGIN).host
          ? localActorIri(ctx.data.config.ORIGIN, user ?? "")
          : undefined;
      const actor = local ? undefined : await lookupActor(ctx, name);
      const href = local ?? actor?.id?.href;
      return href ? { href, name } : undefined;
    }),
  );
  return resolved.filter((m): m is Mention => m != null);
}

export async function publishPost(
  ctx: Context<Deps>,
  handle: string,
  input: z.output<typeof PostInput>,
): Promise<Post> {
  // The post answered is fetched first, so the reply threads under it and reaches its author.
  if (input.inReplyToIri) await rememberPost(ctx, input.inReplyToIri);
  const author = {
    origin: ctx.data.config.ORIGIN,
    handle,
    iri: localActorIri(ctx.data.config.ORIGIN, handle),
  };
  const post = await createLocalPost(ctx.data.db, author, input, await resolveMentions(ctx, input));
  await notifyAboutPost(ctx.data.db, ctx.data.config.ORIGIN, post);
  await deliverPost(ctx, handle, post, "create");
  // A member's post to a hub on this instance is relayed here, without a round trip.
  await relayPost(ctx, post);
  return post;
}

export async function editPost(
  ctx: Context<Deps>,
  post: Post,
  input: z.output<typeof PostInput>,
): Promise<Post> {
  const handle = localHandleOf(ctx.data.config.ORIGIN, post.authorIri);
  if (handle == null) throw new Error(`${post.iri} is not a local post`);
  const edited = await editLocalPost(
    ctx.data.db,
    post,
    ctx.data.config.ORIGIN,
    input,
    await resolveMentions(ctx, input),
  );
  await deliverPost(ctx, handle, edited, "update");
  return edited;
}

export async function removePost(ctx: Context<Deps>, post: Post): Promise<void> {
  const handle = localHandleOf(ctx.data.config.ORIGIN, post.authorIri);
  if (handle == null) throw new Error(`${post.iri} is not a local post`);
  const deleted = await deletePost(ctx.data.db, post.iri, post.authorIri);
  if (deleted.ok) await deliverPost(ctx, handle, post, "delete");
}
