import type { Context } from "hono";
import type { Person } from "../db/schema.ts";
import { mayActAs, type SpaceAction } from "../server/spaces/permissions.ts";
import type { WebEnv } from "./env.ts";
import { errorResponse } from "./views/error-page.tsx";

/** The signed-in person, or a response sending the browser to sign in (or refusing). */
export async function requireActor(
  c: Context<WebEnv>,
  handle: string | undefined,
  action: SpaceAction,
): Promise<{ person: Person; handle: string } | Response> {
  const person = c.get("person");
  if (person == null) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  const as = handle ?? person.handle;
  if (!(await mayActAs(c.get("deps").db, person, as, action))) {
    return errorResponse(c, 403, "error.may-not-act-as", { handle: as });
  }
  return { person, handle: as };
}
