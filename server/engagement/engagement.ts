/**
 * Engagement, the measure the movement asked for: per space and period, its followers and member
 * spaces, what it published, the interactions with it (replies, responses to offers and needs,
 * likes, boosts, RSVPs, votes) and the engaged participants, the distinct actors who interacted,
 * with their ratio to followers. Counted from what this instance knows; a space's own actions on
 * its own posts are not engagement. Only posts anyone may read are counted as published.
 */
import { and, count, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { follows, memberships, type PostKind, postKind, posts } from "../../db/schema.ts";
import { visibleTo } from "../posts/visibility.ts";

export interface Period {
  from: Date;
  to: Date;
}

export interface Interactions {
  replies: number;
  /** Replies to offers and needs (also counted in `replies`). */
  responses: number;
  likes: number;
  boosts: number;
  rsvps: number;
  votes: number;
  total: number;
}

export interface Engagement {
  period: Period;
  followers: number;
  /** For hubs: accepted member spaces at the end of the period; null for affiliates. */
  memberSpaces: number | null;
  posts: Record<PostKind, number>;
  interactions: Interactions;
  engagedParticipants: number;
  /** Engaged participants per follower; null without followers. */
  engagementRatio: number | null;
}

/** Calendar months (UTC) ending with the one holding `until`, oldest first. */
export function monthsUntil(until: Date, count: number): Period[] {
  const periods: Period[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const from = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - i, 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    periods.push({ from, to });
  }
  return periods;
}

const within = (column: SQL, period: Period) =>
  sql`${column} >= ${period.from.toISOString()}::timestamptz AND ${column} < ${period.to.toISOString()}::timestamptz`;

const iriList = (iris: string[]) =>
  sql.join(
    iris.map((iri) => sql`${iri}`),
    sql`, `,
  );

async function followersAt(db: DatabaseLike, iris: string[], until: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(follows)
    .where(
      and(
        inArray(follows.followeeIri, iris),
        eq(follows.state, "accepted"),
        lt(follows.createdAt, until),
      ),
    );
  return row?.n ?? 0;
}

async function membersAt(db: DatabaseLike, hubIri: string, until: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.hubIri, hubIri),
        eq(memberships.state, "accepted"),
        lt(memberships.acceptedAt, until),
      ),
    );
  return row?.n ?? 0;
}

async function postsByKind(db: DatabaseLike, authors: string[], period: Period) {
  const rows = await db
    .select({ kind: posts.kind, n: count() })
    .from(posts)
    .where(
      and(
        inArray(posts.authorIri, authors),
        visibleTo({ iri: undefined }),
        gte(posts.publishedAt, period.from),
        lt(posts.publishedAt, period.to),
      ),
    )
    .groupBy(posts.kind);
  const byKind = Object.fromEntries(postKind.enumValues.map((k) => [k, 0])) as Record<
    PostKind,
    number
  >;
  for (const row of rows) byKind[row.kind] = row.n;
  return byKind;
}

/** Interactions with the posts of `authors` in the period, and who made them. */
async function interactionsWith(db: DatabaseLike, authors: string[], period: Period) {
  const list = iriList(authors);
  const result = await db.execute<Record<string, string | number>>(sql`
    WITH own AS (SELECT iri, kind FROM posts WHERE author_iri IN (${list})),
    acts AS (
      SELECT 'reply' AS kind, p.author_iri AS actor, own.kind IN ('offer', 'need') AS response
        FROM posts p JOIN own ON p.in_reply_to_iri = own.iri
        WHERE ${within(sql`p.published_at`, period)}
      UNION ALL
      SELECT r.kind::text, r.actor_iri, false FROM reactions r JOIN own ON r.post_iri = own.iri
        WHERE ${within(sql`r.created_at`, period)}
      UNION ALL
      SELECT 'rsvp', a.actor_iri, false FROM rsvps a JOIN own ON a.event_iri = own.iri
        WHERE ${within(sql`a.updated_at`, period)}
      UNION ALL
      SELECT 'vote', v.voter_iri, false FROM votes v JOIN own ON v.proposal_iri = own.iri
        WHERE ${within(sql`v.created_at`, period)}
    )
    SELECT
      count(*) FILTER (WHERE kind = 'reply')::int AS replies,
      count(*) FILTER (WHERE kind = 'reply' AND response)::int AS responses,
      count(*) FILTER (WHERE kind = 'like')::int AS likes,
      count(*) FILTER (WHERE kind = 'boost')::int AS boosts,
      count(*) FILTER (WHERE kind = 'rsvp')::int AS rsvps,
      count(*) FILTER (WHERE kind = 'vote')::int AS votes,
      count(*)::int AS total,
      count(DISTINCT actor)::int AS engaged
    FROM acts WHERE actor NOT IN (${list})`);
  const [row] = [...result];
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    interactions: {
      replies: n("replies"),
      responses: n("responses"),
      likes: n("likes"),
      boosts: n("boosts"),
      rsvps: n("rsvps"),
      votes: n("votes"),
      total: n("total"),
    },
    engaged: n("engaged"),
  };
}

/**
 * The engagement of the spaces `authors` together in one period: one space, or a hub with its
 * members (an actor who interacted with several of them counts once). `hubIri` adds the hub's
 * member count; `followers` overrides the follower count (for members followed elsewhere).
 */
export async function engagementOf(
  db: DatabaseLike,
  authors: string[],
  period: Period,
  options: { hubIri?: string; followers?: number } = {},
): Promise<Engagement> {
  const [followers, memberSpaces, published, { interactions, engaged }] = await Promise.all([
    options.followers ?? followersAt(db, authors, period.to),
    options.hubIri ? membersAt(db, options.hubIri, period.to) : null,
    postsByKind(db, authors, period),
    interactionsWith(db, authors, period),
  ]);
  return {
    period,
    followers,
    memberSpaces,
    posts: published,
    interactions,
    engagedParticipants: engaged,
    engagementRatio: followers > 0 ? engaged / followers : null,
  };
}
