import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../db/schema.ts";
import { localActorIri } from "../server/actors/local-iris.ts";
import { createPerson, findPersonByHandle, NewPersonInput } from "../server/people/people.ts";
import { listPosts } from "../server/posts/lists.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { canView, localViewer } from "../server/posts/visibility.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const tokens: Record<string, string> = {};
const posts: Record<string, Post> = {};
const iri = (handle: string) => localActorIri(hub.origin, handle);
const AUDIENCES = ["public", "unlisted", "followers", "direct"] as const;

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  await setUpInstance(hub);
  for (const handle of ["bo", "cy", "dee"]) {
    const input = { handle, email: `${handle}@example.org`, password: "a long password" };
    const made = await createPerson(hub.deps.db, NewPersonInput.parse(input));
    if (!made.ok) throw new Error(made.reason);
  }
  for (const handle of ["ana", "bo", "cy", "dee"]) {
    const person = await findPersonByHandle(hub.deps.db, handle);
    tokens[handle] = (
      await createToken(hub.deps.db, person?.id ?? "", { name: "t", scopes: ["read"] })
    ).secret;
  }
  // Bo follows the space; Dee is mentioned in its direct post; Cy is nobody to it.
  await hub.deps.db.execute(sql`
    INSERT INTO follows (follower_iri, followee_iri, state, activity_iri)
    VALUES (${iri("bo")}, ${iri("wmke")}, 'accepted', ${`${iri("bo")}#follow`})`);
  const author = { origin: hub.origin, handle: "wmke", iri: iri("wmke") };
  for (const visibility of AUDIENCES) {
    const input = PostInput.parse({ content: { en: `For ${visibility} #audience` }, visibility });
    const mentions = visibility === "direct" ? [{ href: iri("dee"), name: "@dee" }] : [];
    posts[visibility] = await createLocalPost(hub.deps.db, author, input, mentions);
  }
});
afterAll(() => hub.close());

/** Who sees which of the space's four posts. */
const EXPECTED: Record<string, (typeof AUDIENCES)[number][]> = {
  anonymous: ["public", "unlisted"],
  cy: ["public", "unlisted"],
  bo: ["public", "unlisted", "followers"],
  dee: ["public", "unlisted", "direct"],
  // Ana owns the space: she may publish as it, so she sees all it wrote.
  ana: ["public", "unlisted", "followers", "direct"],
};

async function api(who: string, path: string) {
  const headers: Record<string, string> =
    who === "anonymous" ? {} : { authorization: `Bearer ${tokens[who]}` };
  return hub.request(`/api/v1${path}`, { headers });
}

describe("who sees a post is decided in one place", () => {
  for (const [who, visible] of Object.entries(EXPECTED))
    it(`${who} sees ${visible.join(", ")}: in the list, one by one, and by canView`, async () => {
      const listed = await (await api(who, "/posts?author=wmke")).json();
      expect(listed.items.map((p: { visibility: string }) => p.visibility).sort()).toEqual(
        [...visible].sort(),
      );
      const person = who === "anonymous" ? undefined : await findPersonByHandle(hub.deps.db, who);
      const viewer = await localViewer(hub.deps.db, hub.origin, person);
      const page = await listPosts(hub.deps.db, { authorIri: iri("wmke") }, undefined, 20, viewer);
      for (const audience of AUDIENCES) {
        const post = posts[audience] as Post;
        const shown = visible.includes(audience);
        expect((await api(who, `/posts/${post.id}`)).status).toBe(shown ? 200 : 404);
        expect(await canView(hub.deps.db, post, viewer)).toBe(shown);
        expect(page.items.some((p) => p.id === post.id)).toBe(shown);
      }
    });

  it("the outbox is what anyone may see; a hashtag page only what is public", async () => {
    const accept = { accept: "application/activity+json" };
    const outbox = await (await hub.request("/@wmke/outbox", { headers: accept })).json();
    const first = await (await hub.request(outbox.first, { headers: accept })).json();
    const ids = first.orderedItems.map((item: { object: { id: string } }) => item.object.id);
    expect(ids.sort()).toEqual([posts.public?.iri, posts.unlisted?.iri].sort());
    const tagged = await (await hub.request("/tags/audience")).text();
    expect(tagged).toContain("For public");
    expect(tagged).not.toContain("For unlisted");
    expect(tagged).not.toContain("For followers");
  });

  it("the reply page and reactions do not reveal a post one may not see", async () => {
    const cy = new FormClient(hub);
    const login = { login: "cy", password: "a long password" };
    expect((await cy.submit("/login", "/login", login)).status).toBe(303);
    const hidden = posts.followers as Post;
    const reply = await cy.get(`/reply?iri=${encodeURIComponent(hidden.iri)}`);
    expect(reply.status).toBe(404);
    expect(await reply.text()).not.toContain("For followers");
    expect((await cy.get(new URL(hidden.iri).pathname)).status).toBe(404);
    const react = await cy.submit("/home", "/reactions", {
      iri: hidden.iri,
      kind: "like",
      as: "cy",
    });
    expect(react.status).toBe(400);
  });
});
