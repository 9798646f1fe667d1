import type { Context, Federation } from "@fedify/fedify";
import { Create, type Recipient } from "@fedify/vocab";
import type { FollowRow } from "../db/schema.ts";
import { localActorIri, localHandleOf } from "../server/actors/local-iris.ts";
import { findRemoteActors } from "../server/actors/remote-actors.ts";
import type { Deps } from "../server/deps.ts";
import { countFollows, followersOf, followingOf } from "../server/follows/follows.ts";
import { decodeCursor, FIRST_PAGE, type PageCursor } from "../server/paging/keyset.ts";
import { countOutbox, outboxOf } from "../server/posts/lists.ts";
import { toPostObject } from "./mappers/post.ts";
import { toInstant } from "./mappers/time.ts";
import { toRecipient } from "./remote.ts";

const PAGE_SIZE = 50;
/**
 * Followers read at once to deliver to all of them: a page at a time, so no query ever binds
 * more values than PostgreSQL accepts (65,535), however many followers there are.
 */
const FAN_OUT_PAGE = 1000;

/** Outbox, followers and following of every local actor, paginated newest first, with counts. */
export function registerCollections(federation: Federation<Deps>): void {
  federation
    .setOutboxDispatcher("/@{identifier}/outbox", async (ctx, identifier, cursor) => {
      // A cursor that does not decode was refused before Fedify (web/security/input.ts).
      const position = cursor == null ? undefined : decodeCursor(cursor);
      if (position == null) return null;
      const iri = localActorIri(ctx.data.config.ORIGIN, identifier);
      const page = await outboxOf(ctx.data.db, iri, position, 20);
      const followers = ctx.getFollowersUri(identifier);
      const items = page.items.map((post) => {
        const note = toPostObject(post, ctx, followers);
        return new Create({
          id: new URL(`${post.iri}#create`),
          actor: ctx.getActorUri(identifier),
          object: note,
          published: toInstant(post.publishedAt),
          tos: note.toIds,
          ccs: note.ccIds,
        });
      });
      return { items, nextCursor: page.next ?? null };
    })
    .setFirstCursor(() => FIRST_PAGE)
    .setCounter((ctx, identifier) =>
      countOutbox(ctx.data.db, localActorIri(ctx.data.config.ORIGIN, identifier)),
    );

  federation
    .setFollowersDispatcher("/@{identifier}/followers", async (ctx, identifier, cursor) => {
      const iri = localActorIri(ctx.data.config.ORIGIN, identifier);
      // Without a cursor Fedify asks for every follower, to deliver to them.
      if (cursor == null) return { items: await everyFollower(ctx, iri) };
      const position = decodeCursor(cursor);
      if (position == null) return null;
      const page = await followersOf(ctx.data.db, iri, position, PAGE_SIZE);
      return { items: await recipients(ctx, page.items), nextCursor: page.next ?? null };
    })
    .setFirstCursor(() => FIRST_PAGE)
    .setCounter((ctx, identifier) =>
      countFollows(ctx.data.db, "followers", localActorIri(ctx.data.config.ORIGIN, identifier)),
    );

  federation
    .setFollowingDispatcher("/@{identifier}/following", async (ctx, identifier, cursor) => {
      const position = cursor == null ? undefined : decodeCursor(cursor);
      if (position == null) return null;
      const page = await followingOf(
        ctx.data.db,
        localActorIri(ctx.data.config.ORIGIN, identifier),
        position,
        PAGE_SIZE,
      );
      return {
        items: page.items.map((row) => new URL(row.followeeIri)),
        nextCursor: page.next ?? null,
      };
    })
    .setFirstCursor(() => FIRST_PAGE)
    .setCounter((ctx, identifier) =>
      countFollows(ctx.data.db, "following", localActorIri(ctx.data.config.ORIGIN, identifier)),
    );
}

/** Followers as recipients: remote ones with their inboxes, local ones with this server's. */
/**
 * Followers as recipients. For delivery (`forDelivery`), local followers are left out: they read
 * the same database and need no delivery (federation/deliver.ts).
 */
async function recipients(
  ctx: Context<Deps>,
  rows: FollowRow[],
  forDelivery = false,
): Promise<Recipient[]> {
  const origin = ctx.data.config.ORIGIN;
  const remote = new Map(
    (
      await findRemoteActors(
        ctx.data.db,
        rows.map((r) => r.followerIri),
      )
    ).map((a) => [a.iri, a]),
  );
  return rows.flatMap((row) => {
    const actor = remote.get(row.followerIri);
    if (actor) return [toRecipient(actor)];
    const handle = localHandleOf(origin, row.followerIri);
    if (handle == null || forDelivery) return [];
    return [
      {
        id: new URL(row.followerIri),
        inboxId: ctx.getInboxUri(handle),
        endpoints: { sharedInbox: ctx.getInboxUri() },
      },
    ];
  });
}

export async function everyFollower(ctx: Context<Deps>, iri: string): Promise<Recipient[]> {
  const all: Recipient[] = [];
  let cursor: PageCursor | undefined;
  do {
    const page = await followersOf(ctx.data.db, iri, cursor, FAN_OUT_PAGE);
    for (const recipient of await recipients(ctx, page.items, true)) all.push(recipient);
    cursor = page.next == null ? undefined : decodeCursor(page.next);
  } while (cursor != null);
  return all;
}
