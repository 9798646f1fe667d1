/**
 * A space's public archive: everything it published that anyone may read, every change of its
 * memberships (as a hub and as a member) and every result of its proposals, by month (UTC) and
 * by kind, so anyone can read back what was decided and learned. Lists page by the keyset helper.
 */
import { and, eq, gte, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import {
  type MembershipEvent,
  membershipEvents,
  type Post,
  type PostKind,
  postKind,
  posts,
} from "../../db/schema.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";
import { byPublished } from "../posts/lists.ts";
import { ANONYMOUS, visibleTo } from "../posts/visibility.ts";

export const ARCHIVE_KINDS = [...postKind.enumValues, "memberships", "results"] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

/** A month as `YYYY-MM`, a real one between the years 2000 and 9998. */
export const MonthSchema = z
  .string()
  .regex(/^(2\d{3}|[3-9]\d{3})-(0[1-9]|1[0-2])$/, { error: "must be a month as YYYY-MM" });

export function monthPeriod(month: string): { from: Date; to: Date } {
  const [year = 0, index = 1] = month.split("-").map(Number);
  return {
    from: new Date(Date.UTC(year, index - 1, 1)),
    to: new Date(Date.UTC(year, index, 1)),
  };
}

export interface ArchiveMonth {
  month: string;
  posts: Partial<Record<PostKind, number>>;
  memberships: number;
  results: number;
}

const monthOf = (column: unknown) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`;
const endTime = sql`(${posts.details}->>'endTime')::timestamptz`;
const isResult = (spaceIri: string) =>
  and(
    eq(posts.authorIri, spaceIri),
    eq(posts.kind, "proposal"),
    sql`(${posts.details}->>'closed')::boolean IS TRUE`,
    visibleTo(ANONYMOUS),
  );
const ofSpace = (spaceIri: string) =>
  or(eq(membershipEvents.hubIri, spaceIri), eq(membershipEvents.memberIri, spaceIri));

/** The months with something in the archive, newest first, with what each holds. */
export async function archiveMonths(db: DatabaseLike, spaceIri: string): Promise<ArchiveMonth[]> {
  const [published, changes, results] = await Promise.all([
    db
      .select({
        month: monthOf(posts.publishedAt),
        kind: posts.kind,
        n: sql<number>`count(*)::int`,
      })
      .from(posts)
      .where(and(eq(posts.authorIri, spaceIri), visibleTo(ANONYMOUS)))
      .groupBy(sql`1`, posts.kind),
    db
      .select({ month: monthOf(membershipEvents.at), n: sql<number>`count(*)::int` })
      .from(membershipEvents)
      .where(ofSpace(spaceIri))
      .groupBy(sql`1`),
    db
      .select({ month: monthOf(endTime), n: sql<number>`count(*)::int` })
      .from(posts)
      .where(isResult(spaceIri))
      .groupBy(sql`1`),
  ]);
  const months = new Map<string, ArchiveMonth>();
  const at = (month: string) => {
    let entry = months.get(month);
    if (entry == null) {
      entry = { month, posts: {}, memberships: 0, results: 0 };
      months.set(month, entry);
    }
    return entry;
  };
  for (const row of published) at(row.month).posts[row.kind] = row.n;
  for (const row of changes) at(row.month).memberships = row.n;
  for (const row of results) at(row.month).results = row.n;
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** What a space published in a month (of one kind, or all), newest first. */
export async function archivedPosts(
  db: DatabaseLike,
  spaceIri: string,
  month: string,
  kind?: PostKind,
  cursor?: PageCursor,
  limit = 20,
): Promise<Page<Post>> {
  const { from, to } = monthPeriod(month);
  const rows = await db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.authorIri, spaceIri),
        visibleTo(ANONYMOUS),
        gte(posts.publishedAt, from),
        lt(posts.publishedAt, to),
        kind ? eq(posts.kind, kind) : undefined,
        byPublished.after(cursor),
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}

const byTime = keyset<MembershipEvent>(membershipEvents.at, membershipEvents.id, (row) => ({
  time: row.at,
  id: row.id,
}));

/** The membership changes of a space in a month, as a hub and as a member, newest first. */
export async function archivedMembershipChanges(
  db: DatabaseLike,
  spaceIri: string,
  month: string,
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<MembershipEvent>> {
  const { from, to } = monthPeriod(month);
  const rows = await db
    .select()
    .from(membershipEvents)
    .where(
      and(
        ofSpace(spaceIri),
        gte(membershipEvents.at, from),
        lt(membershipEvents.at, to),
        byTime.after(cursor),
      ),
    )
    .orderBy(...byTime.order)
    .limit(limit + 1);
  return byTime.page(rows, limit);
}

/** The space's proposals whose voting ended in a month, with their results. */
export async function archivedResults(
  db: DatabaseLike,
  spaceIri: string,
  month: string,
  limit = 100,
): Promise<Post[]> {
  const { from, to } = monthPeriod(month);
  return db
    .select()
    .from(posts)
    .where(
      and(
        isResult(spaceIri),
        sql`${endTime} >= ${from.toISOString()}::timestamptz`,
        sql`${endTime} < ${to.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(endTime)
    .limit(limit);
}
