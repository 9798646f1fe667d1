import type { DatabaseLike } from "../db/client.ts";
import type { Person } from "../db/schema.ts";
import { localActorIri } from "../server/actors/local-iris.ts";
import { rolesOf } from "../server/people/people.ts";
import { roleMay, type SpaceAction } from "../server/spaces/permissions.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";

export interface Identity {
  handle: string;
  label: string;
}

/**
 * The local actors a person may act as for `action`: themself first, then the spaces where their
 * role allows it (publishing: editors and up; following and notifications: owners and admins).
 */
export async function identitiesOf(
  db: DatabaseLike,
  person: Person,
  action: SpaceAction = "publish",
): Promise<Identity[]> {
  const roles = await rolesOfReader(db, person);
  return [
    { handle: person.handle, label: `${person.displayName} (@${person.handle})` },
    ...roles
      .filter((r) => roleMay(r.role, action))
      .map((r) => ({
        handle: r.space.handle,
        label: `${r.space.name[r.space.defaultLanguage] ?? r.space.handle} (@${r.space.handle})`,
      })),
  ];
}

/**
 * The signed-in person's roles, asked once per request: the person object is the session's, made
 * for this request, and the header's unread count, the identities to publish as and those whose
 * notifications show all ask for them on one page.
 */
const rolesOfRequest = new WeakMap<Person, ReturnType<typeof rolesOf>>();
function rolesOfReader(db: DatabaseLike, person: Person): ReturnType<typeof rolesOf> {
  let roles = rolesOfRequest.get(person);
  if (roles == null) {
    roles = rolesOf(db, person.id);
    rolesOfRequest.set(person, roles);
    // A failed question is not kept: the next one asks again.
    roles.catch(() => rolesOfRequest.delete(person));
  }
  return roles;
}

/** The actor IRIs whose notifications a person reads: their own and their managed spaces'. */
export async function notifiedIrisOf(db: DatabaseLike, origin: string, person: Person) {
  const identities = await identitiesOf(db, person, "manage-follows");
  return identities.map((i) => localActorIri(origin, i.handle));
}

/** The languages a local actor writes in: a space's own list; none for a person. */
export async function languagesOfActor(db: DatabaseLike, handle: string): Promise<string[]> {
  return (await findSpaceByHandle(db, handle))?.languages ?? [];
}
