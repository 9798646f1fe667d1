import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Invitation } from "../../../db/schema.ts";
import {
  InstancePolicy,
  instancePolicy,
  setInstancePolicy,
} from "../../../server/instance/policy.ts";
import {
  createInvitation,
  openInvitations,
  revokeInvitation,
} from "../../../server/invitations/invitations.ts";
import { roleIn } from "../../../server/people/people.ts";
import { findSpaceByHandle } from "../../../server/spaces/spaces.ts";
import { actingAs } from "../acting.ts";
import { requireCaller } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { body, json } from "./openapi-helpers.ts";

const Role = z.enum(["owner", "admin", "editor", "member"]);

const InvitationOut = z
  .object({
    id: z.string().uuid(),
    role: Role.nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("Invitation");

const NewInvitationOut = InvitationOut.extend({
  url: z.string().openapi({ description: "The link to send; shown in this answer only" }),
});

const PolicyOut = z
  .object({ openSignup: z.boolean(), peopleCreateSpaces: z.boolean(), about: z.string() })
  .openapi("InstanceSettings");

const toOut = (i: Invitation) => ({
  id: i.id,
  role: i.role,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
});

const Handle = z.object({ handle: z.string() });

export function registerInvitationRoutes(api: OpenAPIHono<ApiEnv>) {
  const spaceOf = async (c: Parameters<typeof actingAs>[0], handle: string) => {
    const caller = await actingAs(c, handle, "manage-space");
    const space =
      (await findSpaceByHandle(c.get("deps").db, handle)) ?? fail(404, "api.no-space", { handle });
    return { caller, space };
  };

  api.openapi(
    createRoute({
      method: "get",
      path: "/spaces/{handle}/invitations",
      tags: ["Invitations"],
      summary: "A space's invitations not yet used nor expired (owners and admins)",
      request: { params: Handle },
      responses: {
        200: json(z.object({ items: z.array(InvitationOut) }), "Open invitations"),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { space } = await spaceOf(c, c.req.valid("param").handle);
      const items = await openInvitations(c.get("deps").db, space.id);
      return c.json({ items: items.map(toOut) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/spaces/{handle}/invitations",
      tags: ["Invitations"],
      summary:
        "Invite to a space with a role: a one-time link that makes an account (owners invite to any role, admins to editor and member)",
      request: { params: Handle, ...body(z.object({ role: Role })) },
      responses: {
        201: json(NewInvitationOut, "The invitation and its link"),
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { caller, space } = await spaceOf(c, c.req.valid("param").handle);
      const { role } = c.req.valid("json");
      const { db, config } = c.get("deps");
      const mine = await roleIn(db, space.id, caller.person.id);
      if (mine !== "owner" && role !== "editor" && role !== "member")
        fail(403, "api.role-change-refused");
      const { invitation, token } = await createInvitation(db, {
        space: { id: space.id, role },
        invitedBy: caller.person.id,
      });
      const url = new URL(`/invite/${token}`, config.ORIGIN).href;
      return c.json({ ...toOut(invitation), url }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/spaces/{handle}/invitations/{id}",
      tags: ["Invitations"],
      summary: "Withdraw an invitation",
      request: { params: Handle.extend({ id: z.string() }) },
      responses: { 204: { description: "Withdrawn" }, ...errorResponses(401, 403, 404, 429) },
    }),
    async (c) => {
      const { handle, id } = c.req.valid("param");
      const { space } = await spaceOf(c, handle);
      if (!(await revokeInvitation(c.get("deps").db, id, space.id)))
        fail(404, "members.no-invitation");
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/instance/settings",
      tags: ["Instance"],
      summary: "The instance's settings: open sign-up, who creates spaces, its description",
      responses: { 200: json(PolicyOut, "Settings") },
    }),
    async (c) => c.json(await instancePolicy(c.get("deps").db), 200),
  );

  api.openapi(
    createRoute({
      method: "patch",
      path: "/instance/settings",
      tags: ["Instance"],
      summary: "Change the instance's settings (operators)",
      request: body(InstancePolicy.partial()),
      responses: {
        200: json(PolicyOut, "Settings as changed"),
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      requireCaller(c, "admin");
      return c.json(await setInstancePolicy(c.get("deps").db, c.req.valid("json")), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/instance/invitations",
      tags: ["Instance"],
      summary: "Invite someone to make an account here, without a space (operators)",
      responses: {
        201: json(NewInvitationOut, "The invitation and its link"),
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => {
      const caller = requireCaller(c, "admin");
      const { db, config } = c.get("deps");
      const { invitation, token } = await createInvitation(db, { invitedBy: caller.person.id });
      return c.json(
        { ...toOut(invitation), url: new URL(`/invite/${token}`, config.ORIGIN).href },
        201,
      );
    },
  );
}
