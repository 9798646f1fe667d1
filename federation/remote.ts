import type { Context } from "@fedify/fedify";
import { type Actor, Group, isActor, type Recipient } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { RemoteActor } from "../db/schema.ts";
import { localHandleOf } from "../server/actors/local-iris.ts";
import { findRemoteActor, isStale, persistRemoteActor } from "../server/actors/remote-actors.ts";
import type { Deps } from "../server/deps.ts";
import { meetSpace } from "../server/directory/directory.ts";
import { deliverableActor } from "./delivery-guard.ts";
import { profileOf } from "./directory/space-profile.ts";
import { enqueueRefresh } from "./directory/worker.ts";
import { fetchPolicy } from "./document-loaders.ts";
import { classifyFailure } from "./failures.ts";
import { loaders } from "./inbox/loaders.ts";
import { INSTANCE_ACTOR } from "./mappers/instance-actor.ts";
import { fromActor } from "./mappers/remote-actor.ts";
import { isOwnOrigin } from "./origin.ts";
import { policyGuard } from "./policy-guard.ts";
import { actorUrlOf, handleResource } from "./webfinger-lookup.ts";

const logger = getLogger(["hubnet", "federation", "actors"]);

/**
 * Stores (or refreshes) what we know of an actor another server presented; never an actor of
 * this instance's own origin, nor one whose inbox is not a public address. A space (Group) is
 * met in the directory too, and refreshed in the background the first time.
 */
export async function rememberActor(
  ctx: Context<Deps>,
  actor: Actor,
  options: { meet?: boolean } = {},
): Promise<RemoteActor | undefined> {
  if (actor.id == null || isOwnOrigin(ctx.data.config.ORIGIN, actor.id)) return undefined;
  // An icon that cannot be fetched leaves the actor without one, nothing more; none is kept from
  // a domain whose media this instance rejects.
  const icon = (await policyGuard(ctx.data).rejectsMedia(actor.id))
    ? null
    : await actor.getIcon(loaders(ctx)).catch(() => null);
  const iconUrl = icon?.url instanceof URL ? icon.url : null;
  const draft = fromActor(actor, iconUrl);
  const deliverable = draft && (await deliverableActor(ctx.data, draft));
  if (deliverable == null) return undefined;
  const stored = await persistRemoteActor(ctx.data.db, deliverable);
  if (actor instanceof Group && options.meet !== false) {
    const isNew = await meetSpace(ctx.data.db, await profileOf(ctx, actor, stored), "actor");
    if (isNew) await enqueueRefresh(ctx.data.sql, stored.iri);
  }
  return stored;
}

/**
 * The stored copy of a remote actor, fetched when missing or older than a day. A fetch that fails
 * keeps the stale copy: a server that is briefly down should not make its people disappear. With
 * no copy at all, a transient failure is thrown when `transient` says so (an inbox handler wants
 * the queue to retry), and is otherwise taken as "unknown" (a local action must not fail).
 */
export async function remoteActor(
  ctx: Context<Deps>,
  iri: URL,
  options: { transient?: "throw" } = {},
): Promise<RemoteActor | undefined> {
  const cached = await findRemoteActor(ctx.data.db, iri.href);
  if (cached != null && !isStale(cached)) return cached;
  try {
    const object = await ctx.lookupObject(iri, {
      documentLoader: await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR }),
    });
    if (isActor(object) && object.id?.href === iri.href)
      return (await rememberActor(ctx, object)) ?? cached;
  } catch (error) {
    if (cached == null && options.transient === "throw" && classifyFailure(error) !== "permanent")
      throw error;
    logger.warn("Could not fetch {iri}: {error}", { iri: iri.href, error: String(error) });
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
