import { z } from "@hono/zod-openapi";
import {
  type DomainBlock,
  domainBlockLevel,
  type ModerationLogEntry,
  moderationAction,
  type Report,
  reportAction,
  reportCategory,
  type SpaceBlock,
} from "../../db/schema.ts";

/** What the API shows of the federation policy, reports, the log and space blocks. */

export const DomainBlockOut = z
  .object({
    domain: z.string(),
    level: z.enum(domainBlockLevel.enumValues),
    reason: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("DomainBlock");

export const toDomainBlockOut = (block: DomainBlock) => ({
  domain: block.domain,
  level: block.level,
  reason: block.reason,
  createdAt: block.createdAt.toISOString(),
  updatedAt: block.updatedAt.toISOString(),
});

export const PolicyOut = z
  .object({
    domainBlocks: z.array(DomainBlockOut),
    allowlistMode: z.boolean(),
    allowedDomains: z.array(z.string()),
    blockedActors: z.array(z.object({ actor: z.string(), reason: z.string() })),
  })
  .openapi("FederationPolicy");

export const LogEntryOut = z
  .object({
    id: z.string().uuid(),
    action: z.enum(moderationAction.enumValues),
    target: z.string().openapi({ description: "A domain, an actor's or post's IRI, or @handle" }),
    space: z.string().nullable().openapi({ description: "The space whose own action it was" }),
    detail: z.string().nullable(),
    reason: z.string(),
    category: z.enum(reportCategory.enumValues).nullable(),
    createdAt: z.string(),
  })
  .openapi("ModerationLogEntry");

/** A log entry as anyone may read it: never who reported, nor which moderator acted. */
export const toLogEntryOut = (entry: ModerationLogEntry) => ({
  id: entry.id,
  action: entry.action,
  target: entry.target,
  space: entry.space,
  detail: entry.detail,
  reason: entry.reason,
  category: entry.category,
  createdAt: entry.createdAt.toISOString(),
});

export const ReportOut = z
  .object({
    id: z.string().uuid(),
    actor: z.string().openapi({ description: "The reported actor's IRI" }),
    objects: z.array(z.string()).openapi({ description: "The reported posts' IRIs" }),
    category: z.enum(reportCategory.enumValues),
    comment: z.string(),
    from: z.string().openapi({
      description: "@handle of the reporter here, or the server a Flag came from",
    }),
    forwarded: z.boolean(),
    status: z.enum(["open", "resolved"]),
    action: z.enum(reportAction.enumValues).nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi("Report");

export const toReportOut = (report: Report, reporterHandle: string | undefined) => ({
  id: report.id,
  actor: report.actorIri,
  objects: report.objectIris,
  category: report.category,
  comment: report.comment,
  from: report.sourceDomain ?? (reporterHandle ? `@${reporterHandle}` : "—"),
  forwarded: report.forwardedAt != null,
  status: report.status,
  action: report.action,
  note: report.note,
  createdAt: report.createdAt.toISOString(),
  resolvedAt: report.resolvedAt?.toISOString() ?? null,
});

export const SpaceBlockOut = z
  .object({
    kind: z.enum(["actor", "domain"]),
    target: z.string(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .openapi("SpaceBlock");

export const toSpaceBlockOut = (block: SpaceBlock) => ({
  kind: block.kind,
  target: block.target,
  reason: block.reason,
  createdAt: block.createdAt.toISOString(),
});

export const ReasonIn = z.string().trim().max(500).default("").openapi({
  description: "Why, in your words: public, in the moderation log",
});
