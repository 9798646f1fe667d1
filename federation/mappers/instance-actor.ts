import type { ActorKeyPair, Context } from "@fedify/fedify";
import { Application } from "@fedify/vocab";
import { actorEndpoints } from "./actor-endpoints.ts";

/**
 * The identifier of the instance's own actor. It holds a dot, which no handle may, so it can
 * never collide with a space or a person.
 */
export const INSTANCE_ACTOR = "instance.actor";

/** The Application actor that signs fetches made on behalf of the instance itself. */
export function toInstanceActor(ctx: Context<unknown>, keys: ActorKeyPair[]): Application {
  return new Application({
    ...actorEndpoints(ctx, INSTANCE_ACTOR),
    preferredUsername: ctx.host,
    name: `Hubnet at ${ctx.host}`,
    url: new URL("/", ctx.canonicalOrigin),
    manuallyApprovesFollowers: true,
    discoverable: false,
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
  });
}
