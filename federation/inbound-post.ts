/**
 * Every remote post is stored through here, whichever way it came: created or edited in an
 * inbox, fetched again for a boost, or looked up because someone here answers it. The same
 * rules apply on every path: the object's id shares its author's origin (and is not ours), the
 * author is known, and (server/posts/remote-posts.ts) a deleted IRI stays deleted.
 */
import type { Context } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Post } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import { findPostByIri } from "../server/posts/posts.ts";
import { persistRemotePost, updateRemotePost } from "../server/posts/remote-posts.ts";
import { classifyFailure } from "./failures.ts";
import { concernsUs } from "./inbox/relevance.ts";
import { INSTANCE_ACTOR } from "./mappers/instance-actor.ts";
import { isPostObject } from "./mappers/post.ts";
import { isObjectOfItsAuthor, isOwnOrigin } from "./origin.ts";
import { remoteActor } from "./remote.ts";
import { draftFromRemote } from "./remote-post.ts";

const logger = getLogger(["hubnet", "federation", "posts"]);

type Loaders = Parameters<typeof draftFromRemote>[3];

export type Admission =
  | { ok: true; post: Post }
  | {
      ok: false;
      reason:
        | "not-a-post"
        | "ours"
        | "wrong-origin"
        | "deleted"
        | "unknown-author"
        | "empty"
        | "not-relevant"
        | "not-owner"
        | "invalid-date";
    };

export interface AdmitOptions {
  loaders: Loaders;
  /** A new post, or an edit of one. */
  change: "create" | "update";
  /** Inbox deliveries are kept only when they concern this instance (inbox/relevance.ts). */
  relevance: "required" | "any";
  /** The activity that carried the object, whose document holds Hubnet's fields. */
  received?: Activity;
}

export async function admitPost(
  ctx: Context<Deps>,
  object: unknown,
  options: AdmitOptions,
): Promise<Admission> {
  if (!isPostObject(object) || object.id == null) return { ok: false, reason: "not-a-post" };
  // One of our own posts coming back (a reply forwarded to its thread's followers, a hub
  // relaying a member's edit): nothing to store, and nothing wrong with the sender.
  if (isOwnOrigin(ctx.data.config.ORIGIN, object.id)) return { ok: false, reason: "ours" };
  if (!isObjectOfItsAuthor(object, ctx.data.config.ORIGIN)) {
    logger.warn("Refused {id}: attributed to {author}, of another origin", {
      id: object.id.href,
      author: object.attributionId?.href,
    });
    return { ok: false, reason: "wrong-origin" };
  }
  const authorIri = object.attributionId as URL;
  const author = await remoteActor(ctx, authorIri, { transient: "throw" });
  if (author == null) return { ok: false, reason: "unknown-author" };
  const draft = await draftFromRemote(ctx, object, author, options.loaders, options.received);
  if (draft == null) return { ok: false, reason: "empty" };
  if (options.relevance === "required" && !(await concernsUs(ctx.data, draft)))
    return { ok: false, reason: "not-relevant" };
  return options.change === "create"
    ? persistRemotePost(ctx.data.db, draft)
    : updateRemotePost(ctx.data.db, draft);
}

/**
 * A post someone here answers or acts on, fetched from its own server when not stored yet, so the
 * reply threads under it and reaches its author.
 */
export async function rememberPost(ctx: Context<Deps>, iri: string): Promise<Post | undefined> {
  const known = await findPostByIri(ctx.data.db, iri);
  if (known != null || isOwnOrigin(ctx.data.config.ORIGIN, iri)) return known;
  try {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
    const object = await ctx.lookupObject(iri, { documentLoader });
    const admitted = await admitPost(ctx, object, {
      loaders: { documentLoader, contextLoader: ctx.contextLoader, crossOrigin: "ignore" },
      change: "create",
      relevance: "any",
    });
    return admitted.ok ? admitted.post : undefined;
  } catch (error) {
    logger.info("Could not fetch the post {iri}: {error}", {
      iri,
      error: classifyFailure(error) === "unknown" ? error : String(error),
    });
    return undefined;
  }
}
