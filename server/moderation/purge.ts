/**
 * What a suspension (of a domain) or a block (of one actor) deletes: everything stored from it,
 * in one transaction: posts, reactions, follows, votes, answers to events, notifications, hub
 * memberships and relays, directory entries and the actors themselves, and what local people did
 * to its posts. Reports about it stay, as the record of why, and so does the history of
 * memberships a hub's archive shows.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";

/** The tables whose rows name an actor, which the refusal trigger guards (migration 0015). */
const GUARDED =
  "posts, reactions, follows, votes, rsvps, remote_actors, notifications, memberships, relays, directory_entries";

/**
 * Waits until no write to the guarded tables is under way, and holds new ones back until the
 * calling transaction (which records a block) commits. Once it has, the refusal trigger sees the
 * block in every later write, and every earlier one is visible to the purge that follows.
 */
export async function refusingWrites(tx: DatabaseLike): Promise<void> {
  await tx.execute(sql.raw(`LOCK TABLE ${GUARDED} IN SHARE ROW EXCLUSIVE MODE`));
}

export interface Purged {
  posts: number;
  reactions: number;
  follows: number;
  votes: number;
  rsvps: number;
  notifications: number;
  memberships: number;
  actors: number;
}

/** Everything stored from a domain (and its subdomains). */
export function purgeDomain(db: Database, domain: string): Promise<Purged> {
  return purge(db, (column) => sql`hubnet_domain_covers(${domain}, hubnet_host(${column}))`);
}

/** Everything stored from one actor. */
export function purgeActor(db: Database, iri: string): Promise<Purged> {
  return purge(db, (column) => sql`${column} = ${iri}`);
}

/** `by(column)`: whether the IRI in `column` is the refused actor (or on the refused domain). */
async function purge(db: Database, by: (column: SQL) => SQL): Promise<Purged> {
  return db.transaction(async (tx) => {
    const run = async (query: SQL) => (await tx.execute(query)).count;
    const postsOf = sql`SELECT iri FROM posts WHERE ${by(sql`author_iri`)}`;
    const votes = await run(sql`DELETE FROM votes
      WHERE ${by(sql`voter_iri`)} OR proposal_iri IN (${postsOf})`);
    const rsvps = await run(sql`DELETE FROM rsvps
      WHERE ${by(sql`actor_iri`)} OR event_iri IN (${postsOf})`);
    const reactions = await run(sql`DELETE FROM reactions
      WHERE ${by(sql`actor_iri`)} OR post_iri IN (${postsOf})`);
    const notifications = await run(sql`DELETE FROM notifications
      WHERE ${by(sql`actor_iri`)} OR object_iri IN (${postsOf})`);
    await run(sql`DELETE FROM relays WHERE ${by(sql`hub_iri`)} OR post_iri IN (${postsOf})`);
    const posts = await run(sql`DELETE FROM posts WHERE ${by(sql`author_iri`)}`);
    const memberships = await run(sql`DELETE FROM memberships
      WHERE ${by(sql`member_iri`)} OR ${by(sql`hub_iri`)}`);
    await run(sql`DELETE FROM directory_entries WHERE ${by(sql`iri`)}`);
    const follows = await run(sql`DELETE FROM follows
      WHERE ${by(sql`follower_iri`)} OR ${by(sql`followee_iri`)}`);
    const actors = await run(sql`DELETE FROM remote_actors WHERE ${by(sql`iri`)}`);
    return { posts, reactions, follows, votes, rsvps, notifications, memberships, actors };
  });
}
