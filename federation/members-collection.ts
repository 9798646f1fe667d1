import type { Federation } from "@fedify/fedify";
import { Group } from "@fedify/vocab";
import { localActorIri } from "../server/actors/local-iris.ts";
import type { Deps } from "../server/deps.ts";
import { countMembers, membersOf } from "../server/membership/lists.ts";
import { decodeCursor, FIRST_PAGE } from "../server/paging/keyset.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { MEMBERS_COLLECTION } from "./mappers/space.ts";

const PAGE_SIZE = 50;

/** A hub's public `members` collection: its accepted member spaces, newest first. */
export function registerMembersCollection(federation: Federation<Deps>): void {
  federation
    .setCollectionDispatcher(
      MEMBERS_COLLECTION,
      Group,
      "/@{identifier}/members",
      async (ctx, { identifier }, cursor) => {
        const hub = await findSpaceByHandle(ctx.data.db, identifier);
        if (hub?.kind !== "hub") return null;
        const position = cursor == null ? undefined : decodeCursor(cursor);
        if (position == null) return null;
        const iri = localActorIri(ctx.data.config.ORIGIN, identifier);
        const page = await membersOf(ctx.data.db, iri, "accepted", position, PAGE_SIZE);
        return {
          items: page.items.map((row) => new Group({ id: new URL(row.memberIri) })),
          nextCursor: page.next ?? null,
        };
      },
    )
    .setFirstCursor(() => FIRST_PAGE)
    .setCounter(async (ctx, values) => {
      const identifier = values.identifier ?? "";
      const hub = await findSpaceByHandle(ctx.data.db, identifier);
      if (hub?.kind !== "hub") return null;
      return countMembers(ctx.data.db, localActorIri(ctx.data.config.ORIGIN, identifier));
    });
}
