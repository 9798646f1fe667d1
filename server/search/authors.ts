import { eq } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { remoteActors } from "../../db/schema.ts";
import { localActorIri, localHandleOfAddress } from "../actors/local-iris.ts";

/**
 * The actor a search is narrowed to, by the address a reader types: `wmke` or `@wmke` here,
 * `@group@example.org` for an actor this instance has met, or an actor's URL. Undefined when no
 * actor known here answers to it.
 */
export async function resolveAuthor(
  db: DatabaseLike,
  origin: string,
  address: string,
): Promise<string | undefined> {
  const trimmed = address.trim();
  const local =
    /^@?([a-z0-9_]{1,30})$/i.exec(trimmed)?.[1] ?? localHandleOfAddress(origin, trimmed);
  if (local) return localActorIri(origin, local.toLowerCase());
  if (/^https?:\/\//i.test(trimmed) && URL.canParse(trimmed)) return new URL(trimmed).href;
  const [, user, host] = /^@?([^@\s/]+)@([^@\s/]+)$/.exec(trimmed) ?? [];
  if (user == null || host == null) return undefined;
  // Stored as its server spells the user (`@Ana@…`); hosts are case-insensitive.
  const [row] = await db
    .select({ iri: remoteActors.iri })
    .from(remoteActors)
    .where(eq(remoteActors.handle, `@${user}@${host.toLowerCase()}`))
    .limit(1);
  return row?.iri;
}
