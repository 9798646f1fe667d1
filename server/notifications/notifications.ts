import { and, count, eq, inArray, isNull } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Notification, notifications, type Post, posts } from "../../db/schema.ts";
import { localHandleOf } from "../actors/local-iris.ts";
import { keyset, type PageCursor } from "../paging/keyset.ts";

const byCreated = keyset<Notification>(notifications.createdAt, notifications.id, (n) => ({
  time: n.createdAt,
  id: n.id,
}));

export type NotificationKind = Notification["kind"];

export interface NotificationInput {
  recipientIri: string;
  kind: NotificationKind;
  actorIri: string;
  objectIri?: string | null;
}

/** Records that something concerns a local actor; the same event never notifies twice. */
export async function notify(db: DatabaseLike, input: NotificationInput): Promise<void> {
  if (input.recipientIri === input.actorIri) return;
  await db
    .insert(notifications)
    .values({ ...input, objectIri: input.objectIri ?? null })
    .onConflictDoNothing();
}

export async function listNotifications(
  db: DatabaseLike,
  recipientIris: string[],
  options: { before?: PageCursor; limit?: number; unreadOnly?: boolean } = {},
) {
  const limit = options.limit ?? 30;
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        inArray(notifications.recipientIri, recipientIris),
        byCreated.after(options.before),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(...byCreated.order)
    .limit(limit + 1);
  return byCreated.page(rows, limit);
}

/** How many notifications of these recipients are still unread. */
export async function countUnread(db: DatabaseLike, recipientIris: string[]): Promise<number> {
  if (recipientIris.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(inArray(notifications.recipientIri, recipientIris), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markNotificationsRead(
  db: DatabaseLike,
  recipientIris: string[],
): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(inArray(notifications.recipientIri, recipientIris), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** A new post notifies the local actors it mentions and the local author it answers. */
export async function notifyAboutPost(db: DatabaseLike, origin: string, post: Post): Promise<void> {
  for (const mention of post.mentions) {
    if (localHandleOf(origin, mention.href) == null) continue;
    await notify(db, {
      recipientIri: mention.href,
      kind: "mention",
      actorIri: post.authorIri,
      objectIri: post.iri,
    });
  }
  if (post.inReplyToIri == null) return;
  const [parent] = await db.select().from(posts).where(eq(posts.iri, post.inReplyToIri));
  if (parent?.isLocal) {
    await notify(db, {
      recipientIri: parent.authorIri,
      kind: "reply",
      actorIri: post.authorIri,
      objectIri: post.iri,
    });
  }
}
