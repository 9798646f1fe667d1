import type { DatabaseLike } from "../db/client.ts";
import type { Person } from "../db/schema.ts";
import { rolesOf } from "../server/people/people.ts";

/** The local actors a person may publish as: themself, and spaces where they edit or more. */
export async function identitiesOf(db: DatabaseLike, person: Person) {
  const roles = await rolesOf(db, person.id);
  return [
    { handle: person.handle, label: `${person.displayName} (@${person.handle})` },
    ...roles
      .filter((r) => r.role !== "member")
      .map((r) => ({
        handle: r.space.handle,
        label: `${r.space.name[r.space.defaultLanguage] ?? r.space.handle} (@${r.space.handle})`,
      })),
  ];
}
