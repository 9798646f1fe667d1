/**
 * Totals come from counters the database keeps (migration 0017). They must stay exact when
 * deliveries race, repeat and are taken back, and each collection's `totalItems` must be what its
 * pages list.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localActorIri } from "../server/actors/local-iris.ts";
import { postCounts, recount } from "../server/counters/counters.ts";
import {
  countFollows,
  markFollowAccepted,
  recordFollow,
  removeFollow,
} from "../server/follows/follows.ts";
import { countMembers } from "../server/membership/lists.ts";
import { countOutbox, homeTimeline } from "../server/posts/lists.ts";
import { createLocalPost, deletePost, PostInput } from "../server/posts/posts.ts";
import { countReactions, recordReaction, removeReaction } from "../server/reactions/reactions.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const AS = { accept: "application/activity+json" };
const space = () => localActorIri(hub.origin, "wmke");
const author = () => ({ origin: hub.origin, handle: "wmke", iri: space() });
const remote = (n: number) => `https://remote${n % 3}.test/users/u${n}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
});
afterAll(() => hub.close());

async function publish(text: string, visibility = "public") {
  return createLocalPost(
    hub.deps.db,
    author(),
    PostInput.parse({ content: { en: text }, visibility }),
  );
}

/** What the rows say, counted the slow way the counters replace. */
async function rowCounts(postIri: string) {
  const [row] = await hub.deps.db.execute<{ likes: number; boosts: number }>(sql`
    SELECT count(*) FILTER (WHERE kind = 'like')::int AS likes,
           count(*) FILTER (WHERE kind = 'boost')::int AS boosts
    FROM reactions WHERE post_iri = ${postIri}`);
  return row;
}

/** A collection as a remote server reads it, and every item across its pages. */
async function collection(path: string) {
  const doc = await (await hub.request(path, { headers: AS })).json();
  const items: unknown[] = [];
  let next: string | undefined = doc.first;
  for (let pages = 0; next != null && pages < 20; pages++) {
    const page = await (await hub.request(next, { headers: AS })).json();
    items.push(...(page.orderedItems ?? []));
    next = page.next;
  }
  return { totalItems: doc.totalItems as number, items };
}

describe("likes and boosts", () => {
  it("are counted once each when deliveries race, repeat and are undone at once", async () => {
    const post = await publish("Count me");
    const like = (n: number, copy: string) =>
      recordReaction(hub.deps.db, {
        kind: "like",
        activityIri: `${remote(n)}/likes/1${copy}`,
        actorIri: remote(n),
        postIri: post.iri,
      });
    const boost = (n: number) =>
      recordReaction(hub.deps.db, {
        kind: "boost",
        activityIri: `${remote(n)}/announces/1`,
        actorIri: remote(n),
        postIri: post.iri,
      });
    // 40 likes, each delivered three times (the same activity twice, and a second Like), and
    // 25 boosts, each delivered twice, all at once.
    await Promise.all([
      ...range(40).flatMap((n) => [like(n, ""), like(n, ""), like(n, "b")]),
      ...range(25).flatMap((n) => [boost(n), boost(n)]),
    ]);
    expect(await countReactions(hub.deps.db, post.iri)).toEqual({ likes: 40, boosts: 25 });

    // Ten take their like back (twice each) while ten others like for the first time.
    await Promise.all([
      ...range(10).flatMap((n) => [
        removeReaction(hub.deps.db, "like", remote(n), { postIri: post.iri }),
        removeReaction(hub.deps.db, "like", remote(n), { postIri: post.iri }),
      ]),
      ...range(10).map((n) => like(100 + n, "")),
    ]);
    expect(await countReactions(hub.deps.db, post.iri)).toEqual({ likes: 40, boosts: 25 });
    expect(await countReactions(hub.deps.db, post.iri)).toEqual(await rowCounts(post.iri));
  });

  it("of a page of posts are read together, and a post nobody reacted to has none", async () => {
    const liked = await publish("Liked once");
    const quiet = await publish("Nobody reacts");
    await recordReaction(hub.deps.db, {
      kind: "like",
      activityIri: `${remote(1)}/likes/quiet`,
      actorIri: remote(1),
      postIri: liked.iri,
    });
    const counts = await postCounts(hub.deps.db, [liked.iri, quiet.iri]);
    expect(counts.get(liked.iri)).toEqual({ likes: 1, boosts: 0 });
    expect(counts.get(quiet.iri)).toEqual({ likes: 0, boosts: 0 });
  });
});

describe("followers and following", () => {
  it("count accepted follows only, exactly, through concurrent follows, accepts and unfollows", async () => {
    const followee = space();
    // The followers collection lists remote followers it knows.
    await hub.deps.db.execute(sql`
      INSERT INTO remote_actors (iri, type, handle, inbox_iri)
      SELECT 'https://remote' || n % 3 || '.test/users/u' || n, 'Person',
             '@u' || n || '@remote' || n % 3 || '.test', 'https://remote' || n % 3 || '.test/inbox'
      FROM generate_series(0, 300) n`);
    const before = await countFollows(hub.deps.db, "followers", followee);
    const follow = (n: number, state: "pending" | "accepted") =>
      recordFollow(
        hub.deps.db,
        {
          followerIri: remote(n),
          followeeIri: followee,
          activityIri: `${remote(n)}#follow${state}`,
        },
        state,
      );
    // 30 follow and are accepted at once, each Follow delivered twice; 10 more stay pending.
    await Promise.all([
      ...range(30).flatMap((n) => [follow(n, "accepted"), follow(n, "accepted")]),
      ...range(10).map((n) => follow(200 + n, "pending")),
    ]);
    expect(await countFollows(hub.deps.db, "followers", followee)).toBe(before + 30);

    // Five pending ones are accepted (one twice) while ten unfollow and a repeated Follow of an
    // accepted pair arrives again as pending (it stays accepted).
    await Promise.all([
      ...range(5).map((n) => markFollowAccepted(hub.deps.db, remote(200 + n), followee)),
      markFollowAccepted(hub.deps.db, remote(200), followee),
      ...range(10).map((n) => removeFollow(hub.deps.db, remote(n), followee)),
      follow(20, "pending"),
    ]);
    expect(await countFollows(hub.deps.db, "followers", followee)).toBe(before + 25);
    expect(await countFollows(hub.deps.db, "following", remote(20))).toBe(1);
    expect(await countFollows(hub.deps.db, "following", remote(0))).toBe(0);

    const followers = await collection("/@wmke/followers");
    expect(followers.totalItems).toBe(before + 25);
    expect(followers.items.length).toBe(followers.totalItems);
  });
});

describe("the outbox", () => {
  it("totals what an anonymous reader may see: public and unlisted posts, not deleted ones", async () => {
    const kept = [];
    for (const visibility of ["public", "unlisted", "followers", "direct", "public"])
      kept.push(await publish(`A ${visibility} post`, visibility));
    const gone = await publish("Soon deleted");
    expect((await deletePost(hub.deps.db, gone.iri, space())).ok).toBe(true);
    // A public post made followers-only leaves the outbox; a direct one made public joins it
    // (their audience changed as an import or a moderator may change it).
    const [first, , , direct] = kept;
    if (first == null || direct == null) throw new Error("posts missing");
    await hub.deps.db.execute(
      sql`UPDATE posts SET visibility = 'followers' WHERE iri = ${first.iri}`,
    );
    await hub.deps.db.execute(
      sql`UPDATE posts SET visibility = 'public' WHERE iri = ${direct.iri}`,
    );

    const outbox = await collection("/@wmke/outbox");
    expect(outbox.items.length).toBe(outbox.totalItems);
    const shown = new Set(
      outbox.items.map((item) => (item as { object: { id: string } }).object.id),
    );
    expect(shown.has(first.iri)).toBe(false);
    expect(shown.has(direct.iri)).toBe(true);
    const [row] = await hub.deps.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM posts
      WHERE author_iri = ${space()} AND visibility IN ('public', 'unlisted')`);
    expect(outbox.totalItems).toBe(row?.n);
  });

  it("shows the new total as soon as a post is published or deleted, cached or not", async () => {
    const total = async () =>
      (await (await hub.request("/@wmke/outbox", { headers: AS })).json()).totalItems as number;
    const start = await total();
    expect(await total()).toBe(start);
    const post = await publish("One more");
    await expect.poll(total).toBe(start + 1);
    await deletePost(hub.deps.db, post.iri, space());
    await expect.poll(total).toBe(start);
  });

  it("of a suspended account counts nothing, as its pages list nothing", async () => {
    const ana = localActorIri(hub.origin, "ana");
    await hub.deps.db.execute(sql`
      INSERT INTO posts (iri, author_iri, is_local, content_html, visibility)
      VALUES (${`${ana}/posts/s1`}, ${ana}, true, '{"en":"<p>hi</p>"}', 'public')`);
    expect(await countOutbox(hub.deps.db, ana)).toBe(1);
    await hub.deps.db.execute(sql`UPDATE people SET suspended_at = now() WHERE handle = 'ana'`);
    expect(await countOutbox(hub.deps.db, ana)).toBe(0);
    await hub.deps.db.execute(sql`UPDATE people SET suspended_at = NULL WHERE handle = 'ana'`);
  });
});

describe("members of a hub", () => {
  it("count accepted memberships as they are accepted and ended", async () => {
    const hubIri = "https://hub.test/@somehub";
    await hub.deps.db.execute(sql`
      INSERT INTO memberships (member_iri, hub_iri, state, activity_iri, requested_by_iri)
      SELECT 'https://m.test/s' || n, ${hubIri}, CASE WHEN n <= 6 THEN 'accepted' ELSE 'pending' END::membership_state,
             'https://m.test/join' || n, 'https://m.test/s' || n
      FROM generate_series(1, 10) n`);
    expect(await countMembers(hub.deps.db, hubIri)).toBe(6);
    await Promise.all([
      hub.deps.db.execute(
        sql`UPDATE memberships SET state = 'accepted' WHERE member_iri = 'https://m.test/s7'`,
      ),
      hub.deps.db.execute(
        sql`DELETE FROM memberships WHERE member_iri IN ('https://m.test/s1', 'https://m.test/s9')`,
      ),
    ]);
    expect(await countMembers(hub.deps.db, hubIri)).toBe(6);
  });
});

describe("recounting", () => {
  it("repairs counters and mentions changed behind the triggers' back, and leaves right ones as they are", async () => {
    const post = await publish("Repaired");
    await recordReaction(hub.deps.db, {
      kind: "boost",
      activityIri: `${remote(5)}/announces/repair`,
      actorIri: remote(5),
      postIri: post.iri,
    });
    const outbox = await countOutbox(hub.deps.db, space());
    const followers = await countFollows(hub.deps.db, "followers", space());
    await hub.deps.db.execute(sql`UPDATE post_stats SET boosts = 99 WHERE post_iri = ${post.iri}`);
    await hub.deps.db.execute(
      sql`UPDATE actor_stats SET open_posts = 0 WHERE actor_iri = ${space()}`,
    );
    const ana = localActorIri(hub.origin, "ana");
    const mentioning = "https://stranger.test/notes/repaired";
    await hub.deps.db.execute(sql`
      INSERT INTO posts (iri, author_iri, is_local, content_html, visibility, mentions)
      VALUES (${mentioning}, 'https://stranger.test/users/s', false, '{"en":"<p>hi</p>"}',
              'public', ${JSON.stringify([{ href: ana, name: "@ana" }])}::jsonb)`);
    await hub.deps.db.execute(sql`TRUNCATE post_mentions`);
    const home = async () => (await homeTimeline(hub.deps.db, ana)).items.map((p) => p.iri);
    expect(await home()).not.toContain(mentioning);
    await recount(hub.deps.db);
    expect(await home()).toContain(mentioning);
    expect(await countReactions(hub.deps.db, post.iri)).toEqual({ likes: 0, boosts: 1 });
    expect(await countOutbox(hub.deps.db, space())).toBe(outbox);
    expect(await countFollows(hub.deps.db, "followers", space())).toBe(followers);
  });
});

describe("the home timeline's mentions", () => {
  it("show a post from a stranger that mentions the reader until the mention is edited away", async () => {
    const ana = localActorIri(hub.origin, "ana");
    const iri = "https://stranger.test/notes/1";
    const mentions = JSON.stringify([
      { href: ana, name: "@ana" },
      { href: ana, name: "@ana@hub.test" },
    ]);
    await hub.deps.db.execute(sql`
      INSERT INTO posts (iri, author_iri, is_local, content_html, visibility, mentions)
      VALUES (${iri}, 'https://stranger.test/users/s', false, '{"en":"<p>hi @ana</p>"}',
              'direct', ${mentions}::jsonb)`);
    const home = async () => (await homeTimeline(hub.deps.db, ana)).items.map((p) => p.iri);
    expect(await home()).toContain(iri);
    await hub.deps.db.execute(sql`UPDATE posts SET mentions = '[]' WHERE iri = ${iri}`);
    expect(await home()).not.toContain(iri);
    await hub.deps.db.execute(
      sql`UPDATE posts SET mentions = ${mentions}::jsonb, visibility = 'public' WHERE iri = ${iri}`,
    );
    expect(await home()).toContain(iri);
    await hub.deps.db.execute(sql`DELETE FROM posts WHERE iri = ${iri}`);
    expect(await home()).not.toContain(iri);
  });
});
