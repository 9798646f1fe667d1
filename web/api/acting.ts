import type { Context } from "hono";
import type { Person, Space } from "../../db/schema.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { mayActAs, type SpaceAction } from "../../server/spaces/permissions.ts";
import { findSpaceByHandle } from "../../server/spaces/spaces.ts";
import { requireCaller } from "./auth.ts";
import type { ApiEnv, Caller } from "./env.ts";
import { fail } from "./errors.ts";

/** A local actor by handle: a space or a person, or 404. */
export async function localActor(
  c: Context<ApiEnv>,
  handle: string,
): Promise<{ space?: Space; person?: Person }> {
  const { db } = c.get("deps");
  const space = await findSpaceByHandle(db, handle);
  if (space) return { space };
  const person = await findPersonByHandle(db, handle);
  if (person) return { person };
  return fail(404, "api.no-actor", { handle });
}

/**
 * Whom a read is for (whose own vote, RSVP or notifications it shows): `as`, only to a caller who
 * may act for it (`action`, as when writing), else the caller themself; undefined when nobody
 * signed in. A read token is enough.
 */
export async function readingAs(
  c: Context<ApiEnv>,
  as: string | undefined,
  action: SpaceAction,
): Promise<string | undefined> {
  if (as == null) return c.get("caller")?.person.handle;
  const caller = requireCaller(c, "read");
  await localActor(c, as);
  if (!(await mayActAs(c.get("deps").db, caller.person, as, action)))
    fail(403, "api.read-as-refused", { handle: as });
  return as;
}

/** The caller, allowed to act as local actor `handle` (themself, or a space by their role in it). */
export async function actingAs(
  c: Context<ApiEnv>,
  handle: string,
  action: SpaceAction,
): Promise<Caller> {
  const caller = requireCaller(c, "write");
  await localActor(c, handle);
  if (!(await mayActAs(c.get("deps").db, caller.person, handle, action))) {
    fail(403, "error.may-not-act-as", { handle });
  }
  return caller;
}
