/**
 * The open moderation log: every moderation action, with its date, what it applies to and why,
 * public so that anyone can hold the instance to account. Entries never name who reported.
 */
import type { DatabaseLike } from "../../db/client.ts";
import { type ModerationLogEntry, moderationLog } from "../../db/schema.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";

export type NewLogEntry = Pick<ModerationLogEntry, "action" | "target"> &
  Partial<Pick<ModerationLogEntry, "space" | "detail" | "reason" | "category" | "byPersonId">>;

/** Records an action; call it in the transaction that takes the action, so neither goes alone. */
export async function recordAction(db: DatabaseLike, entry: NewLogEntry): Promise<void> {
  await db.insert(moderationLog).values({ ...entry, reason: entry.reason?.trim() ?? "" });
}

const byTime = keyset<ModerationLogEntry>(moderationLog.createdAt, moderationLog.id, (entry) => ({
  time: entry.createdAt,
  id: entry.id,
}));

/** The log, newest first. */
export async function moderationLogPage(
  db: DatabaseLike,
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<ModerationLogEntry>> {
  const rows = await db
    .select()
    .from(moderationLog)
    .where(byTime.after(cursor))
    .orderBy(...byTime.order)
    .limit(limit + 1);
  return byTime.page(rows, limit);
}
