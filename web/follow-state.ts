import type { Context } from "hono";
import { localActorIri } from "../server/actors/local-iris.ts";
import { findFollow } from "../server/follows/follows.ts";
import type { WebEnv } from "./env.ts";
import { identitiesOf } from "./identities.ts";
import type { FollowState } from "./views/follow-box.tsx";

/**
 * Whom the signed-in reader may follow a local actor as (themself and the spaces they manage,
 * never the actor itself), each with whether it follows already; undefined for a visitor.
 */
export async function followStateFor(
  c: Context<WebEnv>,
  handle: string,
): Promise<FollowState | undefined> {
  const person = c.get("person");
  if (person == null) return undefined;
  const { db, config } = c.get("deps");
  const target = localActorIri(config.ORIGIN, handle);
  const identities = (await identitiesOf(db, person, "manage-follows")).filter(
    (i) => i.handle !== handle,
  );
  return {
    targetIri: target,
    identities: await Promise.all(
      identities.map(async (i) => ({
        ...i,
        state: (await findFollow(db, localActorIri(config.ORIGIN, i.handle), target))?.state,
      })),
    ),
  };
}
