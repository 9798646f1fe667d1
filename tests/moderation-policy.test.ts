import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { posts, remoteActors } from "../db/schema.ts";
import { classifyFailure } from "../federation/failures.ts";
import { findRemoteActor } from "../server/actors/remote-actors.ts";
import { listDirectory, meetSpace } from "../server/directory/directory.ts";
import { recordFollow } from "../server/follows/follows.ts";
import { suspendAccount, unsuspendAccount } from "../server/moderation/accounts.ts";
import { blockDomain, federationVerdict } from "../server/moderation/domain-policy.ts";
import { createPerson, NewPersonInput } from "../server/people/people.ts";
import { homeTimeline, listPosts, outboxOf, postsTagged } from "../server/posts/lists.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { persistRemotePost } from "../server/posts/remote-posts.ts";
import { ANONYMOUS } from "../server/posts/visibility.ts";
import { PostSearch, searchPosts } from "../server/search/posts.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const OPERATOR = { personId: null };
const ANA = "https://hub.test/@ana";

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
});
afterAll(() => hub.close());

/** A public post of a remote author, tagged #news. */
async function remotePost(author: string, text: string) {
  const iri = `${author}/statuses/${randomUUID()}`;
  const stored = await persistRemotePost(hub.deps.db, {
    iri,
    authorIri: author,
    isLocal: false,
    contentHtml: { en: `<p>${text}</p>` },
    visibility: "public",
    hashtags: ["news"],
  });
  if (!stored.ok) throw new Error(stored.reason);
  return stored.post;
}

const iris = (page: { items: { iri: string }[] }) => page.items.map((p) => p.iri);

describe("a silenced domain", () => {
  it("stays out of lists of many authors and the directory, and in its followers' homes", async () => {
    const loud = await remotePost("https://loud.example/users/lou", "Buy now");
    const calm = await remotePost("https://calm.example/users/cal", "Good news");
    await recordFollow(
      hub.deps.db,
      { followerIri: ANA, followeeIri: loud.authorIri, activityIri: `${ANA}#follows/1` },
      "accepted",
    );
    await meetSpace(
      hub.deps.db,
      { iri: "https://loud.example/groups/ads", handle: "@ads@loud.example", name: { en: "Ads" } },
      "actor",
    );
    expect(iris(await postsTagged(hub.deps.db, "news"))).toEqual(
      expect.arrayContaining([loud.iri, calm.iri]),
    );
    const found = async (q: string) =>
      iris(await searchPosts(hub.deps.db, PostSearch.parse({ q }), ANONYMOUS, hub.origin));
    expect(await found("buy")).toEqual([loud.iri]);

    await blockDomain(
      hub.deps.db,
      { domain: "loud.example", level: "silence", reason: "Ads" },
      OPERATOR,
    );
    expect(iris(await postsTagged(hub.deps.db, "news"))).toEqual([calm.iri]);
    expect(iris(await listPosts(hub.deps.db, {}))).not.toContain(loud.iri);
    expect(await found("good news")).toEqual([calm.iri]);
    expect(await found("buy")).toEqual([]);
    expect((await listDirectory(hub.deps.db)).items.map((e) => e.iri)).not.toContain(
      "https://loud.example/groups/ads",
    );
    // Still there for whoever follows it, and on its own page.
    expect(iris(await homeTimeline(hub.deps.db, ANA))).toContain(loud.iri);
    expect(iris(await outboxOf(hub.deps.db, loud.authorIri))).toEqual([loud.iri]);
    expect(await federationVerdict(hub.deps.db, "cdn.loud.example")).toEqual({
      federates: true,
      silenced: true,
      rejectMedia: false,
    });
  });
});

describe("a domain whose media is rejected", () => {
  it("loses its actors' avatars", async () => {
    await hub.deps.db.insert(remoteActors).values({
      iri: "https://pics.example/users/pia",
      type: "Person",
      handle: "@pia@pics.example",
      inboxIri: "https://pics.example/users/pia/inbox",
      iconUrl: "https://pics.example/avatars/pia.png",
    });
    await blockDomain(
      hub.deps.db,
      { domain: "pics.example", level: "reject-media", reason: "" },
      OPERATOR,
    );
    expect(
      (await findRemoteActor(hub.deps.db, "https://pics.example/users/pia"))?.iconUrl,
    ).toBeNull();
  });
});

describe("a suspended domain", () => {
  it("has nothing stored after the suspension, however writes and the block interleave", async () => {
    const author = "https://spam.example/users/sam";
    const writes = Array.from({ length: 20 }, (_, i) =>
      remotePost(author, `spam ${i}`).then(
        () => "stored",
        (error) => classifyFailure(error),
      ),
    );
    const block = blockDomain(
      hub.deps.db,
      { domain: "spam.example", level: "suspend", reason: "" },
      OPERATOR,
    );
    const outcomes = await Promise.all(writes);
    await block;
    // Each write either landed before the block (and was purged) or was refused for good.
    expect(outcomes.every((o) => o === "stored" || o === "permanent")).toBe(true);
    const left = await hub.deps
      .sql`SELECT count(*)::int AS n FROM posts WHERE author_iri = ${author}`;
    expect(left[0]?.n).toBe(0);
    // Whatever path a later write takes, the database refuses it.
    await expect(
      hub.deps.db.insert(posts).values({
        iri: `${author}/statuses/late`,
        authorIri: author,
        isLocal: false,
        contentHtml: { en: "late" },
        visibility: "public",
      }),
    ).rejects.toMatchObject({ cause: { code: "HN403" } });
  });
});

describe("a suspended account", () => {
  it("has its posts shown to nobody until the suspension is lifted", async () => {
    const created = await createPerson(
      hub.deps.db,
      NewPersonInput.parse({
        handle: "sus",
        email: "sus@example.org",
        password: "a long password",
      }),
    );
    if (!created.ok) throw new Error(created.reason);
    const post = await createLocalPost(
      hub.deps.db,
      { origin: hub.origin, handle: "sus", iri: "https://hub.test/@sus" },
      PostInput.parse({ content: { en: "Hello #news" } }),
    );
    expect(iris(await outboxOf(hub.deps.db, post.authorIri))).toEqual([post.iri]);
    await suspendAccount(hub.deps.db, "sus", "", OPERATOR);
    expect(iris(await outboxOf(hub.deps.db, post.authorIri))).toEqual([]);
    expect(iris(await postsTagged(hub.deps.db, "news"))).not.toContain(post.iri);
    expect(
      (await hub.request(new URL(post.iri).pathname, { headers: { accept: "text/html" } })).status,
    ).toBe(404);
    await unsuspendAccount(hub.deps.db, "sus", "", OPERATOR);
    expect(iris(await outboxOf(hub.deps.db, post.authorIri))).toEqual([post.iri]);
  });
});
