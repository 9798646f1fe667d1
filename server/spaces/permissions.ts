import type { DatabaseLike } from "../../db/client.ts";
import type { Person, SpaceRole } from "../../db/schema.ts";
import { roleIn } from "../people/people.ts";
import { findSpaceByHandle } from "./spaces.ts";

/** `vote`: a space's one vote on a proposal is cast by an owner or admin. */
export type SpaceAction = "publish" | "manage-follows" | "manage-space" | "vote";

const ALLOWED: Record<SpaceAction, SpaceRole[]> = {
  publish: ["owner", "admin", "editor"],
  "manage-follows": ["owner", "admin"],
  "manage-space": ["owner", "admin"],
  vote: ["owner", "admin"],
};

/** Whether a role in a space allows an action there. */
export const roleMay = (role: SpaceRole, action: SpaceAction) => ALLOWED[action].includes(role);

/** Whether a person may act as a local actor: as themself always, as a space by their role in it. */
export async function mayActAs(
  db: DatabaseLike,
  person: Person,
  handle: string,
  action: SpaceAction,
) {
  if (person.handle === handle) return true;
  const space = await findSpaceByHandle(db, handle);
  if (space == null) return false;
  const role = await roleIn(db, space.id, person.id);
  return role != null && roleMay(role, action);
}

/**
 * Whether `person` may change someone's role in a space from `current` to `wanted`: owners change
 * any role; admins change editors and members only.
 */
export async function mayChangeRole(
  db: DatabaseLike,
  person: Person,
  spaceId: string,
  current: SpaceRole | undefined,
  wanted: SpaceRole | "none",
): Promise<boolean> {
  const mine = await roleIn(db, spaceId, person.id);
  if (mine === "owner") return true;
  const top = (role: SpaceRole | "none" | undefined) => role === "owner" || role === "admin";
  return mine === "admin" && !top(current) && !top(wanted);
}
