import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../db/schema.ts";
import {
  listDirectory,
  markUnreachable,
  meetSpace,
  saveRefresh,
} from "../server/directory/directory.ts";
import { membersOf } from "../server/membership/lists.ts";
import {
  acceptMembership,
  endMembership,
  requestMembership,
  setSuspended,
} from "../server/membership/memberships.ts";
import { recordRelay, relayDecision } from "../server/membership/relaying.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
const HUB = "https://hub.test/@africa_hub";
const member = (n: number) => `https://m${n}.test/@space`;
const join = (memberIri: string) => ({
  memberIri,
  hubIri: HUB,
  activityIri: `${memberIri}#joins/1`,
  requestedByIri: memberIri,
});

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("one membership per pair, changed only by the transitions that make sense", () => {
  it("a repeated request keeps one row and takes the newer Join's id", async () => {
    const first = await requestMembership(database.db, join(member(1)));
    const again = await requestMembership(database.db, {
      ...join(member(1)),
      activityIri: `${member(1)}#joins/2`,
    });
    expect(first).toMatchObject({ ok: true, created: true, membership: { state: "pending" } });
    expect(again).toMatchObject({ ok: true, created: false });
    expect(again.ok && again.membership.activityIri).toBe(`${member(1)}#joins/2`);
    expect((await membersOf(database.db, HUB, "pending")).items).toHaveLength(1);
  });

  it("a space cannot join itself", async () => {
    expect(await requestMembership(database.db, { ...join(HUB) })).toEqual({
      ok: false,
      reason: "self",
    });
  });

  it("accepting twice, rejecting a member or leaving a request are refused with a reason", async () => {
    expect(await acceptMembership(database.db, member(1), HUB, HUB)).toMatchObject({ ok: true });
    expect(await acceptMembership(database.db, member(1), HUB, HUB)).toEqual({
      ok: false,
      reason: "not-pending",
    });
    expect(await endMembership(database.db, member(1), HUB, "rejected", HUB)).toEqual({
      ok: false,
      reason: "not-pending",
    });
    await requestMembership(database.db, join(member(2)));
    expect(await endMembership(database.db, member(2), HUB, "left", member(2))).toEqual({
      ok: false,
      reason: "not-accepted",
    });
    expect(await endMembership(database.db, member(3), HUB, "left", member(3))).toEqual({
      ok: false,
      reason: "not-found",
    });
  });

  it("concurrent requests from the same space make one row", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => requestMembership(database.db, join(member(4)))),
    );
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
  });

  it("members page by the keyset helper without losing any", async () => {
    for (let n = 10; n < 35; n++) {
      await requestMembership(database.db, join(member(n)), "accepted");
    }
    const seen: string[] = [];
    let page = await membersOf(database.db, HUB, "accepted", undefined, 7);
    seen.push(...page.items.map((m) => m.memberIri));
    while (page.next) {
      const { decodeCursor } = await import("../server/paging/keyset.ts");
      page = await membersOf(database.db, HUB, "accepted", decodeCursor(page.next), 7);
      seen.push(...page.items.map((m) => m.memberIri));
    }
    expect(new Set(seen).size).toBe(26);
  });
});

describe("what a hub relays", () => {
  let post: Post;
  const author = { origin: "https://m1.test", handle: "space", iri: member(1) };
  const publish = async (input: Record<string, unknown>) =>
    createLocalPost(database.db, author, PostInput.parse({ content: { en: "Hi" }, ...input }));

  beforeAll(async () => {
    post = await publish({ audienceIri: HUB });
  });

  it("a public post of an accepted member addressed to the hub", async () => {
    expect(await relayDecision(database.db, post, HUB)).toEqual({ ok: true });
  });

  it("not a post addressed elsewhere, a private one, or one whose id is on another origin", async () => {
    expect(await relayDecision(database.db, await publish({}), HUB)).toEqual({
      ok: false,
      reason: "not-addressed",
    });
    const followers = await publish({ audienceIri: HUB, visibility: "followers" });
    expect(await relayDecision(database.db, followers, HUB)).toEqual({
      ok: false,
      reason: "not-public",
    });
    const forged = { ...post, iri: "https://elsewhere.test/notes/1" };
    expect(await relayDecision(database.db, forged, HUB)).toEqual({
      ok: false,
      reason: "foreign-origin",
    });
  });

  it("not a suspended member's, nor a pending one's", async () => {
    await setSuspended(database.db, member(1), HUB, true, HUB);
    expect(await relayDecision(database.db, post, HUB)).toEqual({ ok: false, reason: "suspended" });
    await setSuspended(database.db, member(1), HUB, false, HUB);
    const pending = { ...post, authorIri: member(2), iri: `${member(2)}/posts/1` };
    expect(await relayDecision(database.db, pending, HUB)).toEqual({
      ok: false,
      reason: "not-member",
    });
  });

  it("records each relay once, however often the post arrives", async () => {
    const relay = { hubIri: HUB, postIri: post.iri, activityIri: `${HUB}/relays/${post.id}` };
    const results = await Promise.all([1, 2, 3].map(() => recordRelay(database.db, relay)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("the directory keeps what it met", () => {
  it("marks a space unreachable without forgetting it, and clears the mark when it answers", async () => {
    const profile = {
      iri: "https://far.test/@group",
      handle: "@group@far.test",
      name: { en: "Far" },
    };
    expect(
      await meetSpace(database.db, { ...profile, kind: "hub", regions: ["KE-30"] }, "actor"),
    ).toBe(true);
    await markUnreachable(database.db, profile.iri);
    await markUnreachable(database.db, profile.iri);
    const [gone] = (await listDirectory(database.db, { region: "KE" })).items;
    expect(gone).toMatchObject({ iri: profile.iri, failedRefreshes: 2, kind: "hub" });
    expect(gone?.unreachableSince).not.toBeNull();
    await saveRefresh(
      database.db,
      { ...profile, kind: "hub", languages: ["fr-CA"] },
      { followerCount: 3 },
    );
    const [back] = (await listDirectory(database.db, { language: "fr" })).items;
    expect(back).toMatchObject({ unreachableSince: null, failedRefreshes: 0, followerCount: 3 });
    expect((await listDirectory(database.db, { language: "f" })).items).toEqual([]);
  });
});
