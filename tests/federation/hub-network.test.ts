import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../db/schema.ts";
import { refreshDirectoryNow } from "../../federation/directory/refresh.ts";
import { archivedMembershipChanges, archiveMonths } from "../../server/archive/archive.ts";
import { listDirectory } from "../../server/directory/directory.ts";
import { engagementOf, monthsUntil } from "../../server/engagement/engagement.ts";
import { hubEngagement } from "../../server/engagement/hub-engagement.ts";
import { memberRoll } from "../../server/membership/equal-voice.ts";
import { tallyVotes } from "../../server/proposals/votes.ts";
import { foundSpace } from "../../server/spaces/founding.ts";
import { findSpaceByHandle, NewSpaceInput, updateSpace } from "../../server/spaces/spaces.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { MIRA, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { foundHub, spaceAdmin } from "../helpers/hub-driver.ts";
import { findRelay } from "../helpers/relays.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;

const HUB = "https://beta.test/@africa_hub";
const LAGOS = "https://alpha.test/@lagos";
const ABUJA = "https://alpha.test/@abuja";
const KENYA = "https://beta.test/@kenya";
const hub = () => spaceAdmin(beta, "africa_hub");
const lagos = () => spaceAdmin(alpha, "lagos");

const LESSON = {
  kind: "lesson",
  title: { en: "Run the edit-a-thon on a Saturday" },
  content: { en: "Notes for @africa_hub@beta.test and every member." },
  details: {
    lessonKind: "best-practice",
    context: { en: "Students" },
    whatHappened: { en: "Turnout doubled" },
    outcome: { en: "We keep Saturdays" },
    recommendations: { en: "Check the school calendar" },
    themes: ["events"],
  },
} as const;

const announcesOf = (postIri: string) =>
  mastodon.received.filter((a) => a.type === "Announce" && a.object === postIri);

async function activityJson(url: string) {
  const response = await fetch(url, { headers: { accept: "application/activity+json" } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  mastodon = await startFakeMastodon();
  await Promise.all([
    setUp(alpha, "lagos", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "nairobi_ug", "gita"),
  ]);
  await foundHub(beta, "africa_hub", "kofi", {
    regions: ["KE", "NG"],
    languages: ["en", "sw"],
    themes: ["education"],
  });
  const abuja = await foundSpace(
    alpha.deps.db,
    NewSpaceInput.parse({ handle: "abuja", name: { en: "Abuja" } }),
    "ana",
  );
  if (!abuja.ok) throw new Error(abuja.reason);
});
afterAll(() => stopAll());

describe("a hub on one instance and its members on others", () => {
  it("an affiliate asks to join a hub on another instance, and the hub's admin accepts", async () => {
    const asked = await lagos().join("@africa_hub@beta.test");
    expect(asked).toMatchObject({ ok: true, membership: { state: "pending", hubIri: HUB } });
    await eventually(async () => expect(await hub().memberState(LAGOS)).toBe("pending"));
    // Only the hub answers for the hub: an Accept of the same Join from anyone else is ignored.
    const joinIri = asked.ok ? asked.membership.activityIri : "";
    await mastodon.deliver(`${alpha.origin}/inbox`, {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${MIRA}#accepts/1`,
      type: "Accept",
      actor: MIRA,
      object: joinIri,
    });
    await settled(alpha);
    expect(await lagos().membershipOf(HUB)).toBe("pending");
    expect(await hub().answer(LAGOS, "accept")).toMatchObject({ ok: true });
    await eventually(async () => expect(await lagos().membershipOf(HUB)).toBe("accepted"));
  });

  it("only spaces join, and only the hub removes its members", async () => {
    const context = "https://www.w3.org/ns/activitystreams";
    const join = {
      "@context": context,
      id: `${MIRA}#joins/1`,
      type: "Join",
      actor: MIRA,
      object: HUB,
    };
    await mastodon.deliver(`${beta.origin}/inbox`, join);
    await eventually(() =>
      expect(mastodon.received).toContainEqual(
        expect.objectContaining({
          type: "Reject",
          actor: HUB,
          object: expect.objectContaining({ id: join.id }),
        }),
      ),
    );
    expect(await hub().memberState(MIRA)).toBeUndefined();
    await mastodon.deliver(`${alpha.origin}/inbox`, {
      "@context": context,
      id: `${MIRA}#removes/1`,
      type: "Remove",
      actor: MIRA,
      object: LAGOS,
      target: `${HUB}/members`,
    });
    await settled(alpha);
    expect(await lagos().membershipOf(HUB)).toBe("accepted");
  });

  it("the hub's members collection and both actors say so", async () => {
    const group = await activityJson(HUB);
    expect(group).toMatchObject({
      type: "Group",
      spaceKind: "hub",
      focus: "regional",
      regions: ["KE", "NG"],
      languages: ["en", "sw"],
      members: `${HUB}/members`,
    });
    // Mastodon shows the same as profile fields.
    expect(group.attachment).toContainEqual(
      expect.objectContaining({ type: "PropertyValue", name: "Regions", value: "KE, NG" }),
    );
    const members = await activityJson(`${HUB}/members`);
    expect(members.totalItems).toBe(1);
    const page = await activityJson(String(members.first));
    expect(JSON.stringify(page)).toContain(LAGOS);
    const member = await activityJson(LAGOS);
    expect(member).toMatchObject({ spaceKind: "affiliate", memberOf: [HUB] });
    expect(member.attachment).toContainEqual(
      expect.objectContaining({
        name: "Hubs",
        value: `<a href="${HUB}">@africa_hub@beta.test</a>`,
      }),
    );
  });

  it("a local space joins the hub on its own instance at once, without a round trip", async () => {
    // Read (and cached) before the change: a membership change drops the cached documents.
    expect((await activityJson(`${HUB}/members`)).totalItems).toBe(1);
    const kenya = spaceAdmin(beta, "kenya");
    expect(await kenya.join("@africa_hub@beta.test")).toMatchObject({
      ok: true,
      membership: { state: "pending" },
    });
    expect(await hub().answer(KENYA, "accept")).toMatchObject({ ok: true });
    expect(await kenya.membershipOf(HUB)).toBe("accepted");
    await eventually(async () => expect((await activityJson(`${HUB}/members`)).totalItems).toBe(2));
    expect(await activityJson(KENYA)).toMatchObject({ memberOf: [HUB] });
  });
});

describe("relaying (FEP-1b12)", () => {
  let lesson: Post;

  it("followers of the hub on gamma and on Mastodon receive a member's lesson, by its author", async () => {
    await as(gamma, "gita").follow("@africa_hub@beta.test");
    const follow = { id: `${MIRA}#follows/1`, type: "Follow", actor: MIRA, object: HUB };
    await mastodon.deliver(`${beta.origin}/inbox`, {
      "@context": "https://www.w3.org/ns/activitystreams",
      ...follow,
    });
    await eventually(async () => {
      expect(await as(gamma, "gita").followState(HUB)).toBe("accepted");
      expect(mastodon.received.some((a) => a.type === "Accept")).toBe(true);
    });

    lesson = await as(alpha, "lagos").publish(LESSON);
    const relayed = await eventually(async () => {
      const copy = await seen(gamma, lesson.iri);
      expect(copy).toMatchObject({ authorIri: LAGOS, kind: "lesson", isLocal: false });
      return copy;
    });
    expect(relayed?.title).toEqual(LESSON.title);
    await eventually(async () => {
      const home = await as(gamma, "gita").timeline();
      expect(home.map((p) => p.iri)).toContain(lesson.iri);
    });
    // A relay is nobody's boost.
    expect(relayed?.boosts).toBe(0);

    const [announce] = await eventually(() => {
      const found = announcesOf(lesson.iri);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(announce).toMatchObject({
      actor: HUB,
      // Fedify writes a single address as a plain value, as Mastodon does.
      to: "https://www.w3.org/ns/activitystreams#Public",
      cc: `${HUB}/followers`,
    });
    // What Mastodon fetches is served by the author's own server, under the author's name.
    expect(await activityJson(lesson.iri)).toMatchObject({ attributedTo: LAGOS });
  });

  it("a post addressed to the hub by `audience` is relayed too", async () => {
    const note = await as(alpha, "lagos").publish({
      content: { en: "Hub call on Tuesday" },
      audienceIri: HUB,
    });
    await eventually(async () => expect(await seen(gamma, note.iri)).toBeDefined());
    await eventually(() => expect(announcesOf(note.iri)).toHaveLength(1));
  });

  it("the member's edit and deletion of a relayed post reach the hub's followers", async () => {
    const note = await as(alpha, "lagos").publish({
      content: { en: "Draft @africa_hub@beta.test" },
    });
    await eventually(async () => expect(await seen(gamma, note.iri)).toBeDefined());
    await as(alpha, "lagos").edit(note, { content: { en: "Edited @africa_hub@beta.test" } });
    await eventually(async () =>
      expect((await seen(gamma, note.iri))?.contentHtml.en).toContain("Edited"),
    );
    await as(alpha, "lagos").remove(note);
    await eventually(async () => expect(await seen(gamma, note.iri)).toBeUndefined());
    await eventually(() =>
      expect(mastodon.received).toContainEqual(
        expect.objectContaining({ type: "Delete", actor: LAGOS }),
      ),
    );
  });

  it("a member on the hub's own instance is relayed without a round trip", async () => {
    const note = await as(beta, "kenya").publish({
      content: { en: "Nairobi meet-up @africa_hub@beta.test" },
    });
    expect(await findRelay(beta, HUB, note.iri)).toBeDefined();
    await eventually(async () =>
      expect(await seen(gamma, note.iri)).toMatchObject({ authorIri: KENYA }),
    );
  });

  it("a non-member's post addressed to the hub is not relayed", async () => {
    const note = await as(alpha, "abuja").publish({
      content: { en: "Please share @africa_hub@beta.test" },
    });
    await eventually(async () => expect(await seen(beta, note.iri)).toBeDefined());
    await settled(beta);
    expect(await findRelay(beta, HUB, note.iri)).toBeUndefined();
    await settled(gamma);
    expect(await seen(gamma, note.iri)).toBeUndefined();
    expect(announcesOf(note.iri)).toHaveLength(0);
    expect(ABUJA).toBe(note.authorIri);
  });
});

describe("the directory", () => {
  it("gamma lists the hub and the affiliates it met, with kinds and counts, after a refresh", async () => {
    const ctx = gamma.running.federation.createContext(new URL(gamma.origin), gamma.deps);
    expect(await refreshDirectoryNow(ctx)).toMatchObject({ refreshed: 3, unreachable: 0 });
    const { items } = await listDirectory(gamma.deps.db);
    const byIri = new Map(items.map((entry) => [entry.iri, entry]));
    expect(byIri.get(HUB)).toMatchObject({
      kind: "hub",
      focus: "regional",
      regions: ["KE", "NG"],
      languages: ["en", "sw"],
      memberCount: 2,
      // gita, mira, and the two members (a space that joins a hub follows it).
      followerCount: 4,
      software: "hubnet",
      unreachableSince: null,
    });
    expect(byIri.get(LAGOS)).toMatchObject({ kind: "affiliate", memberCount: null });
    // Kenya, met as the author of a relayed post.
    expect(byIri.get(KENYA)).toMatchObject({ kind: "affiliate", handle: "@kenya@beta.test" });
    expect(byIri.get(LAGOS)?.postCount).toBe(2);
    expect(byIri.get(LAGOS)?.lastActivityAt).not.toBeNull();
    // Its own space is listed too, and filters narrow the list.
    expect(byIri.has("https://gamma.test/@nairobi_ug")).toBe(true);
    const hubs = await listDirectory(gamma.deps.db, { kind: "hub" });
    expect(hubs.items.map((e) => e.iri)).toEqual([HUB]);
    const nigeria = await listDirectory(gamma.deps.db, { region: "NG" });
    expect(nigeria.items.map((e) => e.iri)).toEqual([HUB]);
  });
});

describe("equal voice", () => {
  let proposal: Post;

  it("a hub's proposal counts one vote per member space and refuses others", async () => {
    // The hub now accepts members at once: a space on gamma joins and does not vote.
    const hubSpace = await findSpaceByHandle(beta.deps.db, "africa_hub");
    if (hubSpace == null) throw new Error("no hub");
    await updateSpace(beta.deps.db, hubSpace, { membershipApproval: "automatic" });
    await spaceAdmin(gamma, "nairobi_ug").join("@africa_hub@beta.test");
    await eventually(async () =>
      expect(await spaceAdmin(gamma, "nairobi_ug").membershipOf(HUB)).toBe("accepted"),
    );
    await foundSpace(
      beta.deps.db,
      NewSpaceInput.parse({ handle: "mombasa", name: { en: "Mombasa" } }),
      "kofi",
    );

    proposal = await as(beta, "africa_hub").publish({
      kind: "proposal",
      title: { en: "Host the 2027 summit in Lagos?" },
      content: { en: "One vote per member space." },
      details: {
        choice: "single",
        options: [{ en: "Yes" }, { en: "No" }],
        endTime: new Date(Date.now() + 3_600_000).toISOString(),
        votingMode: "space",
      },
    });
    await eventually(async () => expect(await seen(alpha, proposal.iri)).toBeDefined());
    expect(await as(alpha, "lagos").vote(proposal.iri, [0], "ana")).toMatchObject({ ok: true });
    expect(await as(beta, "kenya").vote(proposal.iri, [1], "kofi")).toMatchObject({ ok: true });
    // Not members: refused where they vote, on the hub's instance and on another.
    expect(await as(beta, "mombasa").vote(proposal.iri, [0], "kofi")).toEqual({
      ok: false,
      reason: "not-a-member",
    });
    expect(await as(alpha, "abuja").vote(proposal.iri, [0], "ana")).toEqual({
      ok: false,
      reason: "not-a-member",
    });
    await eventually(async () =>
      expect((await tallyVotes(beta.deps.db, proposal)).counts).toEqual([1, 1]),
    );
  });

  it("the result lists which member spaces voted and which did not", async () => {
    const roll = await memberRoll(beta.deps.db, proposal);
    expect(roll?.voted.map((v) => v.iri).sort()).toEqual([LAGOS, KENYA].sort());
    // Who cast a space's vote is known where it was cast (a remote vote names only its space).
    expect(roll?.voted.find((v) => v.iri === KENYA)?.castByIri).toBe("https://beta.test/@kofi");
    expect(roll?.notVoted).toEqual(["https://gamma.test/@nairobi_ug"]);
  });

  it("the hub's archive keeps the result and every membership change", async () => {
    await as(beta, "africa_hub").close(proposal.iri);
    const [month] = await archiveMonths(beta.deps.db, HUB);
    expect(month).toMatchObject({ results: 1, posts: { proposal: 1 } });
    const changes = await archivedMembershipChanges(beta.deps.db, HUB, month?.month ?? "");
    const story = changes.items.map((e) => `${e.change} ${e.memberIri}`).reverse();
    expect(story).toEqual([
      `requested ${LAGOS}`,
      `accepted ${LAGOS}`,
      `requested ${KENYA}`,
      `accepted ${KENYA}`,
      "requested https://gamma.test/@nairobi_ug",
      "accepted https://gamma.test/@nairobi_ug",
    ]);
  });
});

describe("engagement", () => {
  it("the hub's engagement counts a follower's reply to a member's relayed post", async () => {
    const [lesson] = (await as(gamma, "gita").timeline()).filter((p) => p.kind === "lesson");
    if (lesson == null) throw new Error("gita has no relayed lesson");
    const reply = await as(gamma, "gita").publish({
      content: { en: "We tried Saturdays too: it works." },
      inReplyToIri: lesson.iri,
    });
    // The reply stays in the hub's conversation: the hub receives it.
    expect(reply.audienceIri).toBe(HUB);
    await eventually(async () => expect(await seen(beta, reply.iri)).toBeDefined());
    const now = new Date();
    const [thisMonth] = monthsUntil(now, 1);
    if (thisMonth == null) throw new Error("no period");
    const { combined, members } = await hubEngagement(beta.deps.db, beta.origin, HUB, thisMonth);
    expect(combined.interactions.replies).toBeGreaterThanOrEqual(1);
    expect(combined.engagedParticipants).toBeGreaterThanOrEqual(1);
    expect(combined.memberSpaces).toBe(3);
    const ofLagos = members.find((m) => m.iri === LAGOS)?.engagement;
    expect(ofLagos?.interactions.replies).toBe(1);
    expect(ofLagos?.engagedParticipants).toBe(1);
    // The hub's own posts drew its members' votes.
    const own = await engagementOf(beta.deps.db, [HUB], thisMonth, { hubIri: HUB });
    expect(own.interactions.votes).toBe(2);
    expect(own.posts.proposal).toBe(1);
    expect(own.engagementRatio).toBe(own.engagedParticipants / own.followers);
  });
});

describe("leaving", () => {
  it("after the affiliate leaves, its next post is not relayed", async () => {
    expect(await lagos().leave(HUB)).toEqual({ ok: true, change: "left" });
    await eventually(async () => expect(await hub().memberState(LAGOS)).toBeUndefined());
    const note = await as(alpha, "lagos").publish({
      content: { en: "Still here @africa_hub@beta.test" },
    });
    await eventually(async () => expect(await seen(beta, note.iri)).toBeDefined());
    await settled(beta);
    expect(await findRelay(beta, HUB, note.iri)).toBeUndefined();
    await settled(gamma);
    expect(await seen(gamma, note.iri)).toBeUndefined();
    expect(announcesOf(note.iri)).toHaveLength(0);
  });
});
