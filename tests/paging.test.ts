import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyFollower } from "../federation/collections.ts";
import { createFederationFor } from "../federation/federation.ts";
import { localActorIri } from "../server/actors/local-iris.ts";
import { encodeCursor } from "../server/paging/keyset.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let token: string;
const space = () => localActorIri(hub.origin, "wmke");
const person = () => localActorIri(hub.origin, "ana");
const AS = { accept: "application/activity+json" };
const ids = (text: string) =>
  text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g);

/** As Mastodon's `published`: whole seconds, so many items share one. */
const ONE_SECOND = "2024-05-01T12:00:00Z";

/** `count` remote actors following `followee`, all at the same instant. */
async function remoteFollowers(followee: string, count: number, prefix: string) {
  await hub.deps.db.execute(sql`
    INSERT INTO remote_actors (iri, type, handle, inbox_iri)
    SELECT 'https://remote.test/users/' || ${prefix} || n, 'Person', '@' || ${prefix} || n || '@remote.test',
           'https://remote.test/users/' || ${prefix} || n || '/inbox'
    FROM generate_series(1, ${count}) n`);
  await hub.deps.db.execute(sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri, created_at)
    SELECT 'https://remote.test/users/' || ${prefix} || n, ${followee}, 'accepted',
           'https://remote.test/follows/' || ${prefix} || n, ${ONE_SECOND}::timestamptz
    FROM generate_series(1, ${count}) n`);
}

let postIds: string[];
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  const { owner } = await setUpInstance(hub);
  token = (await createToken(hub.deps.db, owner.id, { name: "t", scopes: ["read", "write"] }))
    .secret;
  const author = { origin: hub.origin, handle: "wmke", iri: space() };
  postIds = [];
  for (let i = 0; i < 25; i++) {
    const input = PostInput.parse({ content: { en: `Post number ${i} #samesecond` } });
    postIds.push((await createLocalPost(hub.deps.db, author, input)).id);
  }
  await hub.deps.db.execute(sql`UPDATE posts SET published_at = ${ONE_SECOND}::timestamptz`);
  // Ana follows the space (her home shows its posts) and is followed and notified 35 times.
  await hub.deps.db.execute(sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri)
    VALUES (${person()}, ${space()}, 'accepted', ${`${person()}#follows/wmke`})`);
  await remoteFollowers(space(), 60, "f");
  await hub.deps.db.execute(sql`
    INSERT INTO notifications (recipient_iri, kind, actor_iri, created_at)
    SELECT ${person()}, 'follow', 'https://remote.test/users/n' || n, ${ONE_SECOND}::timestamptz
    FROM generate_series(1, 35) n`);
});
afterAll(() => hub.close());

async function api(path: string) {
  const response = await hub.request(`/api/v1${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, json: await response.json() };
}

/** Every item of an API list, following `next` to the end. */
async function readAll(path: string, key: (item: Record<string, unknown>) => unknown) {
  const seen = [];
  let next: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page = await api(next ? `${path}${separator}before=${encodeURIComponent(next)}` : path);
    expect(page.status).toBe(200);
    seen.push(...page.json.items.map(key));
    next = page.json.next;
    pages++;
  } while (next != null && pages < 20);
  return { seen, pages };
}

describe("paging loses nothing when items share a time", () => {
  it("the API lists all 25 posts published in one second, each once", async () => {
    for (const path of ["/posts?author=wmke", "/posts?tag=samesecond", "/timeline"]) {
      const { seen, pages } = await readAll(path, (post) => post.id);
      expect(pages).toBeGreaterThan(1);
      expect(seen.length).toBe(25);
      expect(new Set(seen)).toEqual(new Set(postIds));
    }
  });

  it("the API lists all 60 followers and 35 notifications of one instant", async () => {
    const followers = await readAll("/actors/wmke/followers", (actor) => actor.iri);
    expect(followers.pages).toBe(2);
    // The 60 remote ones and Ana.
    expect(new Set(followers.seen).size).toBe(61);
    const notifications = await readAll("/notifications", (n) => n.id);
    expect(notifications.pages).toBe(2);
    expect(new Set(notifications.seen).size).toBe(35);
  });

  it("the web pages of the space and of the home timeline show all 25, page after page", async () => {
    const browser = new FormClient(hub);
    const login = { login: "ana", password: "correct horse battery" };
    expect((await browser.submit("/login", "/login", login)).status).toBe(303);
    for (const start of ["/@wmke", "/home"]) {
      const seen = new Set<string>();
      let path: string | undefined = start;
      let pages = 0;
      while (path != null && pages < 10) {
        const response = await browser.get(path);
        expect(response.status).toBe(200);
        const html = await response.text();
        for (const id of ids(html) ?? []) if (postIds.includes(id)) seen.add(id);
        const older = html.match(/href="([^"]*\?before=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
        const url = older ? new URL(older, new URL(start, hub.origin)) : undefined;
        path = url ? `${url.pathname}${url.search}` : undefined;
        pages++;
      }
      expect(pages).toBeGreaterThan(1);
      expect(seen).toEqual(new Set(postIds));
    }
  });

  it("the outbox and followers collections list all of them across pages", async () => {
    const collect = async (path: string, key: (item: unknown) => string) => {
      const collection = await (await hub.request(path, { headers: AS })).json();
      const seen = new Set<string>();
      let next: string | undefined = collection.first;
      let pages = 0;
      while (next != null && pages < 10) {
        const page = await (await hub.request(next, { headers: AS })).json();
        for (const item of page.orderedItems ?? []) seen.add(key(item));
        next = page.next;
        pages++;
      }
      expect(pages).toBeGreaterThan(1);
      return seen;
    };
    const outbox = await collect(
      "/@wmke/outbox",
      (item) => (item as { object: { id: string } }).object.id,
    );
    expect(new Set([...outbox].map((iri) => iri.split("/").at(-1)))).toEqual(new Set(postIds));
    const followers = await collect("/@wmke/followers", (item) => item as string);
    expect(followers.size).toBe(61);
  });
});

describe("cursors are opaque and checked", () => {
  const encoded = (text: string) => Buffer.from(text).toString("base64url");
  const uuid = "0b0a33f2-8c7e-4b55-9d57-3c7d5b9f6a01";
  const forged = [
    "2024-05-01T12:00:00.000Z",
    encoded(`+010000-01-01T00:00:00.000Z~${uuid}`),
    encoded(`2024-02-30T00:00:00.000Z~${uuid}`),
    encoded("2024-05-01T12:00:00.000Z~not-a-uuid"),
    encoded(`2024-05-01T12:00:00.000Z~${uuid}~more`),
    `${encodeCursor({ time: new Date(ONE_SECOND), id: uuid })}=`,
    "' OR 1=1 --",
    "a".repeat(5000),
  ];
  const lists = [
    "/api/v1/posts?before=",
    "/api/v1/timeline?before=",
    "/api/v1/notifications?before=",
    "/api/v1/actors/wmke/followers?before=",
    "/api/v1/actors/wmke/following?before=",
    "/api/v1/actors/wmke/follow-requests?before=",
    "/api/v1/lessons?before=",
    "/@wmke?before=",
    "/home?before=",
    "/@wmke/followers?before=",
    "/lessons?before=",
    "/resources?before=",
    "/tags/samesecond?before=",
    "/@wmke/outbox?cursor=",
    "/@wmke/followers?cursor=",
    "/@wmke/following?cursor=",
  ];

  it("a forged or out-of-range cursor is a 400 on every list, page and collection", async () => {
    for (const list of lists)
      for (const cursor of forged) {
        const response = await hub.request(`${list}${encodeURIComponent(cursor)}`, {
          headers: { authorization: `Bearer ${token}`, ...(list.includes("?cursor") ? AS : {}) },
        });
        expect({ list, cursor, status: response.status }).toEqual({ list, cursor, status: 400 });
      }
  });

  it("a cursor this server gave out reads on", async () => {
    const first = await api("/posts?author=wmke");
    expect((await api(`/posts?author=wmke&before=${first.json.next}`)).json.items).toHaveLength(5);
  });
});

describe("delivering to every follower", () => {
  it("reads 70,000 followers without binding more values than PostgreSQL accepts", async () => {
    await remoteFollowers(person(), 70_000, "big");
    const ctx = createFederationFor(hub.deps).createContext(new URL(hub.origin), hub.deps);
    const recipients = await everyFollower(ctx, person());
    expect(recipients.length).toBe(70_000);
    expect(new Set(recipients.map((r) => r.id?.href)).size).toBe(70_000);
  });
});
