/**
 * Memberships of spaces in hubs, on either side of the network: one row per (member, hub) pair,
 * pending until the hub accepts, with every change written to the history in the same
 * transaction. Each function states one transition and refuses the others with a reason, so a
 * delivery that arrives twice or out of order changes nothing the second time.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import {
  type Membership,
  type MembershipChange,
  type MembershipState,
  membershipEvents,
  memberships,
} from "../../db/schema.ts";

export interface JoinRequest {
  memberIri: string;
  hubIri: string;
  /** The Join activity's id. */
  activityIri: string;
  /** The person acting for a local member, or the remote member itself. */
  requestedByIri: string;
}

export type RequestResult =
  | { ok: true; membership: Membership; created: boolean }
  | { ok: false; reason: "self" };

export type TransitionResult =
  | { ok: true; membership: Membership }
  | { ok: false; reason: "not-found" | "not-pending" | "not-accepted" };

async function record(
  db: DatabaseLike,
  row: Pick<Membership, "hubIri" | "memberIri">,
  change: MembershipChange,
  actorIri: string,
  at = new Date(),
) {
  await db
    .insert(membershipEvents)
    .values({ hubIri: row.hubIri, memberIri: row.memberIri, change, actorIri, at });
}

/**
 * Records a request to join (sent from here, or received). A repeated request keeps the row and
 * its state, taking the newer Join's id so the answer quotes what the member last sent; a hub
 * that accepts automatically, or answers at once, passes `state: "accepted"`.
 */
export async function requestMembership(
  db: DatabaseLike,
  request: JoinRequest,
  state: MembershipState = "pending",
): Promise<RequestResult> {
  if (request.memberIri === request.hubIri) return { ok: false, reason: "self" };
  return db.transaction(async (tx) => {
    const acceptedAt = state === "accepted" ? new Date() : null;
    const [inserted] = await tx
      .insert(memberships)
      .values({ ...request, state, acceptedAt })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      const at = new Date();
      await record(tx, inserted, "requested", request.requestedByIri, at);
      // Accepted at once: a millisecond later, so the history reads in order.
      if (state === "accepted")
        await record(tx, inserted, "accepted", request.hubIri, new Date(at.getTime() + 1));
      return { ok: true, membership: inserted, created: true };
    }
    const [existing] = await tx
      .update(memberships)
      .set({ activityIri: request.activityIri })
      .where(pair(request.memberIri, request.hubIri))
      .returning();
    if (existing == null) throw new Error("a membership vanished while it was asked for again");
    if (existing.state === "pending" && state === "accepted") {
      const accepted = await acceptMembership(
        tx,
        request.memberIri,
        request.hubIri,
        request.hubIri,
      );
      if (accepted.ok) return { ok: true, membership: accepted.membership, created: false };
    }
    return { ok: true, membership: existing, created: false };
  });
}

/** A pending request is accepted (by a hub admin here, or by the remote hub's Accept). */
export async function acceptMembership(
  db: DatabaseLike,
  memberIri: string,
  hubIri: string,
  answeredByIri: string,
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(memberships)
      .set({ state: "accepted", acceptedAt: new Date(), answeredByIri })
      .where(and(pair(memberIri, hubIri), eq(memberships.state, "pending")))
      .returning();
    if (row == null) return refusal(tx, memberIri, hubIri, "pending");
    await record(tx, row, "accepted", answeredByIri);
    return { ok: true as const, membership: row };
  });
}

/**
 * Ends a membership or a request. `rejected` and `withdrawn` end a pending request only, `left`
 * and `removed` an accepted membership only; the history keeps what happened.
 */
export async function endMembership(
  db: DatabaseLike,
  memberIri: string,
  hubIri: string,
  change: "rejected" | "withdrawn" | "left" | "removed",
  actorIri: string,
): Promise<TransitionResult> {
  const from: MembershipState =
    change === "rejected" || change === "withdrawn" ? "pending" : "accepted";
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(memberships)
      .where(and(pair(memberIri, hubIri), eq(memberships.state, from)))
      .returning();
    if (row == null) return refusal(tx, memberIri, hubIri, from);
    await record(tx, row, change, actorIri);
    return { ok: true as const, membership: row };
  });
}

/** A hub stops (or resumes) relaying an accepted member, who stays a member meanwhile. */
export async function setSuspended(
  db: DatabaseLike,
  memberIri: string,
  hubIri: string,
  suspended: boolean,
  actorIri: string,
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(memberships)
      .set({ suspendedAt: suspended ? new Date() : null })
      .where(
        and(
          pair(memberIri, hubIri),
          eq(memberships.state, "accepted"),
          suspended ? isNull(memberships.suspendedAt) : isNotNull(memberships.suspendedAt),
        ),
      )
      .returning();
    if (row == null) return refusal(tx, memberIri, hubIri, "accepted");
    await record(tx, row, suspended ? "suspended" : "reinstated", actorIri);
    return { ok: true as const, membership: row };
  });
}

export async function findMembership(
  db: DatabaseLike,
  memberIri: string,
  hubIri: string,
): Promise<Membership | undefined> {
  const [row] = await db.select().from(memberships).where(pair(memberIri, hubIri));
  return row;
}

/** The membership a Join made, when `hubIri` is the hub it was sent to. */
export async function findMembershipByActivity(
  db: DatabaseLike,
  activityIri: string,
  hubIri: string,
): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.activityIri, activityIri), eq(memberships.hubIri, hubIri)));
  return row;
}

/** The membership a Join made, when `memberIri` is who sent it (to match its Undo). */
export async function findMembershipJoinedBy(
  db: DatabaseLike,
  activityIri: string,
  memberIri: string,
): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.activityIri, activityIri), eq(memberships.memberIri, memberIri)));
  return row;
}

/** Whether a space is an accepted member of a hub (suspended or not). */
export async function isMember(db: DatabaseLike, memberIri: string, hubIri: string) {
  return (await findMembership(db, memberIri, hubIri))?.state === "accepted";
}

const pair = (memberIri: string, hubIri: string) =>
  and(eq(memberships.memberIri, memberIri), eq(memberships.hubIri, hubIri));

async function refusal(
  db: DatabaseLike,
  memberIri: string,
  hubIri: string,
  wanted: MembershipState,
): Promise<{ ok: false; reason: "not-found" | "not-pending" | "not-accepted" }> {
  const existing = await findMembership(db, memberIri, hubIri);
  if (existing == null) return { ok: false, reason: "not-found" };
  return { ok: false, reason: wanted === "pending" ? "not-pending" : "not-accepted" };
}
