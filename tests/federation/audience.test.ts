import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendProfileUpdate } from "../../federation/deliver.ts";
import { pendingFollowersOf } from "../../server/follows/follows.ts";
import { setManualApproval } from "../../server/spaces/spaces.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
const KENYA = "https://beta.test/@kenya";
const AS = { accept: "application/activity+json" };

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
});
afterAll(() => stopAll());

/** Fetches a URL signed by a local actor of `instance`, as servers fetch followers-only posts. */
async function fetchAs(instance: HarnessInstance, handle: string, url: string) {
  const ctx = instance.running.federation.createContext(new URL(instance.origin), instance.deps);
  const loader = await ctx.getDocumentLoader({ identifier: handle });
  return loader(url).then(
    (document) => document.document as Record<string, unknown>,
    () => undefined,
  );
}

describe("a space that approves followers by hand", () => {
  it("keeps requests pending until an admin answers them", async () => {
    await setManualApproval(beta.deps.db, "kenya", true);
    await sendProfileUpdate(
      beta.running.federation.createContext(new Request(KENYA), beta.deps),
      "kenya",
    );
    const group = await (await fetch(KENYA, { headers: AS })).json();
    expect(group.manuallyApprovesFollowers).toBe(true);

    expect(await as(alpha, "ana").follow("@kenya@beta.test")).toMatchObject({
      ok: true,
      state: "pending",
    });
    expect(await as(gamma, "gita").follow("@kenya@beta.test")).toMatchObject({
      ok: true,
      state: "pending",
    });
    const pending = await eventually(async () => {
      const page = await pendingFollowersOf(beta.deps.db, KENYA);
      expect(page.items).toHaveLength(2);
      return page.items;
    });
    expect(pending.map((p) => p.followerIri).sort()).toEqual([
      "https://alpha.test/@ana",
      "https://gamma.test/@gita",
    ]);

    expect(await as(beta, "kenya").answer("https://alpha.test/@ana", "accept")).toBe(true);
    expect(await as(beta, "kenya").answer("https://gamma.test/@gita", "reject")).toBe(true);
    await eventually(async () =>
      expect(await as(alpha, "ana").followState(KENYA)).toBe("accepted"),
    );
    await eventually(async () =>
      expect(await as(gamma, "gita").followState(KENYA)).toBeUndefined(),
    );
    const followers = await (await fetch(`${KENYA}/followers`, { headers: AS })).json();
    expect(followers.totalItems).toBe(1);
  });
});

describe("who receives and who may read a post", () => {
  it("a followers-only post reaches followers only, and its URL answers only them", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "Board minutes, members only" },
      visibility: "followers",
    });
    await eventually(async () =>
      expect((await seen(alpha, post.iri))?.visibility).toBe("followers"),
    );

    const anonymous = await fetch(post.iri, { headers: AS });
    expect(anonymous.status).toBe(401);
    expect((await fetch(post.iri, { headers: { accept: "text/html" } })).status).toBe(404);
    expect(await fetchAs(alpha, "ana", post.iri)).toMatchObject({ id: post.iri, type: "Note" });
    expect(await fetchAs(gamma, "gita", post.iri)).toBeUndefined();

    const outbox = await (
      await fetch(`${KENYA}/outbox?cursor=9999-12-31T00%3A00%3A00.000Z`, { headers: AS })
    ).json();
    expect(JSON.stringify(outbox)).not.toContain("Board minutes");
    expect(await seen(gamma, post.iri)).toBeUndefined();
  });

  it("a direct post reaches only the people it mentions", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "@gita@gamma.test can you review the grant report?" },
      visibility: "direct",
    });
    await eventually(async () => expect((await seen(gamma, post.iri))?.visibility).toBe("direct"));
    expect((await as(gamma, "gita").timeline()).map((p) => p.iri)).toContain(post.iri);
    // ana follows kenya, yet is not addressed; an unrelated public post shows her feed is live.
    const marker = await as(beta, "kenya").publish({ content: { en: "Public news" } });
    await eventually(async () => expect(await seen(alpha, marker.iri)).toBeDefined());
    expect(await seen(alpha, post.iri)).toBeUndefined();
  });

  it("an unlisted post reaches followers and is listed in the outbox", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "Quiet update" },
      visibility: "unlisted",
    });
    await eventually(async () =>
      expect((await seen(alpha, post.iri))?.visibility).toBe("unlisted"),
    );
    const note = await (await fetch(post.iri, { headers: AS })).json();
    expect(note.to).toBe(`${KENYA}/followers`);
    expect(["as:Public", "https://www.w3.org/ns/activitystreams#Public"]).toContain(note.cc);
  });
});

describe("collections", () => {
  it("the outbox pages newest first, with a count", async () => {
    for (let n = 1; n <= 22; n++)
      await as(beta, "kenya").publish({ content: { en: `Numbered post ${n}` } });
    const outbox = await (await fetch(`${KENYA}/outbox`, { headers: AS })).json();
    expect(outbox.type).toBe("OrderedCollection");
    expect(outbox.totalItems).toBe(24); // 22 + "Public news" + the unlisted one
    const first = await (await fetch(outbox.first, { headers: AS })).json();
    expect(first.orderedItems).toHaveLength(20);
    expect(first.orderedItems[0].object.content).toContain("Numbered post 22");
    const second = await (await fetch(first.next, { headers: AS })).json();
    expect(second.orderedItems).toHaveLength(4);
    expect(second.next).toBeUndefined();
  });

  it("followers and following list actors with counts", async () => {
    const following = await (
      await fetch("https://alpha.test/@ana/following", { headers: AS })
    ).json();
    expect(following.totalItems).toBe(1);
    const page = await (await fetch(following.first, { headers: AS })).json();
    expect(page.orderedItems).toEqual([KENYA]);
    const followers = await (await fetch(`${KENYA}/followers`, { headers: AS })).json();
    const followersPage = await (await fetch(followers.first, { headers: AS })).json();
    expect(followersPage.orderedItems).toEqual(["https://alpha.test/@ana"]);
  });
});
