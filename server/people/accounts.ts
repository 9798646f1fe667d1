import { asc, eq } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";
import {
  type Person,
  people,
  type SpaceRole,
  sessions,
  spaceRoles,
  spaces,
} from "../../db/schema.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { findPersonByHandle } from "./people.ts";

export interface PersonSummary {
  person: Person;
  /** The spaces this person has a role in, by handle. */
  roles: { space: string; role: SpaceRole }[];
}

/** Every account with its roles, oldest first (for the operator's list). */
export async function summarizePeople(db: DatabaseLike): Promise<PersonSummary[]> {
  const everyone = await db.select().from(people).orderBy(asc(people.createdAt));
  const roles = await db
    .select({ personId: spaceRoles.personId, space: spaces.handle, role: spaceRoles.role })
    .from(spaceRoles)
    .innerJoin(spaces, eq(spaces.id, spaceRoles.spaceId))
    .orderBy(asc(spaces.handle));
  return everyone.map((person) => ({
    person,
    roles: roles
      .filter((r) => r.personId === person.id)
      .map(({ space, role }) => ({ space, role })),
  }));
}

export type ResetPasswordResult =
  | { ok: true; person: Person; sessionsEnded: number }
  | { ok: false; reason: "not-found" };

/**
 * Sets a new password and signs the person out everywhere: whoever knew the old password (the
 * usual reason for a reset) must not stay signed in with it.
 */
export async function resetPassword(
  db: Database,
  handle: string,
  password: string,
): Promise<ResetPasswordResult> {
  const person = await findPersonByHandle(db, handle);
  if (person == null) return { ok: false, reason: "not-found" };
  // Hashing takes a while and much memory: done before the transaction, not while holding it.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx
      .update(people)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(people.id, person.id));
    return { ok: true, person, sessionsEnded: await endSessionsOf(tx, person.id) } as const;
  });
}

/** Ends every session of a person (signs them out on all their browsers); returns how many. */
export async function endSessionsOf(db: DatabaseLike, personId: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(eq(sessions.personId, personId))
    .returning({ tokenHash: sessions.tokenHash });
  return ended.length;
}

export type ChangePasswordResult =
  | { ok: true; person: Person }
  | { ok: false; reason: "wrong-password" };

/**
 * A person changes their own password, proving they know the current one; every session ends,
 * as after a reset (the caller signs the browser that asked in again).
 */
export async function changePassword(
  db: Database,
  person: Person,
  current: string,
  next: string,
): Promise<ChangePasswordResult> {
  if (!(await verifyPassword(current, person.passwordHash)))
    return { ok: false, reason: "wrong-password" };
  const reset = await resetPassword(db, person.handle, next);
  return reset.ok ? { ok: true, person: reset.person } : { ok: false, reason: "wrong-password" };
}
