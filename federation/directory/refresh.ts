/**
 * Refreshing a directory entry from the space's own server: its actor (profile and Hubnet's
 * terms), the sizes of its followers, members and outbox collections, its newest activity, and
 * its server's software from NodeInfo. Any failure marks the space unreachable, never removes it.
 */
import type { Context } from "@fedify/fedify";
import { parseNodeInfo } from "@fedify/fedify";
import {
  type Actor,
  Collection,
  CollectionPage,
  Group,
  isActor,
  OrderedCollection,
  OrderedCollectionPage,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { and, eq, max } from "drizzle-orm";
import { posts } from "../../db/schema.ts";
import type { Deps } from "../../server/deps.ts";
import {
  everyDirectoryEntry,
  findDirectoryEntry,
  markUnreachable,
  meetSpace,
  saveRefresh,
} from "../../server/directory/directory.ts";
import { syncLocalSpaces } from "../../server/directory/local-spaces.ts";
import { visibleTo } from "../../server/posts/visibility.ts";
import { INSTANCE_ACTOR } from "../mappers/instance-actor.ts";
import { fromInstant } from "../mappers/time.ts";
import { lookupActor, rememberActor } from "../remote.ts";
import { readSpaceFacts } from "../remote-space.ts";
import { profileOf } from "./space-profile.ts";

const logger = getLogger(["hubnet", "federation", "directory"]);

/** A refresh asked for sooner than this after the last one is skipped (duplicates in the queue). */
export const MIN_REFRESH_INTERVAL_MS = 10 * 60 * 1000;

export type RefreshResult = "refreshed" | "recent" | "unreachable" | "unknown";

type Loaders = Parameters<Actor["getFollowers"]>[0];

async function totalOf(collection: unknown): Promise<number | null> {
  return collection instanceof Collection || collection instanceof OrderedCollection
    ? (collection.totalItems ?? null)
    : null;
}

/** When the newest item of an outbox was published: the first item of its first page. */
async function newestActivity(outbox: unknown, loaders: Loaders): Promise<Date | null> {
  if (!(outbox instanceof OrderedCollection || outbox instanceof Collection)) return null;
  const first = await outbox.getFirst(loaders).catch(() => null);
  if (!(first instanceof OrderedCollectionPage || first instanceof CollectionPage)) return null;
  const items = first.getItems(loaders);
  for await (const item of items) {
    const published = "published" in item ? (item.published as Temporal.Instant | null) : null;
    return published ? fromInstant(published) : null;
  }
  return null;
}

/** The software its NodeInfo names (`hubnet`, `mastodon`, `lemmy` …), through the safe loader. */
async function softwareOf(ctx: Context<Deps>, iri: string): Promise<string | null> {
  try {
    const wellKnown = new URL("/.well-known/nodeinfo", iri);
    const { document: links } = await ctx.documentLoader(wellKnown.href);
    const href = (links as { links?: { rel?: string; href?: string }[] }).links
      ?.filter((l) => l.rel?.startsWith("http://nodeinfo.diaspora.software/ns/schema/2."))
      .at(-1)?.href;
    if (href == null || new URL(href).origin !== wellKnown.origin) return null;
    const { document } = await ctx.documentLoader(href);
    const info = parseNodeInfo(document, { tryBestEffort: true });
    return info?.software.name.slice(0, 60) ?? null;
  } catch (error) {
    logger.debug("No NodeInfo for {iri}: {error}", { iri, error });
    return null;
  }
}

/** The latest post anyone may read that this instance stored from the space. */
async function latestStoredPost(deps: Deps, iri: string): Promise<Date | null> {
  const [row] = await deps.db
    .select({ latest: max(posts.publishedAt) })
    .from(posts)
    .where(and(eq(posts.authorIri, iri), visibleTo({ iri: undefined })));
  return row?.latest ?? null;
}

/** Refreshes one remote entry; `force` refreshes even one refreshed moments ago. */
export async function refreshSpace(
  ctx: Context<Deps>,
  iri: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<RefreshResult> {
  const now = options.now ?? new Date();
  const entry = await findDirectoryEntry(ctx.data.db, iri);
  if (entry == null || entry.isLocal) return "unknown";
  const age = entry.refreshedAt ? now.getTime() - entry.refreshedAt.getTime() : Infinity;
  if (!options.force && age < MIN_REFRESH_INTERVAL_MS) return "recent";
  try {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
    const loaders = {
      documentLoader,
      contextLoader: ctx.contextLoader,
      crossOrigin: "ignore" as const,
    };
    const actor = await ctx.lookupObject(iri, { documentLoader });
    if (!(actor instanceof Group) || actor.id?.href !== iri) throw new Error("no Group there");
    const stored = await rememberActor(ctx, actor, { meet: false });
    if (stored == null) throw new Error("the actor cannot be stored");
    const facts = await readSpaceFacts(ctx, actor);
    const [followers, outbox, members, software] = await Promise.all([
      actor.getFollowers(loaders).catch(() => null),
      actor.getOutbox(loaders).catch(() => null),
      facts.membersIri
        ? ctx.lookupObject(facts.membersIri, { documentLoader }).catch(() => null)
        : null,
      softwareOf(ctx, iri),
    ]);
    const activity = [await newestActivity(outbox, loaders), await latestStoredPost(ctx.data, iri)]
      .filter((d): d is Date => d != null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    await saveRefresh(
      ctx.data.db,
      await profileOf(ctx, actor, stored, facts),
      {
        followerCount: await totalOf(followers),
        memberCount: facts.kind === "hub" ? await totalOf(members) : null,
        postCount: await totalOf(outbox),
        lastActivityAt: activity ?? null,
        software,
      },
      now,
    );
    return "refreshed";
  } catch (error) {
    logger.info("Directory refresh of {iri} failed: {error}", { iri, error });
    await markUnreachable(ctx.data.db, iri, now);
    return "unreachable";
  }
}

export type AddResult =
  | { ok: true; iri: string; refreshed: RefreshResult }
  | { ok: false; reason: "not-found" | "not-a-space" };

/** An operator adds a space by `@name@host` or URL: looked up, recorded and refreshed at once. */
export async function addToDirectory(ctx: Context<Deps>, target: string): Promise<AddResult> {
  const actor = await lookupActor(ctx, target);
  if (actor?.id == null || !isActor(actor)) return { ok: false, reason: "not-found" };
  if (!(actor instanceof Group)) return { ok: false, reason: "not-a-space" };
  const stored = await rememberActor(ctx, actor, { meet: false });
  if (stored == null) return { ok: false, reason: "not-found" };
  await meetSpace(ctx.data.db, await profileOf(ctx, actor, stored), "operator");
  return {
    ok: true,
    iri: stored.iri,
    refreshed: await refreshSpace(ctx, stored.iri, { force: true }),
  };
}

/**
 * Every entry refreshed now, one after another (the operator's `directory refresh`): this
 * instance's spaces from the database, the others from their servers. Returns how each went.
 */
export async function refreshDirectoryNow(ctx: Context<Deps>) {
  await syncLocalSpaces(ctx.data.db, ctx.data.config.ORIGIN);
  const tally: Record<RefreshResult, number> = {
    refreshed: 0,
    recent: 0,
    unreachable: 0,
    unknown: 0,
  };
  for (const entry of await everyDirectoryEntry(ctx.data.db))
    if (!entry.isLocal) tally[await refreshSpace(ctx, entry.iri, { force: true })]++;
  return tally;
}
