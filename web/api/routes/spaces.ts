import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { sendProfileUpdate } from "../../../federation/deliver.ts";
import { findPersonByHandle, roleIn } from "../../../server/people/people.ts";
import { foundSpace } from "../../../server/spaces/founding.ts";
import { membersOf } from "../../../server/spaces/members.ts";
import { mayChangeRole } from "../../../server/spaces/permissions.ts";
import { changeRole } from "../../../server/spaces/roles.ts";
import {
  findSpaceByHandle,
  listSpaces,
  NewSpaceInput,
  SpaceUpdate,
  updateSpace,
} from "../../../server/spaces/spaces.ts";
import { federationContext } from "../../federation-context.ts";
import { actingAs } from "../acting.ts";
import { requireCaller, requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { MemberOut, SpaceOut, toMemberOut, toSpaceOut } from "../schemas.ts";
import { json } from "./openapi-helpers.ts";

const Handle = z.object({ handle: z.string().openapi({ example: "kenya" }) });

async function spaceOr404(c: Parameters<typeof actingAs>[0], handle: string) {
  return (
    (await findSpaceByHandle(c.get("deps").db, handle)) ?? fail(404, "api.no-space", { handle })
  );
}

export function registerSpaceRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/spaces",
      tags: ["Spaces"],
      summary: "List the spaces of this instance",
      responses: { 200: json(z.object({ items: z.array(SpaceOut) }), "The spaces") },
    }),
    async (c) => {
      const { db, config } = c.get("deps");
      return c.json(
        { items: (await listSpaces(db)).map((s) => toSpaceOut(s, config.ORIGIN)) },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/spaces",
      tags: ["Spaces"],
      summary: "Create a space (admins); the caller becomes its owner",
      request: {
        body: { content: { "application/json": { schema: NewSpaceInput } }, required: true },
      },
      responses: {
        201: json(SpaceOut, "The new space"),
        ...errorResponses(400, 401, 403, 409, 429),
      },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "administer");
      const { db, config } = c.get("deps");
      const result = await foundSpace(db, c.req.valid("json"), caller.person.handle);
      if (!result.ok) fail(409, "setup.handle-taken");
      return c.json(toSpaceOut(result.space, config.ORIGIN), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/spaces/{handle}",
      tags: ["Spaces"],
      summary: "Read a space",
      request: { params: Handle },
      responses: { 200: json(SpaceOut, "The space"), ...errorResponses(404) },
    }),
    async (c) => {
      const space = await spaceOr404(c, c.req.valid("param").handle);
      return c.json(toSpaceOut(space, c.get("deps").config.ORIGIN), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/spaces/{handle}",
      tags: ["Spaces"],
      summary: "Change a space's profile or settings (owners and admins); followers are told",
      request: {
        params: Handle,
        body: { content: { "application/json": { schema: SpaceUpdate } }, required: true },
      },
      responses: {
        200: json(SpaceOut, "The space as changed"),
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      await actingAs(c, handle, "manage-space");
      const result = await updateSpace(
        c.get("deps").db,
        await spaceOr404(c, handle),
        c.req.valid("json"),
      );
      if (!result.ok)
        fail(
          422,
          result.reason === "no-default-name"
            ? "api.name-in-default-language"
            : "api.focus-for-hubs",
        );
      await sendProfileUpdate(federationContext(c), handle);
      return c.json(toSpaceOut(result.space, c.get("deps").config.ORIGIN), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/spaces/{handle}/members",
      tags: ["Spaces"],
      summary: "The people with a role in a space",
      request: { params: Handle },
      responses: {
        200: json(z.object({ items: z.array(MemberOut) }), "Members and roles"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const space = await spaceOr404(c, c.req.valid("param").handle);
      const members = await membersOf(c.get("deps").db, space.id);
      return c.json(
        { items: members.map((m) => toMemberOut(m.person, m.role, c.get("deps").config.ORIGIN)) },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/spaces/{handle}/members/{person}",
      tags: ["Spaces"],
      summary: "Give a person a role in a space, or take it away with role null",
      request: {
        params: Handle.extend({ person: z.string() }),
        body: {
          content: {
            "application/json": {
              schema: z.object({ role: z.enum(["owner", "admin", "editor", "member"]).nullable() }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ items: z.array(MemberOut) }), "Members after the change"),
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "write");
      const { handle, person: personHandle } = c.req.valid("param");
      const { db, config } = c.get("deps");
      const space = await spaceOr404(c, handle);
      const target =
        (await findPersonByHandle(db, personHandle)) ??
        fail(404, "api.no-person", { handle: personHandle });
      const wanted = c.req.valid("json").role ?? "none";
      const current = await roleIn(db, space.id, target.id);
      if (current == null && wanted === "none")
        fail(404, "api.no-role", { person: personHandle, space: handle });
      if (!(await mayChangeRole(db, caller.person, space.id, current, wanted))) {
        fail(403, "api.role-change-refused");
      }
      const result = await changeRole(db, handle, personHandle, wanted);
      if (!result.ok) fail(409, "api.last-owner");
      const members = await membersOf(db, space.id);
      return c.json(
        { items: members.map((m) => toMemberOut(m.person, m.role, config.ORIGIN)) },
        200,
      );
    },
  );
}
