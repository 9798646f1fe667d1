import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Post } from "../../db/schema.ts";
import { rsvpCounts } from "../../server/events/rsvps.ts";
import { createPerson, NewPersonInput } from "../../server/people/people.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { castVote, closeProposal, tallyVotes } from "../../server/proposals/votes.ts";
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
const hub = () => as(alpha, "alpha_hub");
const PEOPLE = ["p1", "p2", "p3", "p4", "p5"];
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

async function addPeople(instance: HarnessInstance) {
  for (const handle of PEOPLE) {
    const input = { handle, email: `${handle}@${instance.host}`, password: "a long password" };
    const result = await createPerson(instance.deps.db, NewPersonInput.parse(input));
    if (!result.ok) throw new Error(result.reason);
  }
}

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  await Promise.all([addPeople(beta), addPeople(gamma)]);
  await as(beta, "kenya").follow("@alpha_hub@alpha.test");
  await as(gamma, "gamma_hub").follow("@alpha_hub@alpha.test");
  await eventually(async () => {
    expect(await as(beta, "kenya").followState(hub().iri)).toBe("accepted");
    expect(await as(gamma, "gamma_hub").followState(hub().iri)).toBe("accepted");
  });
});
afterAll(() => stopAll());

/** Once a post has reached both other instances. */
async function reachedAll(post: Post) {
  await eventually(async () => {
    expect(await seen(beta, post.iri)).toBeDefined();
    expect(await seen(gamma, post.iri)).toBeDefined();
  });
}

describe("answers arriving at the same moment are all counted", () => {
  it("ten votes and ten RSVPs from two instances at once, while the organizer edits", async () => {
    const proposal = await hub().publish({
      kind: "proposal",
      title: { en: "Adopt the charter?" },
      details: {
        choice: "single",
        options: [{ en: "Yes" }, { en: "No" }],
        endTime: inADay(),
        votingMode: "person",
      },
    });
    const event = await hub().publish({
      kind: "event",
      title: { en: "Hub assembly" },
      details: {
        startTime: inADay(),
        endTime: inADay(),
        timeZone: "UTC",
        onlineUrl: "https://meet.example.org/assembly",
      },
    });
    await reachedAll(proposal);
    await reachedAll(event);

    const voters = [beta, gamma].flatMap((instance) => PEOPLE.map((p) => as(instance, p)));
    const results = await Promise.all([
      ...voters.map((voter, i) => voter.vote(proposal.iri, [i % 2])),
      ...voters.map((voter) => voter.rsvp(event.iri, "going")),
      // The organizer renames the event in the middle of it all.
      hub().edit(event, {
        kind: "event",
        title: { en: "Hub assembly (room 2)" },
        details: {
          startTime: inADay(),
          endTime: inADay(),
          timeZone: "UTC",
          onlineUrl: "https://meet.example.org/assembly",
        },
      }),
    ]);
    for (const result of results.slice(0, 20)) expect(result).toMatchObject({ ok: true });

    await eventually(async () => {
      const stored = await findPostByIri(alpha.deps.db, proposal.iri);
      expect(await tallyVotes(alpha.deps.db, stored as Post)).toEqual({
        counts: [5, 5],
        voters: 10,
      });
      expect(await rsvpCounts(alpha.deps.db, event.iri)).toEqual({
        going: 10,
        maybe: 0,
        notGoing: 0,
      });
      const organized = await findPostByIri(alpha.deps.db, event.iri);
      expect(organized?.title).toEqual({ en: "Hub assembly (room 2)" });
      expect(organized?.details).toMatchObject({ participantCount: 10 });
    });
  });

  it("closing while votes arrive counts exactly the votes it accepted", async () => {
    const proposal = await hub().publish({
      kind: "proposal",
      title: { en: "Meet in June?" },
      details: {
        choice: "multiple",
        options: [{ en: "Yes" }, { en: "No" }, { en: "Later" }],
        endTime: inADay(),
        votingMode: "person",
      },
    });
    const db = alpha.deps.db;
    const ballots = Array.from({ length: 12 }, (_, i) => ({
      iri: `https://remote.test/users/v${i}`,
      isSpace: false,
    }));
    const [closed, ...votes] = await Promise.all([
      (async () => {
        // Let some of the votes go first.
        await castVote(db, proposal, ballots[0] as (typeof ballots)[0], [0]);
        return closeProposal(db, proposal);
      })(),
      ...ballots.slice(1).map((voter) => castVote(db, proposal, voter, [1, 2])),
    ]);
    const accepted = votes.filter((v) => v.ok).length + 1;
    const d = closed?.details;
    expect(d?.kind === "proposal" && d.closed).toBe(true);
    expect(d?.kind === "proposal" && d.voters).toBe(accepted);
    expect(d?.kind === "proposal" && d.counts).toEqual([1, accepted - 1, accepted - 1]);
    for (const refused of votes.filter((v) => !v.ok))
      expect(refused).toEqual({ ok: false, reason: "closed" });
  });

  it("options of one multiple-choice vote sent separately at once all join it", async () => {
    const proposal = await hub().publish({
      kind: "proposal",
      title: { en: "Which months?" },
      details: {
        choice: "multiple",
        options: [{ en: "May" }, { en: "June" }, { en: "July" }, { en: "August" }],
        endTime: inADay(),
        votingMode: "person",
      },
    });
    const voter = { iri: "https://mastodon.test/users/mira", isSpace: false };
    // As Mastodon sends them: one Note per option, each with its own id.
    const results = await Promise.all(
      [0, 1, 2, 3].map((option) =>
        castVote(alpha.deps.db, proposal, voter, [option], `https://mastodon.test/votes/${option}`),
      ),
    );
    for (const result of results) expect(result.ok).toBe(true);
    expect(await tallyVotes(alpha.deps.db, proposal)).toEqual({ counts: [1, 1, 1, 1], voters: 1 });
  });
});
