import { eq } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { people, spaceRoles } from "../../db/schema.ts";

/** The people with a role in a space, by handle. */
export async function membersOf(db: DatabaseLike, spaceId: string) {
  return db
    .select({ person: people, role: spaceRoles.role })
    .from(spaceRoles)
    .innerJoin(people, eq(people.id, spaceRoles.personId))
    .where(eq(spaceRoles.spaceId, spaceId))
    .orderBy(people.handle);
}
