import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFollow } from "../../server/follows/follows.ts";
import { tallyVotes } from "../../server/proposals/votes.ts";
import { apiClient, tokenFor } from "../helpers/api-client.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { fixture, MIRA, PLACEHOLDER_POST, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { goToSocialStatus } from "../helpers/peers/gotosocial.ts";
import { holloPost } from "../helpers/peers/hollo.ts";
import type { Json } from "../helpers/peers/json.ts";
import { mastodonPollExpired, mastodonStatus } from "../helpers/peers/mastodon.ts";
import { pleromaStatus } from "../helpers/peers/pleroma.ts";

let hub: HarnessInstance;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
let kofi: ReturnType<typeof apiClient>;
const KENYA = "https://hub.test/@kenya";
const INBOX = "https://hub.test/inbox";

beforeAll(async () => {
  [hub] = await startInstances(["hub"]);
  await setUp(hub, "kenya", "kofi");
  kofi = apiClient(hub.origin, await tokenFor(hub, "kofi"));
  mastodon = await startFakeMastodon();
  expect((await mastodon.deliver(INBOX, fixture("follow"))).status).toBe(202);
  await eventually(async () =>
    expect((await findFollow(hub.deps.db, MIRA, KENYA))?.state).toBe("accepted"),
  );
});
afterAll(() => stopAll());

/** The Question as the hub serves it to anyone who fetches it. */
const served = async (iri: string) =>
  (await (await fetch(iri, { headers: { accept: "application/activity+json" } })).json()) as Json;

/** The last Update of `iri` delivered to the Mastodon follower. */
const lastUpdate = (iri: string) =>
  eventually(() => {
    const found = mastodon.received.findLast(
      (a) => a.type === "Update" && (a.object as Json | undefined)?.id === iri,
    );
    expect(found).toBeDefined();
    return found as Json;
  });

const proposalInput = (endTime: string) => ({
  kind: "proposal" as const,
  title: { en: "Move the monthly call to Thursdays?" },
  details: { options: [{ en: "suya.." }, { en: "no" }], endTime },
});

describe("a proposal closed early", () => {
  it("is published closed at the moment it closed, and Mastodon, Hollo, Pleroma and GoToSocial all read it closed", async () => {
    const scheduled = new Date(Date.now() + 3_600_000);
    const created = await kofi(
      "POST",
      "/actors/kenya/posts",
      proposalInput(scheduled.toISOString()),
    );
    expect(created.status).toBe(201);
    const { iri, id } = created.json as { iri: string; id: string };

    // Open: the scheduled end, and no `closed` (GoToSocial takes any `closed` date as closed).
    const open = await served(iri);
    expect(new Date(String(open.endTime))).toEqual(scheduled);
    expect(open).not.toHaveProperty("closed");
    const openPoll = mastodonStatus(open)?.poll;
    expect(openPoll?.expiresAt).toEqual(scheduled);
    expect(openPoll && mastodonPollExpired(openPoll)).toBe(false);
    expect((await holloPost(open))?.poll?.expires).toEqual(scheduled);
    expect(goToSocialStatus(open)?.poll?.closedAt).toBeUndefined();

    const vote = fixture("vote", { [PLACEHOLDER_POST]: iri });
    expect((await mastodon.deliver(INBOX, vote)).status).toBe(202);
    const post = await seen(hub, iri);
    await eventually(async () =>
      expect(post && (await tallyVotes(hub.deps.db, post))).toEqual({ counts: [1, 0], voters: 1 }),
    );

    const before = new Date();
    expect((await kofi("POST", `/posts/${id}/close`)).status).toBe(200);
    const after = new Date();
    const closedAt = new Date(String((await served(iri)).closed));
    expect(closedAt >= new Date(before.getTime() - 1000) && closedAt <= after).toBe(true);

    for (const document of [await lastUpdate(iri), await served(iri)]) {
      const question = (document.object ?? document) as Json;
      expect(new Date(String(question.closed))).toEqual(closedAt);
      expect(new Date(String(question.endTime))).toEqual(closedAt);
      const poll = mastodonStatus(document)?.poll;
      expect(poll).toMatchObject({ expiresAt: closedAt, tallies: [1, 0], votersCount: 1 });
      expect(poll && mastodonPollExpired(poll)).toBe(true);
      const hollo = await holloPost(document);
      expect(hollo?.poll?.expires).toEqual(closedAt);
      expect(hollo?.poll?.options).toEqual([
        ["suya..", 1],
        ["no", 0],
      ]);
      expect(pleromaStatus(document)?.poll?.endsAt).toEqual(closedAt);
      expect(goToSocialStatus(document)?.poll).toEqual({ expiresAt: closedAt, closedAt });
    }
  });
});

describe("a proposal closed by the clock", () => {
  it("is published closed at its scheduled end, not when the sweeper came by", async () => {
    const scheduled = new Date(Date.now() + 1_500);
    const proposal = await as(hub, "kenya").publish(proposalInput(scheduled.toISOString()));
    const update = await lastUpdate(proposal.iri);
    const poll = mastodonStatus(update)?.poll;
    expect(poll?.expiresAt).toEqual(scheduled);
    expect(poll && mastodonPollExpired(poll)).toBe(true);
    expect((await holloPost(update))?.poll?.expires).toEqual(scheduled);
    expect((await seen(hub, proposal.iri))?.details).toMatchObject({
      closed: true,
      closedAt: scheduled.toISOString(),
    });
  });
});
