import { eq, inArray, or, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import {
  follows,
  type NewRemoteActor,
  posts,
  type RemoteActor,
  reactions,
  remoteActors,
} from "../../db/schema.ts";

/** Remote actors are fetched again when their copy is older than this. */
export const ACTOR_REFRESH_MS = 24 * 60 * 60 * 1000;

export async function persistRemoteActor(
  db: DatabaseLike,
  draft: NewRemoteActor,
): Promise<RemoteActor> {
  const values = { ...draft, fetchedAt: new Date() };
  const [row] = await db
    .insert(remoteActors)
    .values(values)
    .onConflictDoUpdate({ target: remoteActors.iri, set: values })
    .returning();
  if (row == null) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findRemoteActor(
  db: DatabaseLike,
  iri: string,
): Promise<RemoteActor | undefined> {
  const [row] = await db.select().from(remoteActors).where(eq(remoteActors.iri, iri));
  return row;
}

/** A remote actor by its `@user@host` handle, as stored when it was met. */
export async function findRemoteActorByHandle(
  db: DatabaseLike,
  handle: string,
): Promise<RemoteActor | undefined> {
  const [row] = await db
    .select()
    .from(remoteActors)
    .where(sql`lower(${remoteActors.handle}) = lower(${handle})`)
    .limit(1);
  return row;
}

export function isStale(actor: RemoteActor, now = Date.now()): boolean {
  return now - actor.fetchedAt.getTime() > ACTOR_REFRESH_MS;
}

/** An account deleted on its server: forget it and everything it left here. */
export async function forgetRemoteActor(db: DatabaseLike, iri: string): Promise<void> {
  await db.delete(follows).where(or(eq(follows.followerIri, iri), eq(follows.followeeIri, iri)));
  await db.delete(reactions).where(eq(reactions.actorIri, iri));
  await db.delete(posts).where(eq(posts.authorIri, iri));
  await db.delete(remoteActors).where(eq(remoteActors.iri, iri));
}

export async function findRemoteActors(db: DatabaseLike, iris: string[]): Promise<RemoteActor[]> {
  if (iris.length === 0) return [];
  return db.select().from(remoteActors).where(inArray(remoteActors.iri, iris));
}
