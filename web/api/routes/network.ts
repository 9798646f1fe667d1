/** The directory, engagement (JSON or CSV) and the public archive. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addToDirectory } from "../../../federation/directory/refresh.ts";
import { localActorIri } from "../../../server/actors/local-iris.ts";
import {
  ARCHIVE_KINDS,
  archivedMembershipChanges,
  archivedPosts,
  archivedResults,
  archiveMonths,
  MonthSchema,
} from "../../../server/archive/archive.ts";
import { DirectoryFilters, listDirectory } from "../../../server/directory/directory.ts";
import { engagementCsv } from "../../../server/engagement/csv.ts";
import { monthsUntil } from "../../../server/engagement/engagement.ts";
import { engagementSeries, hubEngagement } from "../../../server/engagement/hub-engagement.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { localActor } from "../acting.ts";
import { requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import {
  DirectoryEntryOut,
  EngagementOut,
  toDirectoryEntryOut,
  toEngagementOut,
} from "../network-schemas.ts";
import { Cursor, PostOut, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";
import { postsOut } from "./posts.ts";

const Space = z.object({ handle: z.string().openapi({ example: "africa_hub" }) });

async function spaceOr404(c: Context<ApiEnv>, handle: string) {
  const { space } = await localActor(c, handle);
  return space ?? fail(404, "api.no-space", { handle });
}

export function registerNetworkRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/directory",
      tags: ["Directory"],
      summary: "Every space this instance has met, most recently active first, filtered",
      request: { query: DirectoryFilters.extend(Cursor.shape) },
      responses: {
        200: json(pageOf(DirectoryEntryOut, "DirectoryPage"), "A page"),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const { before: _cursor, ...filters } = c.req.valid("query");
      const page = await listDirectory(c.get("deps").db, filters, pageCursor(c));
      return c.json({ items: page.items.map(toDirectoryEntryOut), next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/directory",
      tags: ["Directory"],
      summary: "Add a space by @name@host or URL (admins); it is looked up and refreshed",
      request: body(z.object({ target: z.string().min(3).max(500) })),
      responses: {
        200: json(z.object({ iri: z.string(), refreshed: z.string() }), "Added"),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      requireInstanceRole(c, "administer");
      const result = await addToDirectory(federationContext(c), c.req.valid("json").target);
      if (!result.ok)
        fail(
          result.reason === "not-a-space" ? 422 : 404,
          result.reason === "not-a-space" ? "api.not-a-group" : "api.nobody-there",
        );
      return c.json({ iri: result.iri, refreshed: result.refreshed }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/actors/{handle}/engagement",
      tags: ["Engagement"],
      summary:
        "A space's engagement per month (for a hub, across its member spaces too); format=csv for a spreadsheet",
      request: {
        params: Space,
        query: z.object({
          months: z.coerce.number().int().min(1).max(36).default(12),
          until: MonthSchema.optional().openapi({ description: "The last month, YYYY-MM" }),
          format: z.enum(["json", "csv"]).default("json"),
        }),
      },
      responses: {
        200: {
          description: "Engagement",
          content: {
            "application/json": {
              schema: z.object({
                months: z.array(EngagementOut),
                members: z
                  .array(z.object({ iri: z.string(), engagement: EngagementOut }))
                  .nullable()
                  .openapi({ description: "For hubs: each member space in the last month" }),
              }),
            },
            "text/csv": { schema: z.string() },
          },
        },
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const space = await spaceOr404(c, c.req.valid("param").handle);
      const { months, until, format } = c.req.valid("query");
      const { db, config } = c.get("deps");
      const iri = localActorIri(config.ORIGIN, space.handle);
      const periods = monthsUntil(until ? new Date(`${until}-01T00:00:00Z`) : new Date(), months);
      const series = await engagementSeries(db, { iri, isHub: space.kind === "hub" }, periods);
      const last = periods.at(-1);
      const hub =
        space.kind === "hub" && last ? await hubEngagement(db, config.ORIGIN, iri, last) : null;
      if (format === "csv") {
        const rows = [
          ...series.map((engagement) => ({ space: iri, engagement })),
          ...(hub?.members ?? []).map((m) => ({ space: m.iri, engagement: m.engagement })),
        ];
        c.header("content-disposition", `attachment; filename="${space.handle}-engagement.csv"`);
        return c.body(engagementCsv(rows), 200, { "content-type": "text/csv; charset=utf-8" });
      }
      return c.json(
        {
          months: series.map(toEngagementOut),
          members:
            hub?.members.map((m) => ({ iri: m.iri, engagement: toEngagementOut(m.engagement) })) ??
            null,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/actors/{handle}/archive",
      tags: ["Archive"],
      summary:
        "A space's public archive: the months with what each holds, or one month's posts, membership changes or results",
      request: {
        params: Space,
        query: Cursor.extend({
          month: MonthSchema.optional(),
          kind: z.enum(ARCHIVE_KINDS).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({
            months: z.array(
              z.object({
                month: z.string(),
                posts: z.record(z.string(), z.number().int()),
                memberships: z.number().int(),
                results: z.number().int(),
              }),
            ),
            posts: z.array(PostOut),
            membershipChanges: z.array(
              z.object({
                hub: z.string(),
                member: z.string(),
                change: z.string(),
                at: z.string(),
                by: z.string(),
              }),
            ),
            results: z.array(PostOut),
            next: z.string().nullable(),
          }),
          "The archive",
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const space = await spaceOr404(c, c.req.valid("param").handle);
      const { month, kind } = c.req.valid("query");
      const { db, config } = c.get("deps");
      const iri = localActorIri(config.ORIGIN, space.handle);
      const months = await archiveMonths(db, iri);
      const empty = { months, posts: [], membershipChanges: [], results: [], next: null };
      if (month == null) return c.json(empty, 200);
      const cursor = pageCursor(c);
      if (kind === "memberships") {
        const page = await archivedMembershipChanges(db, iri, month, cursor);
        const membershipChanges = page.items.map((e) => ({
          hub: e.hubIri,
          member: e.memberIri,
          change: e.change,
          at: e.at.toISOString(),
          by: e.actorIri,
        }));
        return c.json({ ...empty, membershipChanges, next: page.next ?? null }, 200);
      }
      if (kind === "results")
        return c.json(
          { ...empty, results: await postsOut(c, await archivedResults(db, iri, month)) },
          200,
        );
      const page = await archivedPosts(db, iri, month, kind, cursor);
      return c.json(
        { ...empty, posts: await postsOut(c, page.items), next: page.next ?? null },
        200,
      );
    },
  );
}
