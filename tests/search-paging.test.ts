import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localActorIri } from "../server/actors/local-iris.ts";
import { decodeCursor } from "../server/paging/keyset.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { ANONYMOUS } from "../server/posts/visibility.ts";
import { PostSearch, searchPosts } from "../server/search/posts.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;

/** As Mastodon's `published`: whole seconds, so many posts share one. */
const ONE_SECOND = "2024-05-01T12:00:00Z";

async function publish(input: PostInput) {
  const author = { origin: hub.origin, handle: "wmke", iri: localActorIri(hub.origin, "wmke") };
  return createLocalPost(hub.deps.db, author, PostInput.parse(input));
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  await setUpInstance(hub);
  // 30 posts of the same words rank the same; 20 of them were published in one second.
  for (let i = 0; i < 30; i++) await publish({ content: { en: `Edit-a-thon at the library` } });
  await hub.deps.db.execute(sql`
    UPDATE posts SET published_at = ${ONE_SECOND}::timestamptz
    WHERE id IN (SELECT id FROM posts ORDER BY id LIMIT 20)`);
  // Three rank higher: the word is in their titles.
  for (let i = 0; i < 3; i++)
    await publish({
      kind: "article",
      title: { en: `Library day ${i}` },
      content: { en: "Come along." },
    });
});
afterAll(() => hub.close());

async function page(query: string) {
  const response = await hub.request(`/api/v1/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    items: { id: string }[];
    next: string | null;
    order: string;
  };
}

/** Every post found, page after page; `between` runs after the first page. */
async function readAll(query: string, between: () => Promise<unknown> = async () => {}) {
  const ids: string[] = [];
  let next: string | null = null;
  do {
    const cursor: string = next ? `&before=${encodeURIComponent(next)}` : "";
    const found = await page(`${query}${cursor}`);
    ids.push(...found.items.map((item) => item.id));
    if (next == null) await between();
    next = found.next;
  } while (next != null);
  return ids;
}

describe("pages of results ranked alike", () => {
  it("show every post once, the most relevant first", async () => {
    const ids = await readAll("q=library");
    expect(ids).toHaveLength(33);
    expect(new Set(ids).size).toBe(33);
    const titled = await hub.deps.db.execute<{ id: string }>(
      sql`SELECT id FROM posts WHERE kind = 'article'`,
    );
    expect(new Set(ids.slice(0, 3))).toEqual(new Set(titled.map((row) => row.id)));
  });

  it("skip and repeat nothing when posts arrive between pages", async () => {
    const before = await readAll("q=library");
    const during = await readAll("q=library", () =>
      publish({ content: { en: "Another library meetup" } }),
    );
    expect(during).toEqual(before);
  });

  it("page the same way by filters alone", async () => {
    const ids = await readAll("kind=note");
    expect(ids).toHaveLength(31);
    expect(new Set(ids).size).toBe(31);
  });
});

describe("words that match too many posts to rank", () => {
  it("list them all newest first, page after page, and say so", async () => {
    const search = PostSearch.parse({ q: "library" });
    const read = (cursor?: Parameters<typeof searchPosts>[4]) =>
      searchPosts(hub.deps.db, search, ANONYMOUS, hub.origin, cursor, 10, 5);
    const all = [];
    let found = await read();
    expect(found.order).toBe("newest");
    all.push(...found.items);
    while (found.next) {
      found = await read(decodeCursor(found.next));
      expect(found.order).toBe("newest");
      all.push(...found.items);
    }
    const times = all.map((post) => post.publishedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(all.map((post) => post.id)).size).toBe(all.length);
    expect(all.length).toBe(
      (await searchPosts(hub.deps.db, search, ANONYMOUS, hub.origin, undefined, 100)).items.length,
    );
    expect((await page("q=library")).order).toBe("relevance");
  });

  it("rank no more than the newest of them, whatever cursor a client keeps", async () => {
    const search = PostSearch.parse({ q: "library" });
    const ranked = { rank: 999_999, time: new Date("9999-12-31T00:00:00Z"), id: "f".repeat(8) };
    const cursor = { ...ranked, id: `${ranked.id}-ffff-4fff-bfff-ffffffffffff` };
    const found = await searchPosts(hub.deps.db, search, ANONYMOUS, hub.origin, cursor, 20, 5);
    expect(found.order).toBe("relevance");
    const newest = await searchPosts(hub.deps.db, search, ANONYMOUS, hub.origin, undefined, 5, 5);
    expect(new Set(found.items.map((p) => p.id))).toEqual(new Set(newest.items.map((p) => p.id)));
  });
});

describe("hostile queries", () => {
  const status = async (query: string) => (await hub.request(`/api/v1/search?${query}`)).status;

  it("refuse what cannot be text, what is too long, and cursors this server did not make", async () => {
    expect(await status("q=library%00")).toBe(400);
    expect(await status("q=%ED%A0%80")).toBe(400);
    expect(await status(`q=${"library ".repeat(1250)}`)).toBe(400);
    expect(await status("q=library&before=bm90IGEgY3Vyc29y")).toBe(400);
    const response = await hub.request(`/api/v1/search?q=${"x".repeat(10_000)}`);
    expect((await response.json()).error.details[0]).toMatchObject({
      path: "q",
      reason: "too-long",
    });
  });

  it("read search syntax as words, and find nothing where nothing is asked for", async () => {
    const queries = [
      "a & b | !c (d :* <-> 'e",
      '"library',
      'library"',
      "'",
      "((((((((((library",
      "library:* & !!",
      "\\\\ \\' $$ ;--",
      "-library",
      "!!!",
      " ",
    ];
    for (const q of queries) {
      const found = await page(`q=${encodeURIComponent(q)}`);
      if (q.startsWith("-") || q === "!!!" || q === "'") expect(found.items).toEqual([]);
    }
    expect((await page(`q=${encodeURIComponent('"library')}`)).items.length).toBeGreaterThan(0);
    expect((await page(`q=${encodeURIComponent("library -edit")}`)).items).toHaveLength(4);
  });
});
