/**
 * A space's engagement over time, and a hub's across its member spaces: the same measures for
 * the hub and its members together (each participant counted once), and for each member.
 */
import { inArray } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { directoryEntries } from "../../db/schema.ts";
import { localHandleOf } from "../actors/local-iris.ts";
import { countFollows } from "../follows/follows.ts";
import { everyMemberOf } from "../membership/lists.ts";
import { type Engagement, engagementOf, type Period } from "./engagement.ts";

export interface SpaceRef {
  iri: string;
  isHub: boolean;
}

/** One space's engagement in each period. */
export async function engagementSeries(
  db: DatabaseLike,
  space: SpaceRef,
  periods: Period[],
): Promise<Engagement[]> {
  const options = space.isHub ? { hubIri: space.iri } : {};
  return Promise.all(periods.map((period) => engagementOf(db, [space.iri], period, options)));
}

export interface HubEngagement {
  /** The hub and its member spaces together. */
  combined: Engagement;
  members: { iri: string; engagement: Engagement }[];
}

/**
 * Followers of each member: counted here for spaces of this instance, and as the directory last
 * saw them for the others (only their own server knows them all).
 */
async function followersOfMembers(db: DatabaseLike, origin: string, iris: string[]) {
  const remote = iris.filter((iri) => localHandleOf(origin, iri) == null);
  const entries =
    remote.length === 0
      ? []
      : await db
          .select({ iri: directoryEntries.iri, n: directoryEntries.followerCount })
          .from(directoryEntries)
          .where(inArray(directoryEntries.iri, remote));
  const known = new Map(entries.map((e) => [e.iri, e.n ?? 0]));
  const counts = new Map<string, number>();
  for (const iri of iris)
    counts.set(
      iri,
      localHandleOf(origin, iri) == null
        ? (known.get(iri) ?? 0)
        : await countFollows(db, "followers", iri),
    );
  return counts;
}

/** A hub's engagement with its current member spaces in one period. */
export async function hubEngagement(
  db: DatabaseLike,
  origin: string,
  hubIri: string,
  period: Period,
): Promise<HubEngagement> {
  const memberIris = (await everyMemberOf(db, hubIri)).map((m) => m.memberIri);
  const followers = await followersOfMembers(db, origin, memberIris);
  const own = await countFollows(db, "followers", hubIri);
  const total = [...followers.values()].reduce((sum, n) => sum + n, own);
  const combined = await engagementOf(db, [hubIri, ...memberIris], period, {
    hubIri,
    followers: total,
  });
  const members = await Promise.all(
    memberIris.map(async (iri) => ({
      iri,
      engagement: await engagementOf(db, [iri], period, { followers: followers.get(iri) ?? 0 }),
    })),
  );
  return { combined, members };
}
