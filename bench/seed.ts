/** Bulk seeding in SQL (generate_series), far faster than going through the domain functions. */
import type postgres from "postgres";
import { fleetActor } from "./fleet-names.ts";

/** `count` remote people `<prefix><k>` on `hosts` fleet hosts, as if fetched before. */
export async function seedRemoteActors(
  sql: postgres.Sql,
  prefix: string,
  count: number,
  hosts: number,
): Promise<void> {
  const sample = fleetActor(prefix, 0, hosts);
  if (!sample.iri.startsWith("https://i0.")) throw new Error("unexpected fleet naming");
  await sql`
    INSERT INTO remote_actors (iri, type, handle, name, inbox_iri, shared_inbox_iri, followers_iri)
    SELECT a.iri, 'Person', '@' || a.name || '@' || a.host, a.name,
           a.iri || '/inbox', 'https://' || a.host || '/inbox', a.iri || '/followers'
    FROM (
      SELECT ${prefix} || k AS name, 'i' || (k % ${hosts}) || '.fleet.test' AS host,
             'https://i' || (k % ${hosts}) || '.fleet.test/users/' || ${prefix} || k AS iri
      FROM generate_series(0, ${count - 1}) AS k
    ) a
    ON CONFLICT (iri) DO NOTHING`;
}

/** Accepted follows of `followeeIri` by the remote people `<prefix><k>`. */
export async function seedFollowers(
  sql: postgres.Sql,
  followeeIri: string,
  prefix: string,
  count: number,
  hosts: number,
): Promise<void> {
  await sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri, accepted_at)
    SELECT 'https://i' || (k % ${hosts}) || '.fleet.test/users/' || ${prefix} || k,
           ${followeeIri}, 'accepted',
           'https://i' || (k % ${hosts}) || '.fleet.test/follows/' || ${prefix} || k, now()
    FROM generate_series(0, ${count - 1}) AS k`;
}

/** `followerIri` follows each remote person `<prefix><k>`, k < count (accepted). */
export async function seedFollowing(
  sql: postgres.Sql,
  followerIri: string,
  prefix: string,
  count: number,
  hosts: number,
): Promise<void> {
  await sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri, accepted_at)
    SELECT ${followerIri}, 'https://i' || (k % ${hosts}) || '.fleet.test/users/' || ${prefix} || k,
           'accepted', ${followerIri} || '#follows/' || ${prefix} || k, now()
    FROM generate_series(0, ${count - 1}) AS k`;
}

export async function seedLocalFollow(sql: postgres.Sql, followerIri: string, followeeIri: string) {
  await sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri, accepted_at)
    VALUES (${followerIri}, ${followeeIri}, 'accepted', ${`${followerIri}#follows/1`}, now())`;
}

/**
 * Twelve words for post `k` from a vocabulary `w1` … `w4999`, drawn log-uniformly (as word
 * frequencies fall off in real text): `w1` is in about 63% of the posts, `w10` in 13%, `w100` in
 * 1.4%, `w2000` in 0.07%. Drawn from a hash of k, so every run seeds the same words, which the
 * search measurements (bench/search.ts) look for.
 */
const wordsOf = (sql: postgres.Sql | postgres.TransactionSql) => sql`
  (SELECT string_agg('w' || floor(exp((abs(hashint8(k * 16 + i)) % 1000000) / 1000000.0
                                      * ln(5000)))::int, ' ')
   FROM generate_series(1, 12 + 0 * k) AS i)`;

/**
 * `count` public posts by a local actor (`/@handle/posts/<uuid>`), one a second back from now,
 * newest first, so pages have a stable order.
 */
export async function seedLocalPosts(
  sql: postgres.Sql,
  actorIri: string,
  count: number,
): Promise<void> {
  // A million change notices would only slow the seeding down: the rows go in without them, and
  // one notice of a kind no instance knows makes every instance drop all it has cached.
  await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await insertLocalPosts(tx, actorIri, count);
    await tx`SELECT pg_notify('hubnet_documents', 'seeded')`;
  });
}

async function insertLocalPosts(sql: postgres.TransactionSql, actorIri: string, count: number) {
  await sql`
    INSERT INTO posts (id, iri, author_iri, is_local, content_html, source, visibility, context_iri,
                       url, published_at)
    SELECT p.id, p.iri, ${actorIri}, true, jsonb_build_object('en', '<p>' || p.text || '</p>'),
           jsonb_build_object('en', p.text), 'public', p.iri, p.iri, now() - p.k * interval '1 second'
    FROM (
      SELECT u.k, u.id, ${actorIri} || '/posts/' || u.id AS iri,
             'Benchmark post number ' || k || ' with some words to make it a realistic length: '
               || ${wordsOf(sql)} || '.' AS text
      FROM (SELECT k, gen_random_uuid() AS id FROM generate_series(1, ${count}) AS k) u
    ) p`;
}

/**
 * `count` public posts spread over the remote people `<prefix><k>`, k < actors, written in
 * English, Spanish, French and Swahili in turn.
 */
export async function seedRemotePosts(
  sql: postgres.Sql,
  prefix: string,
  actors: number,
  hosts: number,
  count: number,
): Promise<void> {
  await sql`
    INSERT INTO posts (iri, author_iri, is_local, default_language, content_html, visibility,
                       context_iri, url, published_at)
    SELECT p.iri, p.author, false, p.language,
           jsonb_build_object(p.language, '<p>Remote post ' || p.k || ' ' || p.words || '</p>'),
           'public', p.iri, p.iri, now() - p.k * interval '1 second' - interval '7 milliseconds'
    FROM (
      SELECT a.k, a.author, a.author || '/statuses/' || k AS iri, ${wordsOf(sql)} AS words,
             (ARRAY['en', 'es', 'fr', 'sw'])[1 + k % 4] AS language
      FROM (
        SELECT k, 'https://i' || ((k % ${actors}) % ${hosts}) || '.fleet.test/users/' || ${prefix}
                  || (k % ${actors}) AS author
        FROM generate_series(1, ${count}) AS k
      ) a
    ) p`;
  await sql`ANALYZE posts`;
}

/**
 * Likes, boosts, replies and mentions over the posts seeded so far, skewed as on a real network:
 *
 * - Likes on 30% of the posts, by the remote people `<prefix><k>`: a post's number drawn from a
 *   Pareto law (α 1.2, at most `actors`), so most liked posts have one to five and one in 250 a
 *   hundred or more (about 4.5 a liked post on average). Boosts likewise on 10% of the posts.
 * - Replies: a tenth of the remote posts answer an older one: half of them the post just before
 *   (long chains), half one of the "hot" posts (k % 1000 = 1), which gather about fifty each.
 * - Mentions: one remote post in 100 mentions `mentionedIri` (the bench's person, so their home
 *   timeline reads its mentions), one in 10 a remote person.
 *
 * All drawn from hashes of the post, so every run seeds the same. The counters stay right: the
 * statements go through the triggers (reactions, and posts updated in place). The caller
 * vacuums and analyzes afterwards.
 */
export async function seedEngagement(
  sql: postgres.Sql,
  prefix: string,
  actors: number,
  hosts: number,
  mentionedIri: string,
): Promise<void> {
  const actorIri = (k: postgres.PendingQuery<postgres.Row[]>) =>
    sql`'https://i' || ((${k}) % ${hosts}) || '.fleet.test/users/' || ${prefix} || (${k})`;
  for (const [kind, share, salt] of [
    ["like", 30, 1],
    ["boost", 10, 2],
  ] as const) {
    await sql`
      INSERT INTO reactions (kind, activity_iri, actor_iri, post_iri)
      SELECT ${kind}::reaction_kind, r.actor || '/' || ${kind} || 's/' || r.id, r.actor, r.iri
      FROM (
        SELECT p.iri, p.id || '-' || j AS id,
               ${actorIri(sql`(abs(hashtext(p.iri)) + j) % ${actors}`)} AS actor
        FROM (
          SELECT iri, id, least(${actors}, floor(power(
                   1 - (abs(hashint8(hashtext(iri)::bigint * 7 + ${salt})) % 1000000) / 1000000.0,
                   -1 / 1.2)))::int AS n
          FROM posts WHERE abs(hashint8(hashtext(iri)::bigint + ${salt})) % 100 < ${share}
        ) p CROSS JOIN LATERAL generate_series(0, p.n - 1) AS j
      ) r
      ON CONFLICT DO NOTHING`;
  }
  // Remote posts are `<author>/statuses/<k>` (seedRemotePosts): a parent is found by its k.
  const remoteIri = (k: postgres.PendingQuery<postgres.Row[]>) =>
    sql`${actorIri(sql`(${k}) % ${actors}`)} || '/statuses/' || (${k})`;
  await sql`
    UPDATE posts SET in_reply_to_iri = parent.iri, context_iri = parent.iri
    FROM (
      SELECT iri AS child, ${remoteIri(sql`CASE WHEN k % 20 = 0 THEN k + 1 ELSE (k / 1000 + 1) * 1000 + 1 END`)} AS iri
      FROM (SELECT iri, split_part(iri, '/statuses/', 2)::bigint AS k FROM posts
            WHERE NOT is_local) r
      WHERE k % 10 = 0
    ) parent
    WHERE posts.iri = parent.child
      AND EXISTS (SELECT 1 FROM posts p WHERE p.iri = parent.iri)`;
  await sql`
    UPDATE posts SET mentions = jsonb_build_array(jsonb_build_object('href', m.href, 'name', m.name))
    FROM (
      SELECT iri,
             CASE WHEN k % 100 = 3 THEN ${mentionedIri}
                  ELSE ${actorIri(sql`(k * 7) % ${actors}`)} END AS href,
             CASE WHEN k % 100 = 3 THEN '@someone' ELSE '@' || ${prefix} || ((k * 7) % ${actors}) END AS name
      FROM (SELECT iri, split_part(iri, '/statuses/', 2)::bigint AS k FROM posts
            WHERE NOT is_local) r
      WHERE k % 10 = 3
    ) m
    WHERE posts.iri = m.iri`;
}
