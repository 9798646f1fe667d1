import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../db/schema.ts";
import { forgetRemoteActor } from "../server/actors/remote-actors.ts";
import { followersOf, followingOf } from "../server/follows/follows.ts";
import { listNotifications } from "../server/notifications/notifications.ts";
import { decodeCursor } from "../server/paging/keyset.ts";
import { homeTimeline, listPosts, outboxOf, postsTagged } from "../server/posts/lists.ts";
import { ANONYMOUS } from "../server/posts/visibility.ts";
import { PostSearch, searchPosts } from "../server/search/posts.ts";
import { SpaceSearch, searchSpaces } from "../server/search/spaces.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

/**
 * The queries the lists really send, captured as they run, then explained with sequential scans
 * switched off: a plan that still names the index proves an index serves the query, and one
 * without it shows that the list would read the whole table as it grows.
 */
let database: TestDatabase;
const sent: { query: string; params: unknown[] }[] = [];
const db = () =>
  drizzle(database.sql, {
    schema,
    logger: { logQuery: (query, params) => sent.push({ query, params }) },
  });

const HUB = "https://hub.test/@wmke";
const REMOTE = "https://remote.test/users/";

beforeAll(async () => {
  database = await createTestDatabase();
  const run = (statement: ReturnType<typeof sql>) => database.db.execute(statement);
  await run(sql`
    INSERT INTO posts (iri, author_iri, is_local, content_html, visibility, hashtags, published_at)
    SELECT 'https://remote.test/notes/' || n, ${REMOTE} || (n % 200), false,
           '{"en": "x"}'::jsonb, 'public',
           CASE WHEN n % 500 = 0 THEN ARRAY['rare'] ELSE ARRAY['common'] END,
           now() - n * interval '1 minute'
    FROM generate_series(1, 5000) n`);
  await run(sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri)
    SELECT ${REMOTE} || n, CASE WHEN n % 10 = 0 THEN ${HUB} ELSE ${REMOTE} || (n + 1) END,
           'accepted', 'https://remote.test/follows/' || n
    FROM generate_series(1, 5000) n`);
  await run(sql`
    INSERT INTO reactions (kind, activity_iri, actor_iri, post_iri)
    SELECT 'like', 'https://remote.test/likes/' || n, ${REMOTE} || (n % 500),
           'https://remote.test/notes/' || n
    FROM generate_series(1, 5000) n`);
  await run(sql`
    INSERT INTO notifications (recipient_iri, kind, actor_iri, object_iri)
    SELECT ${REMOTE} || (n % 100), 'like', ${REMOTE} || n, 'https://remote.test/notes/' || n
    FROM generate_series(1, 5000) n`);
  await run(sql`ANALYZE`);
});
afterAll(() => database.drop());

/** The plan of each query `action` sends, with sequential scans off. */
async function plansOf(action: () => Promise<unknown>): Promise<string[]> {
  sent.length = 0;
  await action();
  const captured = [...sent];
  const connection = await database.sql.reserve();
  try {
    await connection.unsafe("SET enable_seqscan = off");
    const plans = [];
    for (const { query, params } of captured) {
      const rows = await connection.unsafe(`EXPLAIN ${query}`, params as never[]);
      plans.push(rows.map((row) => row["QUERY PLAN"]).join("\n"));
    }
    return plans;
  } finally {
    connection.release();
  }
}

const cursor = decodeCursor(
  Buffer.from(`${new Date().toISOString()}~00000000-0000-4000-8000-000000000000`).toString(
    "base64url",
  ),
);

describe("an index serves each list and look-up in use", () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ["posts with a hashtag", () => postsTagged(db(), "rare"), "posts_hashtags_index"],
    ["all posts by date", () => listPosts(db(), {}), "posts_published_at_id_index"],
    ["all posts, a later page", () => listPosts(db(), {}, cursor), "posts_published_at_id_index"],
    [
      "local posts",
      () => listPosts(db(), { localOnly: true }),
      "posts_is_local_published_at_id_index",
    ],
    [
      "a page of followers",
      () => followersOf(db(), HUB, cursor),
      "follows_followee_iri_state_created_at_id_index",
    ],
    [
      "a page of following",
      () => followingOf(db(), `${REMOTE}3`, cursor),
      "follows_follower_iri_state_created_at_id_index",
    ],
    [
      "a page of notifications",
      () => listNotifications(db(), [`${REMOTE}5`], { before: cursor }),
      "notifications_recipient_iri_created_at_id_index",
    ],
  ];
  for (const [name, action, index] of cases)
    it(name, async () => {
      const [plan] = await plansOf(action);
      expect(plan).toContain(index);
    });

  const search = (query: Record<string, string>) => () =>
    searchPosts(db(), PostSearch.parse(query), ANONYMOUS, "https://hub.test");
  it("posts found by words, in any language", async () => {
    const plans = await plansOf(search({ q: "rare bibliotecas" }));
    expect(plans.find((plan) => plan.includes("on posts"))).toContain("posts_search_vector_index");
  });

  it("spaces found by words", async () => {
    const plans = await plansOf(() => searchSpaces(db(), SpaceSearch.parse({ q: "kenya" })));
    expect(plans.find((plan) => plan.includes("on directory_entries"))).toContain(
      "directory_entries_search_vector_index",
    );
  });

  it("posts found by filters alone", async () => {
    const plans = await plansOf(search({ theme: "rare", region: "KE" }));
    expect(plans.find((plan) => plan.includes("on posts"))).toContain("posts_search_facets_index");
  });

  it("the reactions of an actor that is gone", async () => {
    const plans = await plansOf(() => forgetRemoteActor(db(), `${REMOTE}42`));
    // PostgreSQL 18 may prefer a skip scan of the (kind, actor, post) index; either serves it.
    const plan = plans.find((p) => p.includes("on reactions"));
    expect(plan).toMatch(
      /Index (Only )?Scan (using|on) reactions_(actor_iri|kind_actor_iri_post_iri)_index/,
    );
    expect(plan).not.toMatch(/Seq Scan on reactions/);
  });

  it("an actor's outbox", async () => {
    // Either index on (author, time, id) serves it: the outbox shows no direct post.
    const [plan] = await plansOf(() => outboxOf(db(), `${REMOTE}7`, cursor));
    expect(plan).toMatch(/posts_author_(iri_published_at_id|shared)_index/);
  });

  it("a home timeline reads its followed actors' posts and its mentions along indexes", async () => {
    const [plan] = await plansOf(() => homeTimeline(db(), `${REMOTE}9`, cursor));
    expect(plan).toContain("posts_author_shared_index");
    expect(plan).toContain("post_mentions_href_published_at_post_id_pk");
  });

  it("a home timeline reads no table whole", async () => {
    const plans = await plansOf(() => homeTimeline(db(), `${REMOTE}9`, cursor));
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan on (posts|follows)/);
  });
});
