/**
 * Which hubs pass a post on to their followers (FEP-1b12), and the record that they did. A hub
 * relays only a public post of an accepted member that is not suspended, addressed to it (by
 * mention or `audience`), whose id lives on its author's own server: the hub vouches for it to
 * every follower, so it never relays what the author's server does not serve, nor what comes
 * from a domain this instance silenced.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, relays, spaces } from "../../db/schema.ts";
import { localActorIri, localHandleOf } from "../actors/local-iris.ts";
import { federationVerdict } from "../moderation/domain-policy.ts";
import { findMembership } from "./memberships.ts";

export type RelayDecision =
  | { ok: true }
  | {
      ok: false;
      reason:
        | "not-addressed"
        | "not-public"
        | "foreign-origin"
        | "not-member"
        | "suspended"
        | "silenced";
    };

/** Whether the local hub `hubIri` relays `post`, and if not, why. */
export async function relayDecision(
  db: DatabaseLike,
  post: Post,
  hubIri: string,
): Promise<RelayDecision> {
  if (post.audienceIri !== hubIri && !post.mentions.some((m) => m.href === hubIri))
    return { ok: false, reason: "not-addressed" };
  if (post.visibility !== "public") return { ok: false, reason: "not-public" };
  if (new URL(post.iri).origin !== new URL(post.authorIri).origin)
    return { ok: false, reason: "foreign-origin" };
  const membership = await findMembership(db, post.authorIri, hubIri);
  if (membership?.state !== "accepted") return { ok: false, reason: "not-member" };
  if (membership.suspendedAt != null) return { ok: false, reason: "suspended" };
  // A hub does not pass on what this instance keeps out of public lists (a silenced domain).
  const verdict = await federationVerdict(db, new URL(post.authorIri).hostname);
  if (!verdict.federates || verdict.silenced) return { ok: false, reason: "silenced" };
  return { ok: true };
}

/** The local hubs a post is addressed to (its audience and the hubs it mentions). */
export async function addressedLocalHubs(
  db: DatabaseLike,
  origin: string,
  post: Post,
): Promise<string[]> {
  const handles = [post.audienceIri, ...post.mentions.map((m) => m.href)]
    .filter((iri): iri is string => iri != null && iri !== post.authorIri)
    .flatMap((iri) => localHandleOf(origin, iri) ?? []);
  if (handles.length === 0) return [];
  const hubs = await db
    .select({ handle: spaces.handle })
    .from(spaces)
    .where(and(inArray(spaces.handle, [...new Set(handles)]), eq(spaces.kind, "hub")));
  return hubs.map((hub) => localActorIri(origin, hub.handle));
}

/** The local hubs that relay `post`: addressed to them, and by a member in good standing. */
export async function hubsRelaying(db: DatabaseLike, origin: string, post: Post) {
  const relaying: string[] = [];
  for (const hubIri of await addressedLocalHubs(db, origin, post))
    if ((await relayDecision(db, post, hubIri)).ok) relaying.push(hubIri);
  return relaying;
}

/** The id of a local hub's Announce of a post: one per hub and post, so a retry is the same. */
export const relayActivityIri = (hubIri: string, post: Pick<Post, "id">) =>
  `${hubIri}/relays/${post.id}`;

/** Records that a hub relayed a post; false when it had already (deliveries come twice). */
export async function recordRelay(
  db: DatabaseLike,
  relay: { hubIri: string; postIri: string; activityIri: string },
): Promise<boolean> {
  const inserted = await db.insert(relays).values(relay).onConflictDoNothing().returning();
  return inserted.length > 0;
}

/** The hubs that relayed each of these posts, by post IRI. */
export async function relayedBy(
  db: DatabaseLike,
  postIris: string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (postIris.length === 0) return found;
  const rows = await db
    .select({ hubIri: relays.hubIri, postIri: relays.postIri })
    .from(relays)
    .where(inArray(relays.postIri, postIris));
  for (const row of rows) found.set(row.postIri, [...(found.get(row.postIri) ?? []), row.hubIri]);
  return found;
}
