/**
 * Who may see a post, in one place: one SQL condition that every list, page and collection adds
 * to its query, and `canView`, which asks the same condition about one post.
 *
 * Public and unlisted posts are for everyone; a followers-only post for its author's accepted
 * followers; a direct post for those it mentions. Its author always sees it, and so does whoever
 * may publish as the author (the editors of a space see all of the space's posts). Nobody sees
 * the posts of a suspended account.
 *
 * Lists that gather posts of many authors (hashtags, libraries, calendars, search, the
 * directory) also leave out what comes from a silenced domain: `fromListedOrigin`.
 */
import { type AnyColumn, and, eq, type SQL, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Person, type Post, posts } from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { rolesOf } from "../people/people.ts";
import { roleMay } from "../spaces/permissions.ts";

export interface Viewer {
  /** The actor reading: a local person, or a remote actor that signed its fetch. */
  iri: string | undefined;
  /** Actors whose every post the viewer sees, because they may publish as them. */
  publishesFor?: string[];
}

export const ANONYMOUS: Viewer = { iri: undefined };

/** The condition on `posts` rows that `viewer` may see. */
export function visibleTo(viewer: Viewer): SQL {
  return sql`(${audienceOf(viewer)} AND ${notBySuspendedAccount})`;
}

/** Whether the local actor in `iri` is a suspended account. */
const suspendedAccount = (iri: AnyColumn | SQL) => sql`EXISTS (
  SELECT 1 FROM people p WHERE p.suspended_at IS NOT NULL
    AND right(${iri}, length(p.handle) + 2) = '/@' || p.handle)`;

/** A suspended local account's posts are shown to nobody (its actor answers 410). */
const notBySuspendedAccount = sql`NOT (${posts.isLocal} AND ${suspendedAccount(posts.authorIri)})`;

/** Whether the local actor `iri` is a suspended account, whose posts nobody sees. */
export const isSuspendedAccount = (iri: string): SQL => suspendedAccount(sql`${iri}::text`);

function audienceOf(viewer: Viewer): SQL {
  const open = sql`${posts.visibility} IN ('public', 'unlisted')`;
  const own = [viewer.iri, ...(viewer.publishesFor ?? [])].filter((iri) => iri != null);
  if (viewer.iri == null && own.length === 0) return open;
  const conditions = [open];
  if (own.length > 0)
    conditions.push(
      sql`${posts.authorIri} IN (${sql.join(
        own.map((iri) => sql`${iri}`),
        sql`, `,
      )})`,
    );
  if (viewer.iri != null) {
    const mention = JSON.stringify([{ href: viewer.iri }]);
    conditions.push(sql`${posts.mentions} @> ${mention}::jsonb`);
    conditions.push(sql`(${posts.visibility} = 'followers' AND EXISTS (
      SELECT 1 FROM follows f WHERE f.follower_iri = ${viewer.iri}
        AND f.followee_iri = ${posts.authorIri} AND f.state = 'accepted'))`);
  }
  return sql`(${sql.join(conditions, sql` OR `)})`;
}

/**
 * Whether the actor in `iri` (a post's author by default) may appear in lists of many authors:
 * not when its domain is silenced or suspended (server/moderation/domain-policy.ts). Local
 * actors always may; their posts skip the look-up.
 */
export function fromListedOrigin(iri: AnyColumn | SQL = posts.authorIri): SQL {
  const refused = sql`EXISTS (SELECT 1 FROM domain_blocks b
    WHERE b.level IN ('silence', 'suspend') AND hubnet_domain_covers(b.domain, hubnet_host(${iri})))`;
  return iri === posts.authorIri ? sql`(${posts.isLocal} OR NOT ${refused})` : sql`NOT ${refused}`;
}

/**
 * Public posts only, from listed origins: unlisted ones may be read by anyone with the link, but
 * are not listed where people discover posts they did not look for (hashtag pages, calendars).
 */
export const listedForDiscovery = (): SQL =>
  sql`(${posts.visibility} = 'public' AND ${notBySuspendedAccount} AND ${fromListedOrigin()})`;

/** Whether `viewer` may see `post`: the condition of `visibleTo`, asked of this one post. */
export async function canView(db: DatabaseLike, post: Post, viewer: Viewer): Promise<boolean> {
  const [row] = await db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.id, post.id), visibleTo(viewer)));
  return row != null;
}

/** A local person as a viewer: themself, and the spaces they may publish as. */
export async function localViewer(
  db: DatabaseLike,
  origin: string,
  person: Person | undefined,
): Promise<Viewer> {
  if (person == null) return ANONYMOUS;
  const roles = await rolesOf(db, person.id);
  return {
    iri: localActorIri(origin, person.handle),
    publishesFor: roles
      .filter((r) => roleMay(r.role, "publish"))
      .map((r) => localActorIri(origin, r.space.handle)),
  };
}
