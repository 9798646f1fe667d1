import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import type { Context } from "hono";
import { people, type Report, reportAction } from "../../../db/schema.ts";
import {
  fileReportAs,
  forwardReport,
  resolveReportWith,
} from "../../../federation/actions/reports.ts";
import { findReport, ReportInput, reportsPage } from "../../../server/moderation/reports.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { requireCaller, requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { ReportOut, toReportOut } from "../moderation-schemas.ts";
import { Cursor, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Id = z.object({ id: z.string() });

const NewReport = ReportInput.extend({
  post: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .openapi({ description: "The reported post: its IRI or id" }),
  actor: z.string().trim().min(1).max(500).optional().openapi({
    description: "Or the reported actor: @user@host, a local handle or an IRI",
  }),
}).refine((r) => (r.post == null) !== (r.actor == null), {
  message: "Name either a post or an actor",
  path: ["post"],
});

/** Reports with who made them, as moderators see them. */
async function reportsOut(c: Context<ApiEnv>, reports: Report[]) {
  const ids = reports.flatMap((r) => (r.reporterId ? [r.reporterId] : []));
  const handles = new Map(
    ids.length === 0
      ? []
      : (
          await c
            .get("deps")
            .db.select({ id: people.id, handle: people.handle })
            .from(people)
            .where(inArray(people.id, ids))
        ).map((p) => [p.id, p.handle]),
  );
  return reports.map((r) => toReportOut(r, r.reporterId ? handles.get(r.reporterId) : undefined));
}

export function registerReportRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "post",
      path: "/reports",
      tags: ["Reports"],
      summary:
        "Report a post or an actor to this instance's moderators; `forward` also sends an anonymous copy to its server",
      request: body(NewReport),
      responses: {
        201: json(z.object({ id: z.string().uuid(), forwarded: z.boolean() }), "Filed"),
        ...errorResponses(400, 401, 404, 422, 429),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const { post, actor, ...input } = c.req.valid("json");
      const target = post != null ? { post } : { actor: actor ?? "" };
      const filed = await fileReportAs(federationContext(c), caller.person, target, input);
      if (!filed.ok)
        fail(filed.reason === "self" ? 422 : 404, `api.report-${filed.reason}` as const);
      return c.json({ id: filed.report.id, forwarded: filed.forwarded }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/reports",
      tags: ["Reports"],
      summary: "The report queue, newest first (moderators)",
      request: { query: Cursor.extend({ status: z.enum(["open", "resolved"]).default("open") }) },
      responses: {
        200: json(pageOf(ReportOut, "ReportPage"), "A page of reports"),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      requireInstanceRole(c, "moderate");
      const page = await reportsPage(c.get("deps").db, c.req.valid("query").status, pageCursor(c));
      return c.json({ items: await reportsOut(c, page.items), next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/reports/{id}",
      tags: ["Reports"],
      summary: "One report (moderators)",
      request: { params: Id },
      responses: { 200: json(ReportOut, "The report"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      requireInstanceRole(c, "moderate");
      const report =
        (await findReport(c.get("deps").db, c.req.valid("param").id)) ?? fail(404, "api.no-report");
      const [out] = await reportsOut(c, [report]);
      return c.json(out, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/reports/{id}/resolve",
      tags: ["Reports"],
      summary:
        "Resolve a report with an action (moderators): none, remove-content, block-actor (suspends a local account), block-domain",
      request: {
        params: Id,
        ...body(
          z.object({
            action: z.enum(reportAction.enumValues),
            note: z.string().trim().max(2000).default(""),
          }),
        ),
      },
      responses: {
        200: json(ReportOut, "Resolved"),
        ...errorResponses(400, 401, 403, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const resolved = await resolveReportWith(
        federationContext(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        { personId: caller.person.id },
      );
      if (!resolved.ok) {
        if (resolved.reason === "not-found") fail(404, "api.no-report");
        fail(resolved.reason === "resolved" ? 409 : 422, `api.resolve-${resolved.reason}` as const);
      }
      const [out] = await reportsOut(c, [resolved.report]);
      return c.json(out, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/reports/{id}/forward",
      tags: ["Reports"],
      summary:
        "Send an anonymous copy of a report to the reported actor's server, as a Flag (moderators)",
      request: { params: Id },
      responses: { 204: { description: "Sent" }, ...errorResponses(401, 403, 404, 409, 429) },
    }),
    async (c) => {
      requireInstanceRole(c, "moderate");
      const report =
        (await findReport(c.get("deps").db, c.req.valid("param").id)) ?? fail(404, "api.no-report");
      if (!(await forwardReport(federationContext(c), report))) fail(409, "api.not-forwardable");
      return c.body(null, 204);
    },
  );
}
