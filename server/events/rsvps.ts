import { and, count, desc, eq, sql } from "drizzle-orm";
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
  const details = event.details;
  if (details?.kind !== "event") return { ok: false, reason: "not-an-event" };
  if (new Date(details.endTime) < now) return { ok: false, reason: "ended" };
  return db.transaction(async (tx) => {
    // Serializes answers to one event, so two last places are not both given away.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${event.iri}))`);
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
    await recountParticipants(tx, event);
    return { ok: true, rsvp } as const;
  });
}

/** Leave: the answer is withdrawn altogether. */
export async function withdrawAnswer(
  db: DatabaseLike,
  eventIri: string,
  actorIri: string,
): Promise<boolean> {
  const removed = await db
    .delete(rsvps)
    .where(and(eq(rsvps.eventIri, eventIri), eq(rsvps.actorIri, actorIri)))
    .returning({ id: rsvps.id });
  const [event] = await db.select().from(posts).where(eq(posts.iri, eventIri));
  if (event) await recountParticipants(db, event);
  return removed.length > 0;
}

/**
 * A local event keeps its count of people going in its details, which is what other servers
 * are sent; a remote event's count is whatever its organizer's server last said.
 */
async function recountParticipants(db: DatabaseLike, event: Post): Promise<void> {
  if (!event.isLocal || event.details?.kind !== "event") return;
  const [row] = await db
    .select({ n: count() })
    .from(rsvps)
    .where(and(eq(rsvps.eventIri, event.iri), eq(rsvps.status, "going")));
  await db
    .update(posts)
    .set({ details: { ...event.details, participantCount: row?.n ?? 0 } })
    .where(eq(posts.id, event.id));
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
