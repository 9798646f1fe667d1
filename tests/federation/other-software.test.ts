/**
 * What other fediverse software sends, captured from each project's own test data or from
 * Lemmy's captures of real traffic (tests/fixtures/<software>/README.md), delivered signed to a
 * real Hubnet instance: each is shown sensibly, or refused with a warning that says why; none
 * gets a 5xx.
 */
import { configure, type LogRecord, reset } from "@logtape/logtape";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf } from "../../server/events/rsvps.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { captured, startFakeServer } from "../helpers/fake-server.ts";
import {
  eventually,
  type HarnessInstance,
  settled,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import type { Json } from "../helpers/peers/json.ts";

let hub: HarnessInstance;
const INBOX = "https://hub.test/inbox";
const kenya = () => as(hub, "kenya");
const LITEPUB = captured("pleroma/litepub-0.1.jsonld");
// What Lemmy puts on everything it sends (crates/utils/src/lib.rs, FEDERATION_CONTEXT).
const LEMMY_CONTEXT = {
  "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
};

/** Hubnet's warnings, to check that a refusal says why. */
const warnings: LogRecord[] = [];

beforeAll(async () => {
  await configure({
    reset: true,
    sinks: { memory: (record) => warnings.push(record) },
    loggers: [
      { category: "hubnet", lowestLevel: "warning", sinks: ["memory"] },
      { category: ["logtape", "meta"], lowestLevel: "fatal", sinks: [] },
    ],
  });
  [hub] = await startInstances(["hub"]);
  await setUp(hub, "kenya", "kofi");
});
afterAll(async () => {
  await stopAll();
  await reset();
});

/** Follows `iri` from kenya and waits for the (fake) server's Accept. */
async function followFromKenya(iri: string) {
  expect((await kenya().follow(iri)).ok).toBe(true);
  await eventually(async () => expect(await kenya().followState(iri)).toBe("accepted"));
}

const stored = (iri: string) =>
  eventually(async () => {
    const post = await seen(hub, iri);
    expect(post).toBeDefined();
    return post as NonNullable<typeof post>;
  });

describe("posts from other software", () => {
  it("GoToSocial: a Note with an interaction policy, its summary a content warning", async () => {
    const create = captured("gotosocial/create-note.json");
    const zork = String(create.actor);
    const gts = await startFakeServer("gts.test", [
      { iri: zork, template: captured("gotosocial/person.json") },
    ]);
    await followFromKenya(zork);
    expect((await gts.deliver(INBOX, create, zork)).status).toBe(202);
    const post = await stored(String((create.object as Json).id));
    expect(post).toMatchObject({
      kind: "note",
      defaultLanguage: "en",
      contentHtml: { en: "<p>hello everyone!</p>" },
      summary: { en: "introduction post" },
      sensitive: true,
    });
  });

  it("Misskey: a quote with _misskey_content reads as its HTML, the quoted link included", async () => {
    const note = captured("misskey/quote.json");
    const author = String(note.attributedTo);
    const misskey = await startFakeServer("misskey.io", [
      { iri: author, template: captured("misskey/person.json") },
    ]);
    await followFromKenya(author);
    // Misskey wraps a note in a Create with the note's own addressing (ApRendererService).
    const create = {
      "@context": note["@context"],
      id: `${note.id}/activity`,
      type: "Create",
      actor: author,
      published: note.published,
      to: note.to,
      cc: note.cc,
      object: { ...note, "@context": undefined },
    };
    expect((await misskey.deliver(INBOX, create, author)).status).toBe(202);
    const post = await stored(String(note.id));
    expect(post.kind).toBe("note");
    expect(post.contentHtml.und).toContain("i quompt u");
    expect(post.contentHtml.und).toContain(
      "https://example.com/objects/30c543fb-a165-40dd-87fd-4e249ec5a40b",
    );
  });

  it("Pleroma: a Note is kept; a ChatMessage is refused with a warning", async () => {
    const create = captured("pleroma/create-note.json");
    const nutomic = String(create.actor);
    const pleroma = await startFakeServer(
      "greenish.red",
      [{ iri: nutomic, template: captured("pleroma/person.json") }],
      { "https://greenish.red/schemas/litepub-0.1.jsonld": LITEPUB },
    );
    await followFromKenya(nutomic);
    expect((await pleroma.deliver(INBOX, create, nutomic)).status).toBe(202);
    const post = await stored(String((create.object as Json).id));
    expect(post).toMatchObject({
      kind: "note",
      inReplyToIri: "https://enterprise.lemmy.ml/post/55143",
    });

    const raymoo = "https://2hu.gensokyo/users/raymoo";
    const chat = await startFakeServer(
      "2hu.gensokyo",
      [{ iri: raymoo, template: captured("pleroma/person.json") }],
      { "https://2hu.gensokyo/schemas/litepub-0.1.jsonld": LITEPUB },
    );
    const message = {
      // Pleroma's litepub context names ChatMessage; the captured test payload has no context.
      "@context": [
        "https://www.w3.org/ns/activitystreams",
        { litepub: "http://litepub.social/ns#", ChatMessage: "litepub:ChatMessage" },
      ],
      ...captured("pleroma/create-chat-message.json", {
        "https://2hu.gensokyo/users/marisa": "https://hub.test/@kofi",
      }),
    };
    expect((await chat.deliver(INBOX, message, raymoo)).status).toBe(202);
    await settled(hub);
    expect(await seen(hub, "https://2hu.gensokyo/objects/2")).toBeUndefined();
    expect(warnings.map((w) => w.properties)).toContainEqual({
      id: "https://2hu.gensokyo/objects/1",
      type: "ChatMessage",
    });
  });

  it("Friendica: a Note answering a Lemmy post", async () => {
    const create = captured("friendica/create-note.json");
    const jakob = String(create.actor);
    const friendica = await startFakeServer("soc.schuerz.at", [
      { iri: jakob, template: captured("friendica/person.json") },
    ]);
    await followFromKenya(jakob);
    expect((await friendica.deliver(INBOX, create, jakob)).status).toBe(202);
    const post = await stored(String((create.object as Json).id));
    expect(post).toMatchObject({
      kind: "note",
      url: "https://soc.schuerz.at/display/4edd2508-4361-edb8-c4d8-b45181083984",
    });
  });

  it("PeerTube: a channel announces a Video, kept as a link to where it plays", async () => {
    const announce = captured("peertube/announce-video.json");
    const video = captured("peertube/video.json");
    const channel = String(announce.actor);
    const peertube = await startFakeServer(
      "tilvids.com",
      [
        { iri: channel, template: captured("peertube/group.json") },
        {
          iri: "https://tilvids.com/accounts/thelinuxexperiment",
          template: captured("peertube/person.json"),
        },
      ],
      { [String(video.id)]: video },
    );
    await followFromKenya(channel);
    expect((await peertube.deliver(INBOX, announce, channel)).status).toBe(202);
    const post = await stored(String(video.id));
    expect(post.kind).toBe("article");
    expect(post.title?.und).toContain("Mesa, Wayland");
    expect(post.authorIri).toBe("https://tilvids.com/accounts/thelinuxexperiment");
    expect(post.contentHtml.und).toMatch(
      /^<p><a href="https:\/\/tilvids\.com\/videos\/watch\/e7946124[^"]*"[^>]*>/,
    );
    expect(post.contentHtml.und).toContain("Support the channel");
  });

  it("Lemmy: a community announces the Create of a Page (FEP-1b12); the Page is kept", async () => {
    const announce: Json = { ...LEMMY_CONTEXT, ...captured("lemmy/announce-create-page.json") };
    const community = String(announce.actor);
    const lemmy = await startFakeServer("enterprise.lemmy.ml", [
      { iri: community, template: { ...LEMMY_CONTEXT, ...captured("lemmy/group.json") } },
      {
        iri: "https://enterprise.lemmy.ml/u/picard",
        template: { ...LEMMY_CONTEXT, ...captured("lemmy/person.json") },
      },
    ]);
    await followFromKenya(community);
    expect((await lemmy.deliver(INBOX, announce, community)).status).toBe(202);
    const post = await stored("https://enterprise.lemmy.ml/post/55143");
    expect(post).toMatchObject({
      kind: "article",
      title: { und: "post 4" },
      authorIri: "https://enterprise.lemmy.ml/u/picard",
    });
  });
});

describe("events and groups from Mobilizon", () => {
  it("an Event, a group's Event with its time zone, and a Join of a Hubnet event", async () => {
    const create = captured("mobilizon/create-event.json");
    const metacartes = String(create.actor);
    const event = captured("mobilizon/event.json");
    const group = String(event.attributedTo);
    const mobilizon = await startFakeServer(
      "mobilizon.fr",
      [{ iri: metacartes, template: captured("mobilizon/person.json") }],
      { "https://litepub.social/litepub/context.jsonld": LITEPUB },
    );
    await startFakeServer("litepub.social", [], {
      "https://litepub.social/litepub/context.jsonld": LITEPUB,
    });
    const rendezvous = await startFakeServer("rendezvous.nomagic.uk", [
      { iri: group, template: captured("mobilizon/group.json") },
    ]);
    await followFromKenya(metacartes);
    await followFromKenya(group);

    expect((await mobilizon.deliver(INBOX, create, metacartes)).status).toBe(202);
    const first = await stored(String((create.object as Json).id));
    expect(first).toMatchObject({ kind: "event", title: { und: "My first event" } });
    expect(first.details).toMatchObject({
      startTime: "2018-02-12T14:08:20.000Z",
      place: { name: "Locaux de Framasoft" },
    });

    // The group's event, delivered by the group it is attributed to.
    const fromGroup = {
      "@context": event["@context"],
      id: `${event.id}/activity`,
      type: "Create",
      actor: group,
      to: event.to,
      cc: event.cc,
      object: { ...event, "@context": undefined },
    };
    expect((await rendezvous.deliver(INBOX, fromGroup, group)).status).toBe(202);
    const dance = await stored(String(event.id));
    expect(dance).toMatchObject({
      kind: "event",
      title: { und: "Caledonian scottish dance class" },
    });
    expect(dance.details).toMatchObject({
      startTime: "2022-12-11T19:00:00.000Z",
      endTime: "2022-12-11T21:00:00.000Z",
      timeZone: "Europe/London",
      place: { name: "The Kenn Centre" },
    });
    expect(dance.details).not.toHaveProperty("capacity");

    const local = await kenya().publish({
      kind: "event",
      title: { en: "Wikidata workshop" },
      details: {
        startTime: "2027-05-01T09:00:00Z",
        endTime: "2027-05-01T12:00:00Z",
        onlineUrl: "https://meet.example.org/wikidata",
      },
    });
    const admin = "https://mobilizon2.test/@admin";
    const mobilizon2 = await startFakeServer("mobilizon2.test", [
      { iri: admin, template: captured("mobilizon/person.json") },
    ]);
    const join = captured("mobilizon/join.json", {
      "https://mobilizon.test/events/some-uuid": local.iri,
    });
    expect((await mobilizon2.deliver(INBOX, join, admin)).status).toBe(202);
    await eventually(async () =>
      expect((await answerOf(hub.deps.db, local.iri, admin))?.status).toBe("going"),
    );
    await eventually(() =>
      expect(
        mobilizon2.received.some(
          (a) => a.type === "Accept" && (a.object as Json | undefined)?.id === join.id,
        ),
      ).toBe(true),
    );
  });
});
