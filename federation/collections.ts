import type { Federation } from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";

/**
 * The outbox, followers and following collections every actor links to. Until follows and posts
 * are stored (the federation core, issue 3) they are truthfully empty.
 */
export function registerCollections(federation: Federation<Deps>): void {
  federation
    .setOutboxDispatcher("/@{identifier}/outbox", () => ({ items: [] }))
    .setCounter(() => 0);
  federation
    .setFollowersDispatcher("/@{identifier}/followers", () => ({ items: [] }))
    .setCounter(() => 0);
  federation
    .setFollowingDispatcher("/@{identifier}/following", () => ({ items: [] }))
    .setCounter(() => 0);
}
