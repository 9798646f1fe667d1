/**
 * Each kind of hub content as Mastodon, Misskey, Pleroma/Akkoma, Hollo and GoToSocial read it
 * (tests/helpers/peers/ ports their code), both as an inbox receives it (inside a Create) and as
 * a fetch gets it (the object served at its IRI). The ports are checked first against payloads
 * from each project's own tests (tests/fixtures/<software>/README.md).
 */
import { readFileSync } from "node:fs";
import { Object as APObject, Create, Event, Question } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { describe, expect, it } from "vitest";
import type { Post } from "../../db/schema.ts";
import { readExtension } from "../../federation/mappers/hubnet-context.ts";
import { isPostObject, type PostObject, toPostObject } from "../../federation/mappers/post.ts";
import { fromPostObject, type ResolvedParts } from "../../federation/mappers/post-draft.ts";
import { goToSocialStatus } from "../helpers/peers/gotosocial.ts";
import { holloPost } from "../helpers/peers/hollo.ts";
import { type Json, visibleText } from "../helpers/peers/json.ts";
import { mastodonStatus } from "../helpers/peers/mastodon.ts";
import { misskeyNote } from "../helpers/peers/misskey.ts";
import { pleromaStatus } from "../helpers/peers/pleroma.ts";
import { ROOT } from "../helpers/spawn.ts";

const captured = (path: string): Json =>
  JSON.parse(readFileSync(`${ROOT}/tests/fixtures/${path}`, "utf8"));

describe("the ports read each project's own payloads as that project does", () => {
  it("Mastodon: a poll ends at endTime; the language is contentMap's first key", () => {
    const status = mastodonStatus(captured("mastodon/question.json"));
    expect(status).toMatchObject({ converted: false, language: "en" });
    expect(status?.poll).toMatchObject({
      expiresAt: new Date("2019-05-11T09:03:36Z"),
      multiple: false,
      options: [
        "Dunno",
        "Everyone knows that!",
        "25 char limit is dumb",
        "I can't even fit a funny",
      ],
    });
  });

  it("Hollo: Mastodon's own posts come without a language (plain content first)", async () => {
    const post = await holloPost(captured("mastodon/create-reply.json"));
    expect(post).toMatchObject({ type: "Note", language: null });
  });

  it("Misskey: the text is the MFM source; a quote is not the text", () => {
    expect(misskeyNote(captured("misskey/quote.json"))).toMatchObject({
      text: "i quompt u",
      cw: null,
    });
  });

  it("Pleroma: a Pleroma note's empty summary is no content warning", () => {
    const status = pleromaStatus(captured("pleroma/create-note.json"));
    expect(status?.spoilerText).toBe("");
    expect(status?.content).toContain("lemmy");
  });

  it("GoToSocial: its summary is the content warning, the language matched in contentMap", () => {
    expect(goToSocialStatus(captured("gotosocial/create-note.json"))).toMatchObject({
      type: "Note",
      contentWarning: "introduction post",
      language: "en",
      content: "<p>hello everyone!</p>",
    });
  });
});

const AUTHOR = "https://hub.test/@kenya";
const post = (kind: Post["kind"], fields: Partial<Post>): Post => ({
  id: "0192f0a0-0000-7000-8000-000000000001",
  iri: `${AUTHOR}/posts/${kind}`,
  authorIri: AUTHOR,
  isLocal: true,
  kind,
  defaultLanguage: "en",
  title: null,
  contentHtml: { en: "<p>Body.</p>", fr: "<p>Corps.</p>" },
  source: null,
  summary: null,
  details: null,
  sensitive: false,
  visibility: "public",
  inReplyToIri: null,
  contextIri: null,
  audienceIri: null,
  url: null,
  mentions: [],
  hashtags: [],
  publishedAt: new Date("2026-11-20T10:00:00Z"),
  updatedAt: null,
  ...fields,
});
const TITLE = { en: "Host the summit in Lagos", fr: "Accueillir le sommet à Lagos" };
const ABSTRACT = { en: "What it would take", fr: "Ce qu'il faudrait" };

const KINDS: Record<string, Post> = {
  note: post("note", { summary: { en: "election talk" }, sensitive: true }),
  article: post("article", { title: TITLE, summary: ABSTRACT }),
  lesson: post("lesson", {
    title: TITLE,
    summary: ABSTRACT,
    details: {
      kind: "lesson",
      lessonKind: "failure",
      context: { en: "Exams" },
      whatHappened: { en: "Few came" },
      outcome: { en: "Saturdays" },
      recommendations: { en: "Check calendars" },
      themes: ["outreach"],
      regions: ["NG-LA"],
    },
  }),
  offer: post("offer", {
    title: TITLE,
    details: {
      kind: "offer",
      category: "venue",
      languages: ["en"],
      regions: ["NG-LA"],
      online: false,
      capacity: 200,
      status: "open",
    },
  }),
  need: post("need", {
    title: TITLE,
    summary: ABSTRACT,
    details: {
      kind: "need",
      category: "funding",
      languages: [],
      regions: [],
      online: true,
      status: "open",
    },
  }),
  event: post("event", {
    title: TITLE,
    details: {
      kind: "event",
      startTime: "2027-01-15T13:00:00.000Z",
      endTime: "2027-01-15T15:00:00.000Z",
      timeZone: "Africa/Lagos",
      place: { name: "Hub office" },
    },
  }),
  proposal: post("proposal", {
    title: TITLE,
    summary: ABSTRACT,
    details: {
      kind: "proposal",
      choice: "single",
      options: [{ en: "Yes" }, { en: "No" }],
      endTime: "2027-01-01T00:00:00.000Z",
      votingMode: "space",
      closed: false,
      counts: [0, 0],
      voters: 0,
    },
  }),
};

const ctx = { canonicalOrigin: "https://hub.test" } as never;
const FOLLOWERS = new URL(`${AUTHOR}/followers`);

/** The post as a fetch gets it, and as an inbox gets it inside a Create. */
async function onTheWire(row: Post): Promise<{ served: Json; delivered: Json }> {
  const object = toPostObject(row, ctx, FOLLOWERS);
  const create = new Create({ id: new URL(`${row.iri}#create`), actor: new URL(AUTHOR), object });
  return {
    served: (await object.toJsonLd()) as Json,
    delivered: (await create.toJsonLd({ format: "compact" })) as Json,
  };
}

describe("what a follower on another server sees of each kind", () => {
  for (const [kind, row] of Object.entries(KINDS)) {
    const cw = kind === "note" ? "election talk" : undefined;
    const title = row.title?.en;

    it(`a ${kind}: shown everywhere (an event but on Hollo), with its title and no stray content warning`, async () => {
      const wire = await onTheWire(row);
      for (const document of [wire.served, wire.delivered]) {
        const mastodon = mastodonStatus(document);
        expect(mastodon?.spoilerText).toBe(cw ?? "");
        expect(mastodon?.language).toBe("en");
        if (title) expect(visibleText(mastodon?.text ?? "")).toContain(title);

        const misskey = misskeyNote(document);
        expect(misskey?.cw).toBe(cw ?? null);
        if (title) expect(misskey?.text).toMatch(new RegExp(`^${title}\\n`));

        const pleroma = pleromaStatus(document);
        expect(pleroma?.spoilerText).toBe(cw ?? "");
        if (title) expect(visibleText(pleroma?.content ?? "")).toContain(title);

        const gts = goToSocialStatus(document);
        // GoToSocial shows an event's `name` (which Mobilizon needs) as its content warning.
        expect(gts?.contentWarning).toBe(cw ?? (kind === "event" ? title : ""));
        expect(gts?.language).toBe("en");
        if (title) expect(visibleText(gts?.content ?? "")).toContain(title);

        const hollo = await holloPost(document);
        if (kind === "event") expect(hollo).toBeUndefined();
        else {
          expect(hollo?.summary).toBe(cw);
          if (title) expect(visibleText(hollo?.contentHtml ?? "")).toMatch(new RegExp(`^${title}`));
        }
      }
    });
  }

  it("the abstract of an article, lesson or need is read, but never as a content warning", async () => {
    for (const kind of ["article", "lesson", "need", "proposal"]) {
      const { delivered } = await onTheWire(KINDS[kind] as Post);
      expect(delivered.object).not.toHaveProperty("summary");
      expect(visibleText(misskeyNote(delivered)?.text ?? "")).toContain("What it would take");
      expect(visibleText((await holloPost(delivered))?.contentHtml ?? "")).toContain(
        "What it would take",
      );
    }
  });

  it("offers and needs read as posts with their facts and a link to the page", async () => {
    const { delivered } = await onTheWire(KINDS.offer as Post);
    const mastodon = mastodonStatus(delivered);
    expect(mastodon?.converted).toBe(false);
    expect(visibleText(mastodon?.text ?? "")).toContain(
      "Offer: venue · languages en · regions NG-LA · capacity 200 · status open",
    );
    expect(mastodon?.text).toContain(`href="${AUTHOR}/posts/offer"`);
    expect((await holloPost(delivered))?.type).toBe("Note");
    expect(pleromaStatus(delivered)).toBeDefined();
  });

  it("an event gives its times in its own time zone, in each reader's language", async () => {
    const { delivered, served } = await onTheWire(KINDS.event as Post);
    const object = delivered.object as Json;
    expect(object.type).toBe("Event");
    expect(object.name).toBe(TITLE.en);
    expect((object.contentMap as Record<string, string>).en).toContain(
      "Fri, 15 Jan 2027, 14:00–16:00 (Africa/Lagos)",
    );
    // French separates the range with narrow spaces.
    expect((object.contentMap as Record<string, string>).fr).toMatch(
      /ven\. 15 janv\. 2027, 14:00\s–\s16:00 \(Africa\/Lagos\)/,
    );
    // Mastodon converts an Event: its title and a link.
    expect(mastodonStatus(served)).toMatchObject({
      converted: true,
      text: `<h2>${TITLE.en}</h2>\n\n${AUTHOR}/posts/event`,
    });
  });

  it("the language reaches Mastodon's reading (contentMap) and Hollo's (a tagged content)", async () => {
    const swahili = post("article", {
      defaultLanguage: "sw",
      title: { sw: "Mkutano wa kitovu", en: "Hub meeting" },
      contentHtml: { en: "<p>Body.</p>", sw: "<p>Mwili.</p>" },
    });
    const { served, delivered } = await onTheWire(swahili);
    for (const document of [served, delivered]) {
      // The default language first, though PostgreSQL's jsonb keeps "en" before "sw".
      expect(mastodonStatus(document)?.language).toBe("sw");
      expect(goToSocialStatus(document)?.language).toBe("sw");
    }
    expect(await holloPost(served)).toMatchObject({ language: "sw" });
    // Inside an activity Fedify compacts a tagged content into contentMap, so Hollo, which takes
    // the language only from a tagged `content`, reads none (as for Mastodon's own posts).
    expect(await holloPost(delivered)).toMatchObject({ language: null });
  });
});

describe("another Hubnet instance", () => {
  it("reads every field back from the document served at the post's IRI", async () => {
    const loader = getDocumentLoader();
    for (const row of Object.values(KINDS)) {
      const { served } = await onTheWire(row);
      const object = await APObject.fromJsonLd(served);
      if (!isPostObject(object)) throw new Error(`${row.kind} is not read as a post`);
      const ext = await readExtension(served, row.iri, loader);
      const author = { iri: AUTHOR, followersIri: FOLLOWERS.href };
      const draft = fromPostObject(object, await resolvedParts(object), author, ext);
      expect(draft).toMatchObject({
        kind: row.kind,
        defaultLanguage: "en",
        title: row.title,
        summary: row.summary,
        contentHtml: row.contentHtml,
        details: row.details,
      });
    }
  });
});

/** What remote-post.ts dereferences, here from the embedded parts. */
async function resolvedParts(object: PostObject): Promise<ResolvedParts> {
  const tags = await Array.fromAsync(object.getTags());
  if (object instanceof Event)
    return { tags, placeName: (await object.getLocation())?.name?.toString() };
  if (!(object instanceof Question)) return { tags };
  const options = await Array.fromAsync(object.getExclusiveOptions());
  return {
    tags,
    poll: {
      choice: "single",
      options: await Promise.all(
        options.map(async (o) => ({
          names: o.names,
          count: (await o.getReplies())?.totalItems ?? 0,
        })),
      ),
    },
  };
}
