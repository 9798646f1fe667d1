import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Person, people, sessions } from "../../db/schema.ts";

export const SESSION_LIFETIME_DAYS = 30;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Starts a session and returns the token for the cookie; only its hash is stored. */
export async function startSession(db: DatabaseLike, personId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_DAYS * 86_400_000);
  await db.insert(sessions).values({ tokenHash: hash(token), personId, expiresAt });
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return token;
}

export async function personForSession(
  db: DatabaseLike,
  token: string,
): Promise<Person | undefined> {
  const [row] = await db
    .select({ person: people })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(
      and(
        eq(sessions.tokenHash, hash(token)),
        gt(sessions.expiresAt, new Date()),
        // A suspension ends sessions; this keeps one started at the same moment from outliving it.
        isNull(people.suspendedAt),
      ),
    );
  return row?.person;
}

export async function endSession(db: DatabaseLike, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hash(token)));
}
