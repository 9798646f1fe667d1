import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type Person, people, type SpaceRole, spaceRoles, spaces } from "../../db/schema.ts";
import { TimeZoneSchema } from "../content/details.ts";
import { HandleSchema, isHandleTaken } from "../handles/handles.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { ensureKeyPairs } from "../keys/key-pairs.ts";
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from "./passwords.ts";

export const PasswordSchema = z.string().min(10).max(1000);

export const NewPersonInput = z.object({
  handle: HandleSchema,
  email: z.email().trim().toLowerCase(),
  displayName: z.string().trim().min(1).max(100).optional(),
  password: PasswordSchema,
  preferredLanguage: LanguageTagSchema.default("en"),
  instanceRole: z.enum(["admin", "moderator"]).nullable().default(null),
});
export type NewPersonInput = z.input<typeof NewPersonInput>;

export type CreatePersonResult =
  | { ok: true; person: Person }
  | { ok: false; reason: "handle-taken" | "email-taken" };

export async function createPerson(
  tx: DatabaseLike,
  input: z.output<typeof NewPersonInput>,
): Promise<CreatePersonResult> {
  if (await isHandleTaken(tx, input.handle)) return { ok: false, reason: "handle-taken" };
  if (await findPersonByEmail(tx, input.email)) return { ok: false, reason: "email-taken" };
  const [person] = await tx
    .insert(people)
    .values({
      handle: input.handle,
      email: input.email,
      displayName: input.displayName ?? input.handle,
      passwordHash: await hashPassword(input.password),
      preferredLanguage: input.preferredLanguage,
      instanceRole: input.instanceRole,
    })
    .returning();
  if (person == null) throw new Error("INSERT … RETURNING gave no row");
  await ensureKeyPairs(tx, person.handle);
  return { ok: true, person };
}

export async function findPersonByHandle(db: DatabaseLike, handle: string) {
  return db.query.people.findFirst({ where: eq(people.handle, handle) });
}

export async function findPersonByEmail(db: DatabaseLike, email: string) {
  return db.query.people.findFirst({ where: eq(people.email, email.trim().toLowerCase()) });
}

export async function countPeople(db: DatabaseLike): Promise<number> {
  const [row] = await db.select({ n: count() }).from(people);
  return row?.n ?? 0;
}

/** Signs in by email or handle; the same work is done whether or not the account exists. */
export async function authenticate(
  db: DatabaseLike,
  login: string,
  password: string,
): Promise<Person | undefined> {
  const wanted = login.trim().toLowerCase().replace(/^@/, "");
  const person = wanted.includes("@")
    ? await findPersonByEmail(db, wanted)
    : await findPersonByHandle(db, wanted);
  const ok = await verifyPassword(password, person?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
  return ok ? person : undefined;
}

export async function setRole(
  db: DatabaseLike,
  spaceId: string,
  personId: string,
  role: SpaceRole,
) {
  await db
    .insert(spaceRoles)
    .values({ spaceId, personId, role })
    .onConflictDoUpdate({ target: [spaceRoles.spaceId, spaceRoles.personId], set: { role } });
}

export async function rolesOf(db: DatabaseLike, personId: string) {
  return db
    .select({ space: spaces, role: spaceRoles.role })
    .from(spaceRoles)
    .innerJoin(spaces, eq(spaces.id, spaceRoles.spaceId))
    .where(eq(spaceRoles.personId, personId));
}

export async function roleIn(db: DatabaseLike, spaceId: string, personId: string) {
  const [row] = await db
    .select({ role: spaceRoles.role })
    .from(spaceRoles)
    .where(and(eq(spaceRoles.spaceId, spaceId), eq(spaceRoles.personId, personId)));
  return row?.role;
}

export async function listPeople(db: DatabaseLike): Promise<Person[]> {
  return db.select().from(people).orderBy(asc(people.handle));
}

export const ProfileUpdate = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  preferredLanguage: LanguageTagSchema.optional(),
  /** The zone the person reads times in; null forgets it. */
  timeZone: TimeZoneSchema.nullable().optional(),
});

export async function updateProfile(
  db: DatabaseLike,
  person: Person,
  changes: z.output<typeof ProfileUpdate>,
): Promise<Person> {
  const [updated] = await db
    .update(people)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(people.id, person.id))
    .returning();
  return updated ?? person;
}
