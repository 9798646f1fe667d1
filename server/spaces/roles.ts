import { and, count, eq } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";
import { type SpaceRole, spaceRoles, spaces } from "../../db/schema.ts";
import { findPersonByHandle, roleIn, setRole } from "../people/people.ts";
import { findSpaceByHandle } from "./spaces.ts";

/** A role to give, or `none` to take the person's role away. */
export type RoleChange = SpaceRole | "none";

export type ChangeRoleResult =
  | { ok: true; previous: SpaceRole | undefined; role: RoleChange }
  | { ok: false; reason: "space-not-found" | "person-not-found" | "last-owner" };

/**
 * Gives a person a role in a space, or removes it. A space keeps at least one owner: the last
 * owner can be neither removed nor demoted (someone must be able to manage it).
 */
export async function changeRole(
  db: Database,
  spaceHandle: string,
  personHandle: string,
  role: RoleChange,
): Promise<ChangeRoleResult> {
  return db.transaction(async (tx) => {
    const space = await findSpaceByHandle(tx, spaceHandle);
    if (space == null) return { ok: false, reason: "space-not-found" } as const;
    const person = await findPersonByHandle(tx, personHandle);
    if (person == null) return { ok: false, reason: "person-not-found" } as const;
    // Locks the space so two changes cannot each see "another owner remains" and both go ahead.
    await tx.select({ id: spaces.id }).from(spaces).where(eq(spaces.id, space.id)).for("update");
    const previous = await roleIn(tx, space.id, person.id);
    if (previous === "owner" && role !== "owner" && (await countOwners(tx, space.id)) <= 1)
      return { ok: false, reason: "last-owner" } as const;
    if (role === "none")
      await tx
        .delete(spaceRoles)
        .where(and(eq(spaceRoles.spaceId, space.id), eq(spaceRoles.personId, person.id)));
    else await setRole(tx, space.id, person.id, role);
    return { ok: true, previous, role } as const;
  });
}

async function countOwners(db: DatabaseLike, spaceId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(spaceRoles)
    .where(and(eq(spaceRoles.spaceId, spaceId), eq(spaceRoles.role, "owner")));
  return row?.n ?? 0;
}
