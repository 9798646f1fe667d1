import type { Context } from "@fedify/fedify";
import { Endpoints } from "@fedify/vocab";

/** The URLs every local actor publishes, derived from the routes Fedify knows. */
export function actorEndpoints(ctx: Context<unknown>, identifier: string) {
  return {
    id: ctx.getActorUri(identifier),
    inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier),
    followers: ctx.getFollowersUri(identifier),
    following: ctx.getFollowingUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
  };
}
