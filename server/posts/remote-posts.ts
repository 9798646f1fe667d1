/**
 * Posts of other servers: stored once, edited and deleted only by their author, and once deleted
 * never stored again (a tombstone stays), whatever order deliveries arrive in. Each change of one
 * IRI holds a lock on it for its transaction, so a Create and a Delete of the same post running
 * at once cannot both win.
 */
import { eq, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type NewPost, type Post, posts, tombstones } from "../../db/schema.ts";
import { findPostByIri } from "./posts.ts";
import { boundRemotePost } from "./remote-bounds.ts";

export type RemoteChange =
  | { ok: true; post: Post }
  | { ok: false; reason: "not-owner" | "deleted" | "invalid-date" };

async function lockIri(db: DatabaseLike, iri: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${iri}, 0))`);
}

export async function isTombstoned(db: DatabaseLike, iri: string): Promise<boolean> {
  const [row] = await db
    .select({ iri: tombstones.iri })
    .from(tombstones)
    .where(eq(tombstones.iri, iri));
  return row != null;
}

/** Stores a remote post once (delivery is at least once); the first author to claim an IRI keeps it. */
export async function persistRemotePost(db: DatabaseLike, draft: NewPost): Promise<RemoteChange> {
  const bounded = boundRemotePost(draft);
  if (!bounded.ok) return bounded;
  return db.transaction(async (tx) => {
    await lockIri(tx, draft.iri);
    if (await isTombstoned(tx, draft.iri)) return { ok: false, reason: "deleted" } as const;
    const [inserted] = await tx
      .insert(posts)
      .values(bounded.draft)
      .onConflictDoNothing({ target: posts.iri })
      .returning();
    if (inserted) return { ok: true, post: inserted } as const;
    const existing = await findPostByIri(tx, draft.iri);
    return existing != null && existing.authorIri === draft.authorIri && !existing.isLocal
      ? ({ ok: true, post: existing } as const)
      : ({ ok: false, reason: "not-owner" } as const);
  });
}

/** Applies a remote edit, only from the post's own author; an edit of an unknown post stores it. */
export async function updateRemotePost(db: DatabaseLike, draft: NewPost): Promise<RemoteChange> {
  const bounded = boundRemotePost(draft);
  if (!bounded.ok) return bounded;
  return db.transaction(async (tx) => {
    await lockIri(tx, draft.iri);
    const existing = await findPostByIri(tx, draft.iri);
    if (existing == null) return persistRemotePost(tx, draft);
    if (existing.authorIri !== draft.authorIri || existing.isLocal)
      return { ok: false, reason: "not-owner" } as const;
    const { id: _id, iri: _iri, authorIri: _author, isLocal: _local, ...changes } = bounded.draft;
    const [post] = await tx
      .update(posts)
      .set({ ...changes, updatedAt: bounded.draft.updatedAt ?? new Date() })
      .where(eq(posts.id, existing.id))
      .returning();
    if (post == null) throw new Error("UPDATE … RETURNING gave no row");
    return { ok: true, post } as const;
  });
}

/**
 * A remote author deletes a post: it goes, and a tombstone stays, also when the post never
 * arrived here (the Delete overtook the Create). Whether `actorIri` may speak for that IRI at all
 * (its origin) is the caller's rule; here only a stored post's own author may delete it.
 */
export async function deleteRemotePost(
  db: DatabaseLike,
  iri: string,
  actorIri: string,
): Promise<{ ok: true; post: Post | undefined } | { ok: false; reason: "not-owner" }> {
  return db.transaction(async (tx) => {
    await lockIri(tx, iri);
    const existing = await findPostByIri(tx, iri);
    if (existing != null && (existing.authorIri !== actorIri || existing.isLocal))
      return { ok: false, reason: "not-owner" } as const;
    if (existing != null) await tx.delete(posts).where(eq(posts.id, existing.id));
    await tx.insert(tombstones).values({ iri, deletedBy: actorIri }).onConflictDoNothing();
    return { ok: true, post: existing } as const;
  });
}
