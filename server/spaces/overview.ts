import { asc } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Space, spaces } from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { actorCountsOf } from "../counters/counters.ts";
import { pickLanguage } from "../i18n/languages.ts";

export interface SpaceSummary {
  space: Space;
  /** The name in the space's default language (or any, if that one is missing). */
  name: string;
  /** Accepted followers; pending requests do not count. */
  followers: number;
}

/** Every space of the instance with its follower count, oldest first (for the operator's list). */
export async function summarizeSpaces(db: DatabaseLike, origin: string): Promise<SpaceSummary[]> {
  const rows = await db.select().from(spaces).orderBy(asc(spaces.createdAt));
  if (rows.length === 0) return [];
  // Follows are stored by actor IRI; a space's IRI derives from the origin and its handle.
  const iris = rows.map((space) => localActorIri(origin, space.handle));
  const counts = await actorCountsOf(db, iris);
  return rows.map((space, i) => ({
    space,
    name: pickLanguage(space.name, [], space.defaultLanguage)?.text ?? "",
    followers: counts.get(iris[i] ?? "")?.followers ?? 0,
  }));
}
