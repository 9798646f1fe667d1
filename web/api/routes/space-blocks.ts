import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { blockForSpace } from "../../../federation/actions/space-blocks.ts";
import { spaceBlocksPage, unblockInSpace } from "../../../server/moderation/space-blocks.ts";
import { findSpaceByHandle } from "../../../server/spaces/spaces.ts";
import { federationContext } from "../../federation-context.ts";
import { pageCursor } from "../../security/input.ts";
import { actingAs } from "../acting.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { ReasonIn, SpaceBlockOut, toSpaceBlockOut } from "../moderation-schemas.ts";
import { Cursor, pageOf } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Handle = z.object({ handle: z.string().openapi({ example: "kenya" }) });
const Target = z.string().trim().min(1).max(500).openapi({
  description: "@user@host, an actor's IRI, or a domain",
});

/** A space's own blocks, set by its owners and admins. */
export function registerSpaceBlockRoutes(api: OpenAPIHono<ApiEnv>) {
  const spaceOf = async (c: Parameters<typeof actingAs>[0], handle: string) => {
    await actingAs(c, handle, "manage-space");
    return (
      (await findSpaceByHandle(c.get("deps").db, handle)) ?? fail(404, "api.no-space", { handle })
    );
  };

  api.openapi(
    createRoute({
      method: "get",
      path: "/spaces/{handle}/blocks",
      tags: ["Spaces"],
      summary: "Whom a space blocks (its owners and admins)",
      request: { params: Handle, query: Cursor },
      responses: {
        200: json(pageOf(SpaceBlockOut, "SpaceBlockPage"), "A page of blocks"),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const space = await spaceOf(c, c.req.valid("param").handle);
      const page = await spaceBlocksPage(c.get("deps").db, space, pageCursor(c));
      return c.json({ items: page.items.map(toSpaceBlockOut), next: page.next ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/spaces/{handle}/blocks",
      tags: ["Spaces"],
      summary:
        "Block a remote actor or domain from following, replying, voting, answering events and joining; their follows end",
      request: { params: Handle, ...body(z.object({ target: Target, reason: ReasonIn })) },
      responses: {
        201: json(
          SpaceBlockOut.extend({
            endedFollows: z.number().int(),
            endedMemberships: z
              .number()
              .int()
              .openapi({ description: "Of a hub: members removed" }),
          }),
          "The block",
        ),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const space = await spaceOf(c, c.req.valid("param").handle);
      const { target, reason } = c.req.valid("json");
      const caller = c.get("caller");
      const result = await blockForSpace(
        federationContext(c),
        space,
        target,
        reason,
        caller?.person.id ?? null,
      );
      if (!result.ok)
        fail(
          result.reason === "local" ? 422 : 404,
          result.reason === "local" ? "api.block-local" : "api.nobody-there",
        );
      return c.json(
        {
          ...toSpaceBlockOut(result.block),
          endedFollows: result.endedFollows,
          endedMemberships: result.endedMemberships,
        },
        201,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/spaces/{handle}/blocks",
      tags: ["Spaces"],
      summary: "Lift a space's block",
      request: { params: Handle, query: z.object({ target: Target }) },
      responses: { 204: { description: "Lifted" }, ...errorResponses(401, 403, 404, 429) },
    }),
    async (c) => {
      const space = await spaceOf(c, c.req.valid("param").handle);
      const lifted = await unblockInSpace(
        c.get("deps").db,
        space,
        c.req.valid("query").target,
        c.get("caller")?.person.id ?? null,
      );
      if (!lifted) fail(404, "api.no-block");
      return c.body(null, 204);
    },
  );
}
