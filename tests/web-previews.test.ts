import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spaces } from "../db/schema.ts";
import { findPersonByHandle, updateProfile } from "../server/people/people.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
});
afterAll(() => hub.close());

const wmke = { origin: "https://hub.test", handle: "wmke", iri: "https://hub.test/@wmke" };

async function publish(input: Parameters<typeof PostInput.parse>[0]) {
  const post = await createLocalPost(hub.deps.db, wmke, PostInput.parse(input));
  return { post, path: new URL(post.iri).pathname };
}

const page = async (path: string, headers: Record<string, string> = {}) =>
  (await (await new FormClient(hub).get(path, headers)).text()).replace(/\s+/g, " ");

/** The content of `<meta property|name="key">`, or undefined. */
const meta = (html: string, key: string) =>
  html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"/>`))?.[1];

describe("link previews", () => {
  it("a titled post is previewed by its title, summary, author and language, and links its object", async () => {
    const { post, path } = await publish({
      kind: "article",
      title: { en: "Run the edit-a-thon on a weekday" },
      summary: { en: "What three cities learned" },
      content: { en: "Long text about **edit-a-thons**." },
    });
    const html = await page(path);
    expect(html).toContain("<title>Run the edit-a-thon on a weekday · Hubnet at hub.test</title>");
    expect(meta(html, "og:title")).toBe("Run the edit-a-thon on a weekday");
    expect(meta(html, "og:description")).toBe("What three cities learned");
    expect(meta(html, "og:type")).toBe("article");
    expect(meta(html, "og:url")).toBe(post.iri);
    expect(meta(html, "og:site_name")).toBe("Hubnet at hub.test");
    expect(meta(html, "og:locale")).toBe("en");
    expect(meta(html, "article:author")).toBe("https://hub.test/@wmke");
    expect(meta(html, "twitter:card")).toBe("summary");
    expect(html).toContain(
      `<link rel="alternate" type="application/activity+json" href="${post.iri}"/>`,
    );
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain(
      '<h1 class="title" lang="en" dir="auto">Run the edit-a-thon on a weekday</h1>',
    );

    // The alternate is the object itself, for a fediverse app given the page's address.
    const object = await hub.request(path, { headers: { accept: "application/activity+json" } });
    expect(object.status).toBe(200);
    expect((await object.json()).id).toBe(post.iri);
  });

  it("an untitled post is previewed by its first line and text; behind a warning, only the warning", async () => {
    const { path } = await publish({
      content: { fr: "Réunion jeudi\n\nOrdre du jour & lieu à confirmer." },
      defaultLanguage: "fr",
    });
    const html = await page(path);
    expect(html).toContain("<title>Réunion jeudi · Hubnet at hub.test</title>");
    expect(meta(html, "og:description")).toBe(
      "Réunion jeudi Ordre du jour &amp; lieu à confirmer.",
    );
    expect(meta(html, "og:locale")).toBe("fr");
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);

    const warned = await publish({ content: { en: "The budget numbers" }, summary: "Finances" });
    const hidden = await page(warned.path);
    expect(meta(hidden, "og:title")).toBe("Finances");
    expect(meta(hidden, "og:description")).toBeUndefined();
    expect(hidden.slice(0, hidden.indexOf("</head>"))).not.toContain("budget numbers");
  });

  it("a space's page is previewed as a profile with its logo", async () => {
    await hub.deps.db
      .update(spaces)
      .set({ iconUrl: "https://hub.test/logo.png", summary: { en: "Kenya's chapter" } })
      .where(eq(spaces.handle, "wmke"));
    const html = await page("/@wmke");
    expect(meta(html, "og:type")).toBe("profile");
    expect(meta(html, "og:title")).toBe("Wikimedia Kenya");
    expect(meta(html, "og:description")).toBe("Kenya&#39;s chapter");
    expect(meta(html, "og:image")).toBe("https://hub.test/logo.png");
    expect(html).toContain(
      '<link rel="alternate" type="application/activity+json" href="https://hub.test/@wmke"/>',
    );
    // Every page has a preview, at least its title and the site's name.
    expect(meta(await page("/events"), "og:site_name")).toBe("Hubnet at hub.test");
  });
});

describe("event times on pages", () => {
  let lagos: string;
  beforeAll(async () => {
    ({ path: lagos } = await publish({
      kind: "event",
      title: { en: "Lagos meetup" },
      details: {
        startTime: "2027-01-15T13:00:00Z",
        endTime: "2027-01-15T15:00:00Z",
        timeZone: "Africa/Lagos",
        place: { name: "Yaba" },
      },
    }));
  });

  it("reads in the event's own zone, with UTC beside it when that differs", async () => {
    const html = await page(lagos, { "accept-language": "en-GB" });
    expect(html).toContain("15 Jan 2027, 14:00–16:00 West Africa Time (Lagos)");
    expect(html).toContain("In UTC: 15 Jan 2027, 13:00–15:00");
    const french = await page(lagos, { "accept-language": "fr" });
    expect(french).toContain("15 janv. 2027, 14:00 – 16:00 heure d’Afrique de l’Ouest (Lagos)");
    const { path: utc } = await publish({
      kind: "event",
      title: { en: "Global call" },
      details: {
        startTime: "2027-01-15T13:00:00Z",
        endTime: "2027-01-15T14:00:00Z",
        timeZone: "UTC",
        onlineUrl: "https://meet.example.org/x",
      },
    });
    const global = await page(utc, { "accept-language": "en-GB" });
    expect(global).toContain("15 Jan 2027, 13:00–14:00 UTC");
    expect(global).not.toContain("data-other-zone");
  });

  it("and in the reader's own zone when they chose one that differs", async () => {
    const ana = new FormClient(hub);
    await ana.submit("/login", "/login", { login: "ana", password: "correct horse battery" });
    const saved = await ana.submit("/settings/preferences", "/settings/preferences", {
      lang: "en",
      timeZone: "Asia/Kolkata",
    });
    expect(saved.status).toBe(303);
    const html = (await (await ana.get(lagos, { "accept-language": "en-GB" })).text()).replace(
      /\s+/g,
      " ",
    );
    expect(html).toContain("Your time: 15 Jan 2027, 18:30–20:30 India Standard Time (Kolkata)");
    expect(html).not.toContain("In UTC");

    const person = await findPersonByHandle(hub.deps.db, "ana");
    if (person == null) throw new Error("no ana");
    await updateProfile(hub.deps.db, person, { timeZone: "Africa/Lagos" });
    const same = await (await ana.get(lagos)).text();
    expect(same).not.toContain("data-other-zone");

    const refused = await ana.submit("/settings/preferences", "/settings/preferences", {
      lang: "en",
      timeZone: "Mars/Olympus",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("is not a time zone such as Africa/Nairobi");
  });
});
