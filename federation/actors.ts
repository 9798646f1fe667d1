import { type ActorKeyPair, type Federation, importJwk } from "@fedify/fedify";
import { Person, Tombstone } from "@fedify/vocab";
import { actorCards } from "../server/actors/actor-cards.ts";
import { ACTOR_PATH } from "../server/actors/local-iris.ts";
import type { Deps } from "../server/deps.ts";
import { ensureKeyPairs, findKeyPairs } from "../server/keys/key-pairs.ts";
import { hubsOf } from "../server/membership/lists.ts";
import { isDeletedAccount } from "../server/moderation/accounts.ts";
import { findPersonByHandle } from "../server/people/people.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { INSTANCE_ACTOR, toInstanceActor } from "./mappers/instance-actor.ts";
import { toPersonActor } from "./mappers/person.ts";
import { toGroup } from "./mappers/space.ts";
import { toInstant } from "./mappers/time.ts";

/**
 * Serves spaces (Group), people (Person) and the instance (Application) at `/@{identifier}`. A
 * suspended account, or one deleted here, answers 410 Gone with a Tombstone.
 */
export function registerActors(federation: Federation<Deps>): void {
  // Keys never change once made, and importing a JWK costs more than a row read.
  const keyCache = new Map<string, CryptoKeyPair[]>();

  federation
    .setActorDispatcher(ACTOR_PATH, async (ctx, identifier) => {
      if (identifier === INSTANCE_ACTOR)
        return toInstanceActor(ctx, await ctx.getActorKeyPairs(identifier));
      const space = await findSpaceByHandle(ctx.data.db, identifier);
      if (space != null) {
        const hubs = await hubsOf(ctx.data.db, ctx.getActorUri(identifier).href);
        const iris = hubs.items.map((row) => row.hubIri);
        const cards = await actorCards(ctx.data.db, ctx.data.config.ORIGIN, iris);
        const memberOf = iris.map((iri) => ({ iri, handle: cards.get(iri)?.handle ?? iri }));
        return toGroup(space, ctx, await ctx.getActorKeyPairs(identifier), { memberOf });
      }
      const person = await findPersonByHandle(ctx.data.db, identifier);
      if (person?.suspendedAt != null)
        return goneActor(ctx.getActorUri(identifier), person.suspendedAt);
      if (person != null) return toPersonActor(person, ctx, await ctx.getActorKeyPairs(identifier));
      const iri = ctx.getActorUri(identifier);
      return (await isDeletedAccount(ctx.data.db, iri.href)) ? goneActor(iri) : null;
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      const cached = keyCache.get(identifier);
      if (cached != null) return cached;
      // The instance actor is the only one whose keys are made on first use.
      if (identifier === INSTANCE_ACTOR) await ensureKeyPairs(ctx.data.db, INSTANCE_ACTOR);
      const rows = await findKeyPairs(ctx.data.db, identifier);
      const pairs = await Promise.all(
        rows.map(async (row) => ({
          privateKey: await importJwk(row.privateKey, "private"),
          publicKey: await importJwk(row.publicKey, "public"),
        })),
      );
      if (pairs.length > 0) keyCache.set(identifier, pairs);
      return pairs;
    })
    .mapHandle((ctx, username) => {
      const handle = username.toLowerCase();
      return handle === ctx.host.toLowerCase() ? INSTANCE_ACTOR : handle;
    });
}

function goneActor(id: URL, since?: Date): Tombstone {
  return new Tombstone({
    id,
    formerType: Person,
    deleted: since ? toInstant(since) : null,
  });
}

export type { ActorKeyPair };
