import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, rsvpCounts } from "../../server/events/rsvps.ts";
import { findFollow } from "../../server/follows/follows.ts";
import { tallyVotes } from "../../server/proposals/votes.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { fixture, MIRA, PLACEHOLDER_POST, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { visibleText } from "../helpers/peers/json.ts";
import { mastodonStatus } from "../helpers/peers/mastodon.ts";

let hub: HarnessInstance;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
const KENYA = "https://hub.test/@kenya";
const INBOX = "https://hub.test/inbox";
const kenya = () => as(hub, "kenya");

beforeAll(async () => {
  [hub] = await startInstances(["hub"]);
  await setUp(hub, "kenya", "kofi");
  mastodon = await startFakeMastodon();
  expect((await mastodon.deliver(INBOX, fixture("follow"))).status).toBe(202);
  await eventually(async () =>
    expect((await findFollow(hub.deps.db, MIRA, KENYA))?.state).toBe("accepted"),
  );
});
afterAll(() => stopAll());

/** What mira's server received about an object. */
const receivedAbout = (type: string, objectIri: string) =>
  eventually(() => {
    const found = mastodon.received.find(
      (a) => a.type === type && (a.object as { id?: string })?.id === objectIri,
    );
    expect(found).toBeDefined();
    return found as { object: Record<string, unknown> };
  });

describe("a Mastodon follower of a hub", () => {
  it("reads an offer as a post with its facts and a link back", async () => {
    const offer = await kenya().publish({
      kind: "offer",
      title: { en: "Laptops to lend" },
      content: { en: "Ten laptops for edit-a-thons." },
      details: { category: "equipment", regions: ["KE"], capacity: 10 },
    });
    const { object } = await receivedAbout("Create", offer.iri);
    // A Note (Mastodon shows a Page as a title and a link only), with FEP-0837's purpose.
    expect(object).toMatchObject({ type: "Note", nameMap: { en: "Laptops to lend" } });
    expect(object["https://w3id.org/valueflows/ont/vf#purpose"]).toBe("offer");
    const status = mastodonStatus(object);
    expect(status).toMatchObject({ converted: false, spoilerText: "", language: "en" });
    const text = visibleText(status?.text ?? "");
    expect(text).toMatch(/^Laptops to lend\n/);
    expect(text).toContain("Offer: equipment");
    expect(text).toContain("capacity 10");
    expect(text).toContain("Ten laptops for edit-a-thons.");
    expect(status?.text).toContain(`href="${offer.iri}"`);
  });

  it("reads an event as an Event with its times and place", async () => {
    const event = await kenya().publish({
      kind: "event",
      title: { en: "WikiGap Nairobi" },
      details: {
        startTime: "2027-03-08T09:00:00+03:00",
        endTime: "2027-03-08T17:00:00+03:00",
        timeZone: "Africa/Nairobi",
        place: { name: "Nairobi National Library" },
      },
    });
    const { object } = await receivedAbout("Create", event.iri);
    expect(object).toMatchObject({
      type: "Event",
      name: "WikiGap Nairobi",
      startTime: "2027-03-08T06:00:00Z",
      location: { type: "Place", name: "Nairobi National Library" },
    });
  });

  it("votes in a proposal the way Mastodon votes, counted once", async () => {
    const proposal = await kenya().publish({
      kind: "proposal",
      title: { en: "What do we serve at the meet-up?" },
      details: {
        options: [{ en: "suya.." }, { en: "jollof" }],
        endTime: new Date(Date.now() + 3_600_000).toISOString(),
        votingMode: "person",
      },
    });
    const { object } = await receivedAbout("Create", proposal.iri);
    expect(object.type).toBe("Question");
    expect(object.oneOf).toEqual([
      expect.objectContaining({ type: "Note", name: "suya.." }),
      expect.objectContaining({ type: "Note", name: "jollof" }),
    ]);
    const vote = fixture("vote", { [PLACEHOLDER_POST]: proposal.iri });
    for (const _ of [1, 2]) expect((await mastodon.deliver(INBOX, vote)).status).toBe(202);
    await eventually(async () =>
      expect(await tallyVotes(hub.deps.db, proposal)).toEqual({ counts: [1, 0], voters: 1 }),
    );
    // A second vote (another id, the other option) on a single-choice proposal is refused.
    const again = fixture("vote", {
      [PLACEHOLDER_POST]: proposal.iri,
      "#votes/387": "#votes/388",
      "suya..": "jollof",
    });
    expect((await mastodon.deliver(INBOX, again)).status).toBe(202);
    await settled(hub);
    expect(await tallyVotes(hub.deps.db, proposal)).toEqual({ counts: [1, 0], voters: 1 });
    // The vote is not kept as a post.
    expect(await seen(hub, "https://mastodon.test/users/mira#votes/387")).toBeUndefined();
  });

  it("cannot vote where one vote per space is the rule", async () => {
    const proposal = await kenya().publish({
      kind: "proposal",
      title: { en: "Adopt the hub charter?" },
      details: {
        options: [{ en: "suya.." }, { en: "no" }],
        endTime: new Date(Date.now() + 3_600_000).toISOString(),
        votingMode: "space",
      },
    });
    const vote = fixture("vote", {
      [PLACEHOLDER_POST]: proposal.iri,
      "#votes/387": "#votes/389",
    });
    expect((await mastodon.deliver(INBOX, vote)).status).toBe(202);
    await settled(hub);
    expect(await tallyVotes(hub.deps.db, proposal)).toEqual({ counts: [0, 0], voters: 0 });
  });

  it("answers an event as Friendica and Mobilizon do", async () => {
    const event = await kenya().publish({
      kind: "event",
      title: { en: "Photo walk" },
      details: {
        startTime: "2027-04-01T08:00:00Z",
        endTime: "2027-04-01T10:00:00Z",
        onlineUrl: "https://meet.example.org/walk",
      },
    });
    const activity = (type: string, id: string, object: unknown = event.iri) => ({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${MIRA}#${id}`,
      type,
      actor: MIRA,
      object,
    });
    const status = async () => (await answerOf(hub.deps.db, event.iri, MIRA))?.status;
    // Friendica: Accept is going, TentativeAccept maybe, Reject not going.
    await mastodon.deliver(INBOX, activity("Accept", "rsvp-1"));
    await eventually(async () => expect(await status()).toBe("going"));
    await mastodon.deliver(INBOX, activity("TentativeAccept", "rsvp-2"));
    await eventually(async () => expect(await status()).toBe("maybe"));
    await mastodon.deliver(INBOX, activity("Reject", "rsvp-3"));
    await eventually(async () => expect(await status()).toBe("not_going"));
    // Mobilizon: Join, answered with an Accept that quotes it; Leave withdraws.
    await mastodon.deliver(INBOX, activity("Join", "join-1"));
    await eventually(async () => expect(await status()).toBe("going"));
    const accept = await eventually(() => {
      const found = mastodon.received.find(
        (a) => a.type === "Accept" && (a.object as { id?: string })?.id === `${MIRA}#join-1`,
      );
      expect(found).toBeDefined();
      return found;
    });
    expect(accept?.actor).toBe(KENYA);
    expect((await rsvpCounts(hub.deps.db, event.iri)).going).toBe(1);
    await mastodon.deliver(INBOX, activity("Leave", "leave-1"));
    await eventually(async () => expect(await status()).toBeUndefined());
  });

  it("responds to a need with a reply, and sees the need marked matched", async () => {
    const need = await kenya().publish({
      kind: "need",
      title: { en: "A mentor for our first grant" },
      details: { category: "mentoring", online: true },
    });
    const reply = fixture("create-reply", { [PLACEHOLDER_POST]: need.iri });
    const replyIri = (reply.object as { id: string }).id;
    expect((await mastodon.deliver(INBOX, reply)).status).toBe(202);
    await eventually(async () => expect((await seen(hub, replyIri))?.inReplyToIri).toBe(need.iri));
    expect((await kenya().markMatched(need.iri, replyIri)).ok).toBe(true);
    const update = await eventually(() => {
      const found = mastodon.received.find(
        (a) => a.type === "Update" && (a.object as { id?: string })?.id === need.iri,
      );
      expect(found).toBeDefined();
      return found as { object: Record<string, unknown> };
    });
    expect(update.object.content).toContain("status matched");
  });
});
