import { inArray } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { people, spaces } from "../../db/schema.ts";
import { localHandleOf } from "./local-iris.ts";
import { findRemoteActors } from "./remote-actors.ts";

/** What a page needs to show an author: a name, a handle, a link. */
export interface ActorCard {
  iri: string;
  name: string;
  handle: string;
  url: string;
  isLocal: boolean;
  /** Its avatar or logo, where it has one. */
  icon?: string;
}

export async function actorCards(
  db: DatabaseLike,
  origin: string,
  iris: string[],
): Promise<Map<string, ActorCard>> {
  const host = new URL(origin).host;
  const unique = [...new Set(iris)];
  const localHandles = unique.flatMap((iri) => localHandleOf(origin, iri) ?? []);
  const cards = new Map<string, ActorCard>();
  if (localHandles.length > 0) {
    const [localSpaces, localPeople] = await Promise.all([
      db.select().from(spaces).where(inArray(spaces.handle, localHandles)),
      db.select().from(people).where(inArray(people.handle, localHandles)),
    ]);
    for (const space of localSpaces) {
      const iri = new URL(`/@${space.handle}`, origin).href;
      const name = space.name[space.defaultLanguage] ?? space.handle;
      cards.set(iri, {
        iri,
        name,
        handle: `@${space.handle}@${host}`,
        url: `/@${space.handle}`,
        isLocal: true,
        icon: space.iconUrl ?? undefined,
      });
    }
    for (const person of localPeople) {
      const iri = new URL(`/@${person.handle}`, origin).href;
      cards.set(iri, {
        iri,
        name: person.displayName,
        handle: `@${person.handle}@${host}`,
        url: `/@${person.handle}`,
        isLocal: true,
      });
    }
  }
  for (const actor of await findRemoteActors(
    db,
    unique.filter((iri) => !cards.has(iri)),
  )) {
    cards.set(actor.iri, {
      iri: actor.iri,
      name: actor.name ?? actor.handle,
      handle: actor.handle,
      url: actor.url ?? actor.iri,
      isLocal: false,
      icon: actor.iconUrl ?? undefined,
    });
  }
  for (const iri of unique) {
    if (!cards.has(iri)) cards.set(iri, { iri, name: iri, handle: iri, url: iri, isLocal: false });
  }
  return cards;
}
