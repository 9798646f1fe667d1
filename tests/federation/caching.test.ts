import { importJwk, signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKeyPairs } from "../../server/keys/key-pairs.ts";
import { blockDomain, unblockDomain } from "../../server/moderation/domain-policy.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { findSpaceByHandle, updateSpace } from "../../server/spaces/spaces.ts";
import { as, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { getAs } from "../helpers/moderation.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let third: HarnessInstance;
const gamma = () => third;
const AS = { accept: "application/activity+json" };

beforeAll(async () => {
  [alpha, beta, third] = await startInstances(["alpha", "beta", "gamma"]);
  await setUp(alpha, "alpha_hub", "ana");
  await setUp(beta, "kenya", "kofi");
  await setUp(third, "gamma_hub", "gita");
});
afterAll(() => stopAll());

describe("conditional requests and caching", () => {
  it("a public document has an ETag, answers 304 while unchanged, and a new ETag once changed", async () => {
    const first = await fetch("https://beta.test/@kenya", { headers: AS });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get("cache-control")).toContain("public");
    const again = await fetch("https://beta.test/@kenya", {
      headers: { ...AS, "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);

    const space = await findSpaceByHandle(beta.deps.db, "kenya");
    if (space == null) throw new Error("no space");
    await updateSpace(beta.deps.db, space, { name: { en: "Wikimedia Community of Kenya" } });
    // The cached copy goes when the change notice arrives, a moment after the commit.
    const changed = await eventually(async () => {
      const response = await fetch("https://beta.test/@kenya", {
        headers: { ...AS, "if-none-match": etag ?? "" },
      });
      expect(response.status).toBe(200);
      return response;
    });
    expect((await changed.json()).name).toBe("Wikimedia Community of Kenya");
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("a followers-only post is never marked for shared caches", async () => {
    await as(alpha, "ana").follow("@kenya@beta.test");
    await eventually(async () =>
      expect(await as(alpha, "ana").followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const post = await as(beta, "kenya").publish({
      content: { en: "For followers" },
      visibility: "followers",
    });
    const anonymous = await fetch(post.iri, { headers: AS });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("cache-control") ?? "").not.toContain("public");

    // The follower's server fetches it signed: it gets the post, marked private.
    const [rsa] = await findKeyPairs(alpha.deps.db, "ana");
    if (rsa == null) throw new Error("no key");
    const signed = await signRequest(
      new Request(post.iri, { headers: AS }),
      await importJwk(rsa.privateKey, "private"),
      new URL("https://alpha.test/@ana#main-key"),
    );
    const forFollower = await fetch(signed);
    expect(forFollower.status).toBe(200);
    expect((await forFollower.json()).id).toBe(post.iri);
    expect(forFollower.headers.get("cache-control")).toBe("private, no-cache");
    const page = await fetch("https://beta.test/api/v1/posts?author=kenya");
    expect(page.headers.get("cache-control")).toContain("public");
    expect(JSON.stringify(await page.json())).not.toContain("For followers");
  });

  it("a followers-only post is never served from the cache to someone not allowed to see it", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "Members only, again" },
      visibility: "followers",
    });
    const [rsa] = await findKeyPairs(alpha.deps.db, "ana");
    if (rsa == null) throw new Error("no key");
    const signedFetch = async () =>
      fetch(
        await signRequest(
          new Request(post.iri, { headers: AS }),
          await importJwk(rsa.privateKey, "private"),
          new URL("https://alpha.test/@ana#main-key"),
        ),
      );
    for (let round = 0; round < 3; round++) {
      expect((await signedFetch()).status).toBe(200);
      const anonymous = await fetch(post.iri, { headers: AS });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).not.toContain("Members only");
      // A server that signs, but for nobody who follows kenya, gets nothing either.
      const stranger = await getAs(post.iri, { instance: gamma(), handle: "gita" });
      expect([401, 403]).toContain(stranger.status);
      expect(await stranger.text()).not.toContain("Members only");
    }
  });
});

describe("the document cache", () => {
  /** Changes a space's name behind the triggers' back (as replication would), so no notice goes out. */
  async function renameSilently(name: string) {
    await beta.deps.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE spaces SET name = jsonb_build_object('en', ${name}::text) WHERE handle = 'kenya'`;
    });
  }
  const nameOf = async () =>
    (await (await fetch("https://beta.test/@kenya", { headers: AS })).json()).name;

  it("serves a public document from memory until what it shows changes", async () => {
    const before = await nameOf();
    await renameSilently("Renamed without notice");
    // Served from memory: the silent change is not seen…
    expect(await nameOf()).toBe(before);
    // …and a real change is seen at once, by the next fetch.
    const space = await findSpaceByHandle(beta.deps.db, "kenya");
    if (space == null) throw new Error("no space");
    await updateSpace(beta.deps.db, space, { name: { en: "Wikimedia Kenya, renamed" } });
    await eventually(async () => expect(await nameOf()).toBe("Wikimedia Kenya, renamed"));
  });

  it("drops a note, the outbox and the followers collection exactly when they change", async () => {
    const post = await as(beta, "kenya").publish({ content: { en: "First words" } });
    const note = async () =>
      (await (await fetch(post.iri, { headers: AS })).json()).content as string;
    const outboxCount = async () =>
      (await (await fetch("https://beta.test/@kenya/outbox", { headers: AS })).json())
        .totalItems as number;
    const followers = async () =>
      (await (await fetch("https://beta.test/@kenya/followers", { headers: AS })).json())
        .totalItems as number;
    expect(await note()).toContain("First words");
    const count = await outboxCount();
    const followerCount = await followers();
    await as(beta, "kenya").edit(post, { content: { en: "Second words" } });
    await eventually(async () => expect(await note()).toContain("Second words"));
    await as(beta, "kenya").publish({ content: { en: "Another" } });
    await eventually(async () => expect(await outboxCount()).toBe(count + 1));
    await as(gamma(), "gita").follow("@kenya@beta.test");
    await eventually(async () => expect(await followers()).toBe(followerCount + 1));
  });

  it("answers signed fetches of a public document from memory too, and drops it when it changes", async () => {
    const signedName = async () =>
      (await (await getAs("https://beta.test/@kenya", { instance: alpha, handle: "ana" })).json())
        .name;
    const before = await signedName();
    await renameSilently("Renamed for nobody");
    // The signed fetch is served the cached public document: the silent change is not seen…
    const cached = await getAs("https://beta.test/@kenya", { instance: alpha, handle: "ana" });
    expect(cached.status).toBe(200);
    expect((await cached.json()).name).toBe(before);
    // …and a post edited is seen by the next signed fetch, as by an anonymous one.
    const post = await as(beta, "kenya").publish({ content: { en: "Signed first" } });
    const signedNote = async () =>
      (await (await getAs(post.iri, { instance: gamma(), handle: "gita" })).json())
        .content as string;
    expect(await signedNote()).toContain("Signed first");
    expect(await signedNote()).toContain("Signed first");
    await as(beta, "kenya").edit(post, { content: { en: "Signed, then edited" } });
    await eventually(async () => expect(await signedNote()).toContain("Signed, then edited"));
  });
});

describe("a blocked server's signed fetch", () => {
  it("is refused though the document is in the cache, and served again once unblocked", async () => {
    const post = await as(beta, "kenya").publish({ content: { en: "Public, cached" } });
    // Cached by an anonymous and a signed fetch alike.
    expect((await fetch(post.iri, { headers: AS })).status).toBe(200);
    expect((await getAs(post.iri, { instance: alpha, handle: "ana" })).status).toBe(200);
    const kofi = await findPersonByHandle(beta.deps.db, "kofi");
    await blockDomain(
      beta.deps.db,
      { domain: "alpha.test", level: "suspend", reason: "Spam" },
      { personId: kofi?.id ?? null },
    );
    // As soon as the policy's change notice arrives (a moment after the commit).
    const refused = await eventually(async () => {
      const response = await getAs(post.iri, { instance: alpha, handle: "ana" });
      expect(response.status).toBe(403);
      return response;
    });
    expect(await refused.text()).not.toContain("Public, cached");
    // Others still get it from the cache.
    expect((await getAs(post.iri, { instance: gamma(), handle: "gita" })).status).toBe(200);
    await unblockDomain(beta.deps.db, "alpha.test", "", { personId: kofi?.id ?? null });
    await eventually(async () =>
      expect((await getAs(post.iri, { instance: alpha, handle: "ana" })).status).toBe(200),
    );
  });
});
