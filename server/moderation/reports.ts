/**
 * Reports of an actor and some of its posts: made here by anyone signed in, or received from
 * another server as a Flag. They wait in the moderators' queue until resolved with an action
 * (none, remove content, block the actor, block its domain) and a note. The queue shows who
 * reported to moderators; the log and a forwarded Flag never do.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseLike } from "../../db/client.ts";
import { type Report, type ReportAction, reportCategory, reports } from "../../db/schema.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";
import { recordAction } from "./log.ts";

/** At most this many posts in one report (a Flag names more at its sender's risk: cut). */
export const MAX_REPORTED_POSTS = 20;
export const MAX_COMMENT = 2000;

export const ReportInput = z.object({
  category: z.enum(reportCategory.enumValues).default("other"),
  comment: z.string().trim().max(MAX_COMMENT).default(""),
  /** Send an anonymous copy to the reported actor's server, when it is another one. */
  forward: z.boolean().default(false),
});
export type ReportInput = z.output<typeof ReportInput>;

export interface ReportSubject {
  actorIri: string;
  objectIris: string[];
}

/** A report by someone signed in here. */
export async function fileReport(
  db: DatabaseLike,
  reporterId: string,
  subject: ReportSubject,
  input: Pick<ReportInput, "category" | "comment">,
): Promise<Report> {
  const [row] = await db
    .insert(reports)
    .values({
      reporterId,
      actorIri: subject.actorIri,
      objectIris: subject.objectIris.slice(0, MAX_REPORTED_POSTS),
      category: input.category,
      comment: input.comment,
    })
    .returning();
  if (row == null) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

/** A report another server sent as a Flag; the same Flag twice is one report. */
export async function receiveReport(
  db: DatabaseLike,
  flag: { iri: string; sourceDomain: string; comment: string } & ReportSubject,
): Promise<Report | undefined> {
  const [row] = await db
    .insert(reports)
    .values({
      flagIri: flag.iri,
      sourceDomain: flag.sourceDomain,
      actorIri: flag.actorIri,
      objectIris: flag.objectIris.slice(0, MAX_REPORTED_POSTS),
      comment: flag.comment.slice(0, MAX_COMMENT),
    })
    .onConflictDoNothing({ target: reports.flagIri })
    .returning();
  return row;
}

export async function findReport(db: DatabaseLike, id: string): Promise<Report | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row;
}

/** Marks a report forwarded; false when it was already (so it is sent once). */
export async function markForwarded(db: DatabaseLike, id: string): Promise<boolean> {
  const rows = await db
    .update(reports)
    .set({ forwardedAt: new Date() })
    .where(and(eq(reports.id, id), sql`${reports.forwardedAt} IS NULL`))
    .returning({ id: reports.id });
  return rows.length > 0;
}

const byCreation = keyset<Report>(reports.createdAt, reports.id, (report) => ({
  time: report.createdAt,
  id: report.id,
}));

/** Open or resolved reports, newest first. */
export async function reportsPage(
  db: DatabaseLike,
  status: Report["status"],
  cursor?: PageCursor,
  limit = 30,
): Promise<Page<Report>> {
  const rows = await db
    .select()
    .from(reports)
    .where(and(eq(reports.status, status), byCreation.after(cursor)))
    .orderBy(...byCreation.order)
    .limit(limit + 1);
  return byCreation.page(rows, limit);
}

export type ClaimResult =
  | { ok: true; report: Report }
  | { ok: false; reason: "not-found" | "resolved" };

/**
 * Resolves an open report: one moderator's resolution wins when two act at once. The action's
 * consequences (a removal, a block) are taken by the caller once this succeeds, each logged.
 */
export async function resolveReport(
  db: Database,
  id: string,
  resolution: { action: ReportAction; note: string },
  byPersonId: string | null,
): Promise<ClaimResult> {
  if (!z.uuid().safeParse(id).success) return { ok: false, reason: "not-found" };
  return db.transaction(async (tx) => {
    const [report] = await tx
      .update(reports)
      .set({
        status: "resolved",
        action: resolution.action,
        note: resolution.note,
        resolvedById: byPersonId,
        resolvedAt: new Date(),
      })
      .where(and(eq(reports.id, id), eq(reports.status, "open")))
      .returning();
    if (report == null)
      return (await findReport(tx, id)) == null
        ? ({ ok: false, reason: "not-found" } as const)
        : ({ ok: false, reason: "resolved" } as const);
    await recordAction(tx, {
      action: "report-resolved",
      target: report.actorIri,
      detail: resolution.action,
      category: report.category,
      byPersonId,
    });
    return { ok: true, report } as const;
  });
}
