import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Post, votes } from "../../db/schema.ts";
import { answersTo, rsvpCounts } from "../../server/events/rsvps.ts";
import type { PostInput } from "../../server/posts/posts.ts";
import { tallyVotes } from "../../server/proposals/votes.ts";
import { matchesFor } from "../../server/resources/matching.ts";
import { foundSpace } from "../../server/spaces/founding.ts";
import { NewSpaceInput } from "../../server/spaces/spaces.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;

const hub = () => as(alpha, "alpha_hub");
const kenya = () => as(beta, "kenya");

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** One of each kind, in English and French. */
const KINDS: Record<string, PostInput> = {
  note: {
    kind: "note",
    content: { en: "Meet-up on **Friday** #wikiafrica", fr: "Rencontre **vendredi** #wikiafrica" },
  },
  article: {
    kind: "article",
    title: { en: "Hub charter adopted", fr: "Charte du hub adoptée" },
    summary: { en: "What changes for members", fr: "Ce qui change pour les membres" },
    content: {
      en: "## Agenda\n\n- vote\n- [charter](https://example.org/charter)",
      fr: "## Ordre du jour\n\n- vote\n- [charte](https://example.org/charte)",
    },
  },
  offer: {
    kind: "offer",
    title: { en: "French translators for your campaign", fr: "Traducteurs pour votre campagne" },
    content: { en: "Three volunteers, evenings.", fr: "Trois bénévoles, le soir." },
    details: {
      category: "translation",
      languages: ["en", "fr"],
      regions: ["KE", "SN"],
      online: true,
      availableFrom: "2026-12-01T00:00:00Z",
      availableUntil: "2027-03-31T00:00:00Z",
      capacity: 3,
    },
  },
  lesson: {
    kind: "lesson",
    title: { en: "Weekday edit-a-thons failed", fr: "Les edit-a-thons en semaine ont échoué" },
    summary: { en: "Turnout halved", fr: "La participation a baissé de moitié" },
    content: { en: "Notes from three cities.", fr: "Notes de trois villes." },
    details: {
      lessonKind: "failure",
      context: { en: "Students had exams", fr: "Les étudiants avaient des examens" },
      whatHappened: { en: "Few came", fr: "Peu sont venus" },
      outcome: { en: "We moved to Saturdays", fr: "Nous sommes passés au samedi" },
      recommendations: { en: "Check the school calendar", fr: "Vérifier le calendrier scolaire" },
      themes: ["outreach", "events"],
      regions: ["NG-LA"],
    },
  },
  event: {
    kind: "event",
    title: { en: "Regional hub call", fr: "Appel du hub régional" },
    content: { en: "Open to every affiliate.", fr: "Ouvert à tous les affiliés." },
    details: {
      startTime: "2027-01-15T14:00:00Z",
      endTime: "2027-01-15T16:00:00Z",
      timeZone: "Africa/Lagos",
      place: { name: "Hub office", address: "12 Marina, Lagos" },
      onlineUrl: "https://meet.example.org/hub-call",
      capacity: 2,
    },
  },
  proposal: {
    kind: "proposal",
    title: { en: "Host the 2027 summit in Nairobi?", fr: "Accueillir le sommet 2027 à Nairobi ?" },
    content: { en: "One vote per member space.", fr: "Une voix par espace membre." },
    details: {
      choice: "single",
      options: [
        { en: "Yes", fr: "Oui" },
        { en: "No", fr: "Non" },
      ],
      endTime: inAnHour(),
      votingMode: "space",
    },
  },
};

/** The fields another Hubnet instance must keep exactly as written. */
const carried = (post: Post | undefined) =>
  post && {
    kind: post.kind,
    defaultLanguage: post.defaultLanguage,
    title: post.title,
    summary: post.summary,
    contentHtml: post.contentHtml,
    details: post.details,
    hashtags: post.hashtags,
    visibility: post.visibility,
    sensitive: post.sensitive,
    publishedAt: post.publishedAt,
  };

const published: Record<string, Post> = {};

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  const lagos = await foundSpace(
    alpha.deps.db,
    NewSpaceInput.parse({ handle: "lagos", name: { en: "Lagos" } }),
    "ana",
  );
  if (!lagos.ok) throw new Error(lagos.reason);
  await kenya().follow("@alpha_hub@alpha.test");
  await as(gamma, "gamma_hub").follow("@alpha_hub@alpha.test");
  await hub().follow("@kenya@beta.test");
  await eventually(async () => {
    expect(await kenya().followState(hub().iri)).toBe("accepted");
    expect(await as(gamma, "gamma_hub").followState(hub().iri)).toBe("accepted");
    expect(await hub().followState(kenya().iri)).toBe("accepted");
  });
});
afterAll(() => stopAll());

describe("every kind of hub content travels between Hubnet instances whole", () => {
  for (const [kind, input] of Object.entries(KINDS)) {
    it(`a ${kind} in two languages reaches beta with every field unchanged`, async () => {
      const post = await hub().publish(input);
      published[kind] = post;
      expect(post.kind).toBe(kind);
      expect(Object.keys(post.contentHtml).sort()).toEqual(["en", "fr"]);
      const copy = await eventually(async () => {
        const found = await seen(beta, post.iri);
        expect(found).toBeDefined();
        return found;
      });
      expect(carried(copy)).toEqual(carried(post));
      expect(copy?.isLocal).toBe(false);
    });
  }

  it("names its own fields in a context document every instance serves", async () => {
    const lesson = published.lesson as Post;
    const object = await (
      await fetch(lesson.iri, { headers: { accept: "application/activity+json" } })
    ).json();
    expect(object).toMatchObject({
      type: "Article",
      hubnetKind: "lesson",
      lessonKind: "failure",
      themes: ["outreach", "events"],
      outcomeMap: { en: "We moved to Saturdays", fr: "Nous sommes passés au samedi" },
    });
    const served = await Promise.all(
      [alpha, beta].map(async (i) => (await fetch(`${i.origin}/ns/hubnet`)).json()),
    );
    expect(served[0]).toEqual(served[1]);
    expect(object["@context"]).toContainEqual(served[0]["@context"]);
    // Servers without the extension still read the facts in the content.
    expect(object.content).toContain("Failure");
    expect(object.content).toContain("We moved to Saturdays");
  });

  it("Markdown bodies arrive as sanitized HTML", async () => {
    const copy = await seen(beta, published.article?.iri ?? "");
    expect(copy?.contentHtml.en).toContain("<h2>Agenda</h2>");
    expect(copy?.contentHtml.fr).toContain('<a href="https://example.org/charte"');
    const note = await seen(beta, published.note?.iri ?? "");
    expect(note?.contentHtml.en).toContain("<strong>Friday</strong>");
    expect(note?.hashtags).toEqual(["wikiafrica"]);
  });

  it("an edit of each kind reaches beta", async () => {
    const lesson = published.lesson as Post;
    const edited = await hub().edit(lesson, {
      ...KINDS.lesson,
      kind: "lesson",
      title: { en: "Weekday edit-a-thons failed twice", fr: "Échec répété en semaine" },
      details: { ...(KINDS.lesson?.details as object), lessonKind: "lesson", themes: ["timing"] },
    });
    await eventually(async () => {
      const copy = await seen(beta, lesson.iri);
      expect(copy?.title).toEqual({
        en: "Weekday edit-a-thons failed twice",
        fr: "Échec répété en semaine",
      });
      expect(carried(copy)).toEqual(carried(edited));
    });
    const event = published.event as Post;
    const moved = await hub().edit(event, {
      ...KINDS.event,
      details: {
        ...(KINDS.event?.details as object),
        startTime: "2027-01-16T14:00:00Z",
        endTime: "2027-01-16T16:00:00Z",
      },
    });
    await eventually(async () =>
      expect((await seen(beta, event.iri))?.details).toEqual(moved.details),
    );
  });

  it("a deleted post disappears from beta", async () => {
    const doomed = await hub().publish({ ...KINDS.article, title: { en: "Draft, withdrawn" } });
    await eventually(async () => expect(await seen(beta, doomed.iri)).toBeDefined());
    await hub().remove(doomed);
    await eventually(async () => expect(await seen(beta, doomed.iri)).toBeUndefined());
  });
});

describe("offers and needs", () => {
  let need: Post;

  it("an offer on alpha and a need on beta find each other on both instances", async () => {
    need = await kenya().publish({
      kind: "need",
      title: { en: "Translators into French for our toolkit" },
      content: { en: "About 40 pages." },
      details: { category: "translation", languages: ["fr-FR"], regions: ["KE"], online: true },
    });
    const unrelated = await kenya().publish({
      kind: "need",
      title: { en: "A venue for 50 people" },
      details: { category: "venue", regions: ["KE"] },
    });
    const wrongLanguage = await kenya().publish({
      kind: "need",
      title: { en: "Swahili subtitles" },
      details: { category: "translation", languages: ["sw"], online: true },
    });
    const offer = published.offer as Post;
    await eventually(async () => {
      const found = await matchesFor(alpha.deps.db, offer);
      expect(found.map((m) => m.post.iri)).toEqual([need.iri]);
      expect(found[0]?.reasons).toEqual(
        expect.arrayContaining([
          { code: "language", language: "fr" },
          { code: "region", region: "KE" },
          { code: "online" },
        ]),
      );
    });
    const fromBeta = await matchesFor(beta.deps.db, need);
    expect(fromBeta.map((m) => m.post.iri)).toEqual([offer.iri]);
    expect((await matchesFor(beta.deps.db, unrelated)).length).toBe(0);
    expect((await matchesFor(beta.deps.db, wrongLanguage)).length).toBe(0);
  });

  it("a person on beta responds, the author marks the offer matched, and beta sees it", async () => {
    const offer = published.offer as Post;
    const response = await as(beta, "kofi").publish({
      content: { en: "@alpha_hub@alpha.test we would love two of them for our toolkit" },
      inReplyToIri: offer.iri,
      visibility: "direct",
    });
    await eventually(async () => expect(await seen(alpha, response.iri)).toBeDefined());
    const marked = await hub().markMatched(offer.iri, response.iri);
    expect(marked.ok).toBe(true);
    await eventually(async () => {
      const copy = await seen(beta, offer.iri);
      expect(copy?.details).toMatchObject({ status: "matched", matchedWithIri: response.iri });
    });
    // A matched offer no longer shows up as a match.
    expect((await matchesFor(beta.deps.db, need)).length).toBe(0);
  });
});

describe("events", () => {
  it("people on other instances answer; the organizer counts them and refuses when full", async () => {
    const event = published.event as Post;
    await eventually(async () => expect(await seen(gamma, event.iri)).toBeDefined());
    expect((await as(beta, "kofi").rsvp(event.iri, "going")).ok).toBe(true);
    expect((await as(gamma, "gita").rsvp(event.iri, "maybe")).ok).toBe(true);
    await eventually(async () =>
      expect(await rsvpCounts(alpha.deps.db, event.iri)).toEqual({
        going: 1,
        maybe: 1,
        notGoing: 0,
      }),
    );
    expect((await as(gamma, "gita").rsvp(event.iri, "going")).ok).toBe(true);
    await eventually(async () =>
      expect((await rsvpCounts(alpha.deps.db, event.iri)).going).toBe(2),
    );
    const answers = await answersTo(alpha.deps.db, event.iri);
    expect(answers.map((a) => a.actorIri).sort()).toEqual([
      "https://beta.test/@kofi",
      "https://gamma.test/@gita",
    ]);
    // Capacity 2: a third person is refused.
    expect(await as(alpha, "ana").rsvp(event.iri, "going")).toEqual({ ok: false, reason: "full" });
    // Leaving frees the place.
    await as(beta, "kofi").rsvp(event.iri, "not_going");
    await eventually(async () =>
      expect(await rsvpCounts(alpha.deps.db, event.iri)).toEqual({
        going: 1,
        maybe: 0,
        notGoing: 1,
      }),
    );
    expect((await as(alpha, "ana").rsvp(event.iri, "going")).ok).toBe(true);
    // Followers elsewhere see the organizer's count.
    await eventually(async () =>
      expect((await seen(beta, event.iri))?.details).toMatchObject({ participantCount: 2 }),
    );
  });

  it("serves an iCalendar file for the event and for the space", async () => {
    const event = published.event as Post;
    const one = await fetch(`${event.iri}/event.ics`);
    expect(one.headers.get("content-type")).toContain("text/calendar");
    const text = await one.text();
    expect(text).toContain("BEGIN:VEVENT");
    expect(text).toContain("DTSTART:20270116T140000Z");
    expect(text).toContain("SUMMARY:Regional hub call");
    expect(text).toContain("LOCATION:Hub office\\, 12 Marina\\, Lagos");
    const all = await (await fetch("https://alpha.test/@alpha_hub/events.ics")).text();
    // Long lines are folded (RFC 5545 §3.1): a line break and a space.
    expect(all.replaceAll("\r\n ", "")).toContain(`UID:${event.iri}`);
    expect(all.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });
});

describe("a proposal with one vote per member space", () => {
  it("spaces on three instances vote, a second vote is refused, and the result is published", async () => {
    const proposal = published.proposal as Post;
    await eventually(async () => expect(await seen(gamma, proposal.iri)).toBeDefined());
    // A person cannot vote where spaces vote.
    expect(await as(beta, "kofi").vote(proposal.iri, [0])).toEqual({
      ok: false,
      reason: "spaces-only",
    });
    expect((await kenya().vote(proposal.iri, [0], "kofi")).ok).toBe(true);
    expect((await as(gamma, "gamma_hub").vote(proposal.iri, [1], "gita")).ok).toBe(true);
    expect((await as(alpha, "lagos").vote(proposal.iri, [0], "ana")).ok).toBe(true);
    await eventually(async () =>
      expect(await tallyVotes(alpha.deps.db, proposal)).toEqual({ counts: [2, 1], voters: 3 }),
    );
    // Kenya's second vote is refused at home…
    expect(await kenya().vote(proposal.iri, [1], "kofi")).toEqual({
      ok: false,
      reason: "already-voted",
    });
    // …and by the proposal's own server, even when beta forgets it voted and sends it anyway.
    await beta.deps.db.delete(votes);
    expect((await kenya().vote(proposal.iri, [1], "kofi")).ok).toBe(true);
    await settled(beta);
    await settled(alpha);
    expect(await tallyVotes(alpha.deps.db, proposal)).toEqual({ counts: [2, 1], voters: 3 });

    expect(await hub().close(proposal.iri)).toBe(true);
    for (const instance of [beta, gamma])
      await eventually(async () =>
        expect((await seen(instance, proposal.iri))?.details).toMatchObject({
          closed: true,
          counts: [2, 1],
          voters: 3,
        }),
      );
    expect((await as(gamma, "gamma_hub").vote(proposal.iri, [0], "gita")).ok).toBe(false);
  });

  it("closes by itself when its time is up", async () => {
    const soon = await hub().publish({
      ...KINDS.proposal,
      details: {
        ...(KINDS.proposal?.details as object),
        endTime: new Date(Date.now() + 2_000).toISOString(),
        votingMode: "person",
      },
    });
    await eventually(
      async () => expect((await seen(beta, soon.iri))?.details).toMatchObject({ closed: true }),
      { timeout: 20_000 },
    );
  });
});
