import type { Federation } from "@fedify/fedify";
import { Create, type Recipient } from "@fedify/vocab";
import { localActorIri, localHandleOf } from "../server/actors/local-iris.ts";
import { findRemoteActors } from "../server/actors/remote-actors.ts";
import type { Deps } from "../server/deps.ts";
import { countFollows, followersOf, followingOf } from "../server/follows/follows.ts";
import { countOutbox, outboxOf } from "../server/posts/posts.ts";
import { toPostObject } from "./mappers/post.ts";
import { toInstant } from "./mappers/time.ts";
import { toRecipient } from "./remote.ts";

const PAGE_SIZE = 50;
// Far enough in the future that the first page starts with the newest item.
const FIRST = "9999-12-31T00:00:00.000Z";

/** Outbox, followers and following of every local actor, paginated newest first, with counts. */
export function registerCollections(federation: Federation<Deps>): void {
  federation
    .setOutboxDispatcher("/@{identifier}/outbox", async (ctx, identifier, cursor) => {
      if (cursor == null) return null;
      const iri = localActorIri(ctx.data.config.ORIGIN, identifier);
      const page = await outboxOf(ctx.data.db, iri, cursor, 20);
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
    .setFirstCursor(() => FIRST)
    .setCounter((ctx, identifier) =>
      countOutbox(ctx.data.db, localActorIri(ctx.data.config.ORIGIN, identifier)),
    );

  federation
    .setFollowersDispatcher("/@{identifier}/followers", async (ctx, identifier, cursor) => {
      const iri = localActorIri(ctx.data.config.ORIGIN, identifier);
      // Without a cursor Fedify asks for every follower, to deliver to them.
      const rows =
        cursor == null
          ? await everyFollower(ctx.data, iri)
          : await followersOf(ctx.data.db, iri, cursor, PAGE_SIZE);
      const remote = new Map(
        (
          await findRemoteActors(
            ctx.data.db,
            rows.items.map((r) => r.followerIri),
          )
        ).map((a) => [a.iri, a]),
      );
      const items: Recipient[] = rows.items.flatMap((row) => {
        const actor = remote.get(row.followerIri);
        if (actor) return [toRecipient(actor)];
        const handle = localHandleOf(ctx.data.config.ORIGIN, row.followerIri);
        // Asked for every follower (cursor null) is asked whom to deliver to: local followers
        // read the same database and need no delivery (federation/deliver.ts).
        if (handle == null || cursor == null) return [];
        return [
          {
            id: new URL(row.followerIri),
            inboxId: ctx.getInboxUri(handle),
            endpoints: { sharedInbox: ctx.getInboxUri() },
          },
        ];
      });
      return { items, nextCursor: cursor == null ? null : (rows.next ?? null) };
    })
    .setFirstCursor(() => FIRST)
    .setCounter((ctx, identifier) =>
      countFollows(ctx.data.db, "followers", localActorIri(ctx.data.config.ORIGIN, identifier)),
    );

  federation
    .setFollowingDispatcher("/@{identifier}/following", async (ctx, identifier, cursor) => {
      if (cursor == null) return null;
      const page = await followingOf(
        ctx.data.db,
        localActorIri(ctx.data.config.ORIGIN, identifier),
        cursor,
        PAGE_SIZE,
      );
      return {
        items: page.items.map((row) => new URL(row.followeeIri)),
        nextCursor: page.next ?? null,
      };
    })
    .setFirstCursor(() => FIRST)
    .setCounter((ctx, identifier) =>
      countFollows(ctx.data.db, "following", localActorIri(ctx.data.config.ORIGIN, identifier)),
    );
}

async function everyFollower(deps: Deps, iri: string) {
  const items = [];
  let cursor: string | undefined = FIRST;
  while (cursor != null) {
    const page = await followersOf(deps.db, iri, cursor, 1000);
    items.push(...page.items);
    cursor = page.next;
  }
  return { items, next: undefined };
}
