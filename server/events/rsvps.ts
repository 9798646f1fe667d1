import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, posts, type Rsvp, type RsvpStatus, rsvps } from "../../db/schema.ts";
import { listedForDiscovery } from "../posts/visibility.ts";

export type RsvpResult =
  | { ok: true; rsvp: Rsvp }
  | { ok: false; reason: "not-an-event" | "full" | "ended" };

export interface RsvpCounts {
  going: number;
  maybe: number;
  notGoing: number;
}

/**
 * Answers to one event are written one after the other (a lock per event, held to the end of the
 * transaction), so two last places are not both given away and every count sees every answer.
 */
async function lockEvent(tx: DatabaseLike, eventIri: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${eventIri}))`);
}

/**
 * Someone's answer to an event, replacing an earlier one. Going is refused once the event is full
 * or over; maybe and not going are always kept.
 */
export async function answerEvent(
  db: DatabaseLike,
  event: Post,
  actorIri: string,
  status: RsvpStatus,
  activityIri?: string,
  now = new Date(),
): Promise<RsvpResult> {
  return db.transaction(async (tx) => {
    await lockEvent(tx, event.iri);
    // Read again under the lock: the organizer may just have changed the capacity or the time.
    const [current] = await tx
      .select({ details: posts.details })
      .from(posts)
      .where(eq(posts.id, event.id));
    const details = current?.details;
    if (details?.kind !== "event") return { ok: false, reason: "not-an-event" } as const;
    if (new Date(details.endTime) < now) return { ok: false, reason: "ended" } as const;
    if (status === "going" && details.capacity != null) {
      const [row] = await tx
        .select({ n: count() })
        .from(rsvps)
        .where(
          and(
            eq(rsvps.eventIri, event.iri),
            eq(rsvps.status, "going"),
            sql`${rsvps.actorIri} <> ${actorIri}`,
          ),
        );
      if ((row?.n ?? 0) >= details.capacity) return { ok: false, reason: "full" } as const;
    }
    const [rsvp] = await tx
      .insert(rsvps)
      .values({ eventIri: event.iri, actorIri, status, activityIri: activityIri ?? null })
      .onConflictDoUpdate({
        target: [rsvps.eventIri, rsvps.actorIri],
        set: { status, activityIri: activityIri ?? null, updatedAt: now },
      })
      .returning();
    if (rsvp == null) throw new Error("INSERT … RETURNING gave no row");
    await recountParticipants(tx, event.iri);
    return { ok: true, rsvp } as const;
  });
}

/** Leave: the answer is withdrawn altogether. */
export async function withdrawAnswer(
  db: DatabaseLike,
  eventIri: string,
  actorIri: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockEvent(tx, eventIri);
    const removed = await tx
      .delete(rsvps)
      .where(and(eq(rsvps.eventIri, eventIri), eq(rsvps.actorIri, actorIri)))
      .returning({ id: rsvps.id });
    await recountParticipants(tx, eventIri);
    return removed.length > 0;
  });
}

/**
 * A local event keeps its count of people going in its details, which is what other servers
 * are sent; a remote event's count is whatever its organizer's server last said. The count is
 * set in one statement on the row as it is then (never a copy of the details read earlier, which
 * would undo an edit made meanwhile), under the event's lock.
 */
async function recountParticipants(tx: DatabaseLike, eventIri: string): Promise<void> {
  await tx.execute(sql`
    UPDATE posts SET details = jsonb_set(details, '{participantCount}', to_jsonb((
      SELECT count(*) FROM rsvps WHERE event_iri = ${eventIri} AND status = 'going')))
    WHERE iri = ${eventIri} AND is_local AND details->>'kind' = 'event'`);
}

export async function rsvpCounts(db: DatabaseLike, eventIri: string): Promise<RsvpCounts> {
  const rows = await db
    .select({ status: rsvps.status, n: count() })
    .from(rsvps)
    .where(eq(rsvps.eventIri, eventIri))
    .groupBy(rsvps.status);
  const of = (status: RsvpStatus) => rows.find((r) => r.status === status)?.n ?? 0;
  return { going: of("going"), maybe: of("maybe"), notGoing: of("not_going") };
}

/** The counts of several events at once (a page of cards), by event IRI; none answered: absent. */
export async function rsvpCountsOf(
  db: DatabaseLike,
  eventIris: string[],
): Promise<Map<string, RsvpCounts>> {
  const counts = new Map<string, RsvpCounts>();
  if (eventIris.length === 0) return counts;
  const rows = await db
    .select({ event: rsvps.eventIri, status: rsvps.status, n: count() })
    .from(rsvps)
    .where(inArray(rsvps.eventIri, eventIris))
    .groupBy(rsvps.eventIri, rsvps.status);
  for (const row of rows) {
    const of = counts.get(row.event) ?? { going: 0, maybe: 0, notGoing: 0 };
    of[row.status === "not_going" ? "notGoing" : row.status] = row.n;
    counts.set(row.event, of);
  }
  return counts;
}

/** What `actorIri` answered to each of several events, by event IRI. */
export async function answersBy(
  db: DatabaseLike,
  actorIri: string,
  eventIris: string[],
): Promise<Map<string, Rsvp>> {
  if (eventIris.length === 0) return new Map();
  const rows = await db
    .select()
    .from(rsvps)
    .where(and(eq(rsvps.actorIri, actorIri), inArray(rsvps.eventIri, eventIris)));
  return new Map(rows.map((row) => [row.eventIri, row]));
}

export async function answersTo(db: DatabaseLike, eventIri: string): Promise<Rsvp[]> {
  return db.select().from(rsvps).where(eq(rsvps.eventIri, eventIri)).orderBy(rsvps.updatedAt);
}

export async function answerOf(
  db: DatabaseLike,
  eventIri: string,
  actorIri: string,
): Promise<Rsvp | undefined> {
  const [row] = await db
    .select()
    .from(rsvps)
    .where(and(eq(rsvps.eventIri, eventIri), eq(rsvps.actorIri, actorIri)));
  return row;
}

/** A space's public events, newest first, for its calendar file. */
export async function publicEventsOf(db: DatabaseLike, authorIri: string, limit = 500) {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.authorIri, authorIri), eq(posts.kind, "event"), listedForDiscovery()))
    .orderBy(desc(posts.publishedAt))
    .limit(limit);
}
