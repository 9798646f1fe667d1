import type { Context } from "hono";
import type { Person } from "../db/schema.ts";
import { type InstanceAction, mayOnInstance } from "../server/people/instance-roles.ts";
import type { WebEnv } from "./env.ts";
import { errorResponse } from "./views/error-page.tsx";

/**
 * The signed-in person, whose instance role allows `action` (the API's rule,
 * server/people/instance-roles.ts), or a response: sign in first, or 403.
 */
export async function requireInstanceRole(
  c: Context<WebEnv>,
  action: InstanceAction,
): Promise<Person | Response> {
  const person = c.get("person");
  if (person == null) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  if (!mayOnInstance(person, action))
    return errorResponse(
      c,
      403,
      action === "administer" ? "api.admins-only" : "api.moderators-only",
    );
  return person;
}
