import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteAccountEverywhere } from "../../../federation/actions/accounts.ts";
import {
  type AccountRefusal,
  suspendAccount,
  unsuspendAccount,
} from "../../../server/moderation/accounts.ts";
import { setInstanceRole } from "../../../server/people/instance-roles.ts";
import { federationContext } from "../../federation-context.ts";
import { requireInstanceRole } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { errorResponses, fail } from "../errors.ts";
import { ReasonIn } from "../moderation-schemas.ts";
import { PersonOut, toPersonOut } from "../schemas.ts";
import { body, json } from "./openapi-helpers.ts";

const Handle = z.object({ handle: z.string() });
const Reason = z.object({ reason: ReasonIn });

function refuse(reason: AccountRefusal): never {
  switch (reason) {
    case "not-found":
      return fail(404, "api.no-such-person");
    case "already":
      return fail(409, "api.account-unchanged");
    case "has-instance-role":
      return fail(409, "api.account-has-role");
    case "last-owner":
      return fail(409, "api.account-last-owner");
  }
}

/** Suspending and deleting accounts, and instance roles, with the web's role checks. */
export function registerAccountRoutes(api: OpenAPIHono<ApiEnv>) {
  api.openapi(
    createRoute({
      method: "put",
      path: "/people/{handle}/suspension",
      tags: ["Moderation"],
      summary:
        "Suspend an account (moderators): no sign-in, sessions and tokens end, its actor answers 410",
      request: { params: Handle, ...body(Reason) },
      responses: {
        200: json(PersonOut, "Suspended"),
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const result = await suspendAccount(
        c.get("deps").db,
        c.req.valid("param").handle,
        c.req.valid("json").reason,
        { personId: caller.person.id },
      );
      if (!result.ok) refuse(result.reason);
      return c.json(toPersonOut(result.person, c.get("deps").config.ORIGIN, true), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/people/{handle}/suspension",
      tags: ["Moderation"],
      summary: "Lift an account's suspension (moderators)",
      request: { params: Handle, query: Reason },
      responses: { 200: json(PersonOut, "Restored"), ...errorResponses(401, 403, 404, 409, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "moderate");
      const result = await unsuspendAccount(
        c.get("deps").db,
        c.req.valid("param").handle,
        c.req.valid("query").reason,
        { personId: caller.person.id },
      );
      if (!result.ok) refuse(result.reason);
      return c.json(toPersonOut(result.person, c.get("deps").config.ORIGIN, true), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/people/{handle}",
      tags: ["Moderation"],
      summary:
        "Delete an account and all it made (admins); its followers' servers are sent a Delete",
      request: { params: Handle, query: Reason },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "administer");
      const result = await deleteAccountEverywhere(
        federationContext(c),
        c.req.valid("param").handle,
        c.req.valid("query").reason,
        { personId: caller.person.id },
      );
      if (!result.ok) refuse(result.reason);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/people/{handle}/instance-role",
      tags: ["Moderation"],
      summary: "Make someone an admin or moderator of this instance, or neither with null (admins)",
      request: {
        params: Handle,
        ...body(z.object({ role: z.enum(["admin", "moderator"]).nullable() })),
      },
      responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 404, 409, 429) },
    }),
    async (c) => {
      const caller = requireInstanceRole(c, "administer");
      const result = await setInstanceRole(
        c.get("deps").db,
        c.req.valid("param").handle,
        c.req.valid("json").role,
        caller.person.id,
      );
      if (!result.ok)
        fail(
          result.reason === "last-admin" ? 409 : 404,
          result.reason === "last-admin" ? "api.last-admin" : "api.no-such-person",
        );
      return c.body(null, 204);
    },
  );
}
