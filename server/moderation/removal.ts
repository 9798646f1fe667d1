/**
 * Content removed by moderators (a report resolved with "remove content"). A local post goes,
 * and its Delete reaches its audience (federation/actions/reports.ts); another server's post
 * goes from here and a tombstone keeps it from coming back with a later delivery.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { type Post, posts, tombstones } from "../../db/schema.ts";
import type { Moderator } from "./domain-policy.ts";
import { recordAction } from "./log.ts";

export async function removeContent(db: Database, post: Post, by: Moderator): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(posts).where(eq(posts.id, post.id)).returning();
    if (removed.length === 0) return false;
    if (!post.isLocal)
      await tx
        .insert(tombstones)
        .values({ iri: post.iri, deletedBy: post.authorIri })
        .onConflictDoNothing();
    await recordAction(tx, {
      action: "content-removed",
      target: post.iri,
      category: by.category,
      byPersonId: by.personId,
    });
    return true;
  });
}
