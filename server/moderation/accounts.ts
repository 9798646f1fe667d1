/**
 * Suspending and deleting local accounts. A suspended account cannot sign in, its sessions and
 * tokens end, its actor answers 410 Gone and its posts are shown to nobody; lifting the
 * suspension gives all of it back. Deleting removes the account and what it made for good (the
 * Delete to its followers' servers is sent first, by federation/actions/accounts.ts), and its
 * handle is never given again: other servers may still remember its old key.
 */
import { and, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";
import {
  apiTokens,
  follows,
  keyPairs,
  notifications,
  type Person,
  people,
  posts,
  reactions,
  rsvps,
  sessions,
  spaceRoles,
  tombstones,
  votes,
} from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { findPersonByHandle } from "../people/people.ts";
import type { Moderator } from "./domain-policy.ts";
import { recordAction } from "./log.ts";

export type AccountRefusal = "not-found" | "has-instance-role" | "already" | "last-owner";
export type AccountResult = { ok: true; person: Person } | { ok: false; reason: AccountRefusal };

/**
 * Suspends an account. Someone with an instance role is not suspended: their role is taken away
 * first (by an admin), so a moderator can never lock the admins out.
 */
export async function suspendAccount(
  db: Database,
  handle: string,
  reason: string,
  by: Moderator,
): Promise<AccountResult> {
  return db.transaction(async (tx) => {
    const person = await findPersonByHandle(tx, handle);
    if (person == null) return { ok: false, reason: "not-found" } as const;
    if (person.instanceRole != null) return { ok: false, reason: "has-instance-role" } as const;
    if (person.suspendedAt != null) return { ok: false, reason: "already" } as const;
    const [suspended] = await tx
      .update(people)
      .set({ suspendedAt: new Date(), updatedAt: new Date() })
      .where(eq(people.id, person.id))
      .returning();
    await tx.delete(sessions).where(eq(sessions.personId, person.id));
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.personId, person.id), isNull(apiTokens.revokedAt)));
    await recordAction(tx, {
      action: "account-suspended",
      target: `@${handle}`,
      reason,
      category: by.category,
      byPersonId: by.personId,
    });
    return { ok: true, person: suspended ?? person } as const;
  });
}

/** Lifts a suspension: the person signs in again (with new sessions and tokens). */
export async function unsuspendAccount(
  db: Database,
  handle: string,
  reason: string,
  by: Moderator,
): Promise<AccountResult> {
  return db.transaction(async (tx) => {
    const person = await findPersonByHandle(tx, handle);
    if (person == null) return { ok: false, reason: "not-found" } as const;
    if (person.suspendedAt == null) return { ok: false, reason: "already" } as const;
    const [restored] = await tx
      .update(people)
      .set({ suspendedAt: null, updatedAt: new Date() })
      .where(eq(people.id, person.id))
      .returning();
    await recordAction(tx, {
      action: "account-unsuspended",
      target: `@${handle}`,
      reason,
      byPersonId: by.personId,
    });
    return { ok: true, person: restored ?? person } as const;
  });
}

/** Whether an account may be deleted: not an admin's or moderator's, not a space's last owner. */
export async function deletionRefusal(
  db: DatabaseLike,
  person: Person,
): Promise<AccountRefusal | undefined> {
  if (person.instanceRole != null) return "has-instance-role";
  const [lastOwned] = await db
    .select({ n: count() })
    .from(spaceRoles)
    .where(
      and(
        eq(spaceRoles.personId, person.id),
        eq(spaceRoles.role, "owner"),
        sql`NOT EXISTS (SELECT 1 FROM space_roles o WHERE o.space_id = ${spaceRoles.spaceId}
          AND o.role = 'owner' AND o.person_id <> ${person.id})`,
      ),
    );
  return (lastOwned?.n ?? 0) > 0 ? "last-owner" : undefined;
}

/**
 * Deletes an account and everything it made here: its posts, likes, boosts, votes, answers,
 * follows, notifications, keys, sessions, tokens and roles. A tombstone keeps its actor's
 * address answering 410 Gone.
 */
export async function deleteAccount(
  db: Database,
  origin: string,
  handle: string,
  reason: string,
  by: Moderator,
): Promise<AccountResult> {
  return db.transaction(async (tx) => {
    const person = await findPersonByHandle(tx, handle);
    if (person == null) return { ok: false, reason: "not-found" } as const;
    const refusal = await deletionRefusal(tx, person);
    if (refusal) return { ok: false, reason: refusal } as const;
    const iri = localActorIri(origin, handle);
    const own = await tx.select({ iri: posts.iri }).from(posts).where(eq(posts.authorIri, iri));
    const postIris = own.map((p) => p.iri);
    if (postIris.length > 0) {
      await tx.delete(reactions).where(inArray(reactions.postIri, postIris));
      await tx.delete(votes).where(inArray(votes.proposalIri, postIris));
      await tx.delete(rsvps).where(inArray(rsvps.eventIri, postIris));
    }
    await tx.delete(posts).where(eq(posts.authorIri, iri));
    await tx.delete(reactions).where(eq(reactions.actorIri, iri));
    await tx.delete(votes).where(or(eq(votes.voterIri, iri), eq(votes.castByIri, iri)));
    await tx.delete(rsvps).where(eq(rsvps.actorIri, iri));
    await tx.delete(follows).where(or(eq(follows.followerIri, iri), eq(follows.followeeIri, iri)));
    await tx
      .delete(notifications)
      .where(or(eq(notifications.recipientIri, iri), eq(notifications.actorIri, iri)));
    await tx.delete(keyPairs).where(eq(keyPairs.actorIdentifier, handle));
    await tx.delete(people).where(eq(people.id, person.id));
    await tx.insert(tombstones).values({ iri, deletedBy: iri }).onConflictDoNothing();
    await recordAction(tx, {
      action: "account-deleted",
      target: `@${handle}`,
      reason,
      byPersonId: by.personId,
    });
    return { ok: true, person } as const;
  });
}

/** Whether a local actor's address was an account deleted here (it then answers 410 Gone). */
export async function isDeletedAccount(db: DatabaseLike, iri: string): Promise<boolean> {
  const [row] = await db
    .select({ iri: tombstones.iri })
    .from(tombstones)
    .where(and(eq(tombstones.iri, iri), eq(tombstones.deletedBy, iri)));
  return row != null;
}
