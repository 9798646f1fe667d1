import type { Context } from "@fedify/fedify";
import { type Actor, isActor, type Recipient } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Post, RemoteActor } from "../db/schema.ts";
import { localHandleOf } from "../server/actors/local-iris.ts";
import { findRemoteActor, isStale, persistRemoteActor } from "../server/actors/remote-actors.ts";
import type { Deps } from "../server/deps.ts";
import { findPostByIri, persistRemotePost } from "../server/posts/posts.ts";
import { fetchPolicy } from "./document-loaders.ts";
import { INSTANCE_ACTOR } from "./mappers/instance-actor.ts";
import { isPostObject } from "./mappers/post.ts";
import { fromActor } from "./mappers/remote-actor.ts";
import { draftFromRemote } from "./remote-post.ts";
import { actorUrlOf, handleResource } from "./webfinger-lookup.ts";

const logger = getLogger(["hubnet", "federation", "actors"]);

/** Stores (or refreshes) what we know of an actor another server presented. */
export async function rememberActor(
  ctx: Context<Deps>,
  actor: Actor,
): Promise<RemoteActor | undefined> {
  if (actor.id == null || localHandleOf(ctx.data.config.ORIGIN, actor.id.href) != null)
    return undefined;
  const icon = await actor.getIcon({ crossOrigin: "ignore" }).catch(() => null);
  const iconUrl = icon?.url instanceof URL ? icon.url : null;
  const draft = fromActor(actor, iconUrl);
  return draft ? persistRemoteActor(ctx.data.db, draft) : undefined;
}

/**
 * The stored copy of a remote actor, fetched when missing or older than a day. A fetch that fails
 * keeps the stale copy: a server that is briefly down should not make its people disappear.
 */
export async function remoteActor(ctx: Context<Deps>, iri: URL): Promise<RemoteActor | undefined> {
  const cached = await findRemoteActor(ctx.data.db, iri.href);
  if (cached != null && !isStale(cached)) return cached;
  try {
    const object = await ctx.lookupObject(iri, {
      documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }),
    });
    if (isActor(object) && object.id?.href === iri.href)
      return (await rememberActor(ctx, object)) ?? cached;
  } catch (error) {
    logger.warn("Could not fetch {iri}: {error}", { iri: iri.href, error });
  }
  return cached;
}

/**
 * Finds `@user@host` (WebFinger) or an actor URL, and remembers it. Look-ups are signed by the
 * instance actor, so servers that require signed fetches answer too.
 */
export async function lookupActor(
  ctx: Context<Deps>,
  handleOrUrl: string,
): Promise<Actor | undefined> {
  try {
    const given = handleOrUrl.trim();
    const url = handleResource(given) ? await actorUrlOf(given, fetchPolicy(ctx.data)) : given;
    if (url == null) return undefined;
    const object = await ctx.lookupObject(url, {
      documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }),
    });
    if (!isActor(object)) return undefined;
    await rememberActor(ctx, object);
    return object;
  } catch (error) {
    logger.info("Look-up of {handle} failed: {error}", { handle: handleOrUrl, error });
    return undefined;
  }
}

/** The delivery address of a local or remote actor. */
export async function recipientFor(
  ctx: Context<Deps>,
  iri: string,
): Promise<Recipient | undefined> {
  const handle = localHandleOf(ctx.data.config.ORIGIN, iri);
  if (handle != null) {
    return {
      id: new URL(iri),
      inboxId: ctx.getInboxUri(handle),
      endpoints: { sharedInbox: ctx.getInboxUri() },
    };
  }
  const actor = await remoteActor(ctx, new URL(iri));
  return actor ? toRecipient(actor) : undefined;
}

export function toRecipient(actor: RemoteActor): Recipient {
  return {
    id: new URL(actor.iri),
    inboxId: new URL(actor.inboxIri),
    endpoints: actor.sharedInboxIri ? { sharedInbox: new URL(actor.sharedInboxIri) } : null,
  };
}

/**
 * A post someone here answers or acts on, fetched from its own server when not stored yet, so the
 * reply threads under it and reaches its author.
 */
export async function rememberPost(ctx: Context<Deps>, iri: string): Promise<Post | undefined> {
  const known = await findPostByIri(ctx.data.db, iri);
  if (known != null || localHandleOf(ctx.data.config.ORIGIN, iri) != null) return known;
  try {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
    const object = await ctx.lookupObject(iri, { documentLoader });
    if (!isPostObject(object) || object.attributionId == null) return undefined;
    const author = await remoteActor(ctx, object.attributionId);
    if (author == null) return undefined;
    const draft = await draftFromRemote(ctx, object, author, {
      documentLoader,
      contextLoader: ctx.contextLoader,
      crossOrigin: "ignore",
    });
    if (draft == null) return undefined;
    const stored = await persistRemotePost(ctx.data.db, draft);
    return stored.ok ? stored.post : undefined;
  } catch (error) {
    logger.info("Could not fetch the post {iri}: {error}", { iri, error });
    return undefined;
  }
}
