import type { ActorKeyPair, Context } from "@fedify/fedify";
import { Person as PersonActor } from "@fedify/vocab";
import type { Person } from "../../db/schema.ts";
import { actorEndpoints } from "./actor-endpoints.ts";
import { toInstant } from "./time.ts";

/** A local account as the Person actor other servers see. Email and roles never leave. */
export function toPersonActor(
  person: Person,
  ctx: Context<unknown>,
  keys: ActorKeyPair[],
): PersonActor {
  return new PersonActor({
    ...actorEndpoints(ctx, person.handle),
    preferredUsername: person.handle,
    name: person.displayName,
    url: ctx.getActorUri(person.handle),
    manuallyApprovesFollowers: false,
    discoverable: true,
    published: toInstant(person.createdAt),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
  });
}
