/** A hub's members and requests, and the hubs a space belongs to, paged newest first. */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Membership, type MembershipState, memberships } from "../../db/schema.ts";
import { actorCounts } from "../counters/counters.ts";
import { decodeCursor, keyset, type Page, type PageCursor } from "../paging/keyset.ts";

const byCreated = keyset<Membership>(memberships.createdAt, memberships.id, (row) => ({
  time: row.createdAt,
  id: row.id,
}));

/** A hub's member spaces (accepted) or the requests waiting for an answer (pending). */
export async function membersOf(
  db: DatabaseLike,
  hubIri: string,
  state: MembershipState = "accepted",
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<Membership>> {
  const rows = await db
    .select()
    .from(memberships)
    .where(
      and(eq(memberships.hubIri, hubIri), eq(memberships.state, state), byCreated.after(cursor)),
    )
    .orderBy(...byCreated.order)
    .limit(limit + 1);
  return byCreated.page(rows, limit);
}

/** The hubs a space belongs to (accepted), or has asked to join (pending). */
export async function hubsOf(
  db: DatabaseLike,
  memberIri: string,
  state: MembershipState = "accepted",
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<Membership>> {
  const rows = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.memberIri, memberIri),
        eq(memberships.state, state),
        byCreated.after(cursor),
      ),
    )
    .orderBy(...byCreated.order)
    .limit(limit + 1);
  return byCreated.page(rows, limit);
}

/** Every accepted member of a hub, read a page at a time (for voting rolls and engagement). */
export async function everyMemberOf(db: DatabaseLike, hubIri: string): Promise<Membership[]> {
  const all: Membership[] = [];
  let cursor: PageCursor | undefined;
  do {
    const page = await membersOf(db, hubIri, "accepted", cursor, 500);
    all.push(...page.items);
    cursor = page.next == null ? undefined : decodeCursor(page.next);
  } while (cursor != null);
  return all;
}

/** Accepted members of a hub (suspended ones too: they stay listed), from the kept counter. */
export async function countMembers(db: DatabaseLike, hubIri: string): Promise<number> {
  return (await actorCounts(db, hubIri)).members;
}

/** Of these hubs, the ones whose relays `memberIri` may use: accepted and not suspended. */
export async function relayingHubs(
  db: DatabaseLike,
  memberIri: string,
  hubIris: string[],
): Promise<string[]> {
  if (hubIris.length === 0) return [];
  const rows = await db
    .select({ hubIri: memberships.hubIri })
    .from(memberships)
    .where(
      and(
        eq(memberships.memberIri, memberIri),
        inArray(memberships.hubIri, hubIris),
        eq(memberships.state, "accepted"),
        isNull(memberships.suspendedAt),
      ),
    );
  return rows.map((row) => row.hubIri);
}
