import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { serveHost, stopAll } from "./helpers/federation-harness.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const space = { origin: "https://hub.test", handle: "wmke", iri: "https://hub.test/@wmke" };

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  const write = (input: PostInput) => createLocalPost(hub.deps.db, space, PostInput.parse(input));
  await write({
    kind: "lesson",
    title: { en: "Run <edit-a-thons> & fix ]]> them" },
    content: { en: "Notes from **three** cities." },
    details: { kind: "lesson", lessonKind: "failure" },
  });
  await write({ content: { en: "Members only" }, visibility: "followers" });
  await write({
    kind: "event",
    title: { en: "Regional call" },
    content: { en: "Bring notes" },
    details: {
      kind: "event",
      startTime: "2027-01-15T11:00:00Z",
      endTime: "2027-01-15T13:00:00Z",
      timeZone: "Africa/Nairobi",
      onlineUrl: "https://meet.example.org/call",
    },
  });
});
afterAll(async () => {
  await stopAll();
  await hub.close();
});

/** The `<entry>` elements of an Atom document, each as its text. */
const entries = (xml: string) => xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];

describe("feeds", () => {
  it("a space's Atom feed is a well-formed feed of its public posts, escaped", async () => {
    const response = await hub.request("/@wmke/feed.atom");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await response.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    expect(xml).toContain('<link rel="self" href="https://hub.test/@wmke/feed.atom"/>');
    const found = entries(xml);
    expect(found).toHaveLength(2);
    for (const entry of found) {
      expect(entry).toMatch(/<id>https:\/\/hub\.test\/@wmke\/posts\/[\w-]+<\/id>/);
      expect(entry).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
      expect(entry).toMatch(/<title type="html"><!\[CDATA\[.+\]\]><\/title>/);
    }
    // Plain-text titles are escaped as HTML; a CDATA terminator inside cannot end the section.
    expect(xml).toContain("Run &lt;edit-a-thons&gt; &amp; fix ]]&gt; them");
    expect(xml).toContain("<strong>three</strong>");
    expect(xml).not.toContain("Members only");
  });

  it("a feed of one kind holds only that kind, for the space and for the instance", async () => {
    const lessons = entries(await (await hub.request("/@wmke/lessons.atom")).text());
    expect(lessons).toHaveLength(1);
    expect(lessons[0]).toContain("edit-a-thons");
    const events = entries(await (await hub.request("/events.atom")).text());
    expect(events).toHaveLength(1);
    expect(events[0]).toContain("Regional call");
    expect((await hub.request("/nothing.atom")).status).toBe(404);
  });

  it("pages announce their feeds, and the instance's events come as one calendar", async () => {
    const home = await (await hub.request("/", { headers: { accept: "text/html" } })).text();
    expect(home).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(home).toContain('href="/feed.atom"');
    expect(home).toContain('type="text/calendar"');
    expect(home).toContain("Regional call");
    const profile = await (
      await hub.request("/@wmke", { headers: { accept: "text/html" } })
    ).text();
    expect(profile).toContain('href="/@wmke/feed.atom"');
    expect(profile).toContain('href="/@wmke/lessons.atom"');
    const library = await (
      await hub.request("/lessons", { headers: { accept: "text/html" } })
    ).text();
    expect(library).toContain('href="/lessons.atom"');
    const ics = await hub.request("/events.ics");
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    const calendar = await ics.text();
    expect(calendar).toContain("BEGIN:VCALENDAR");
    expect(calendar).toContain("SUMMARY:Regional call");
    expect(calendar).toContain("DTSTART:20270115T110000Z");
  });
});

describe("following a space from another server", () => {
  it("shows the handle to copy, and sends the visitor to their own server's follow page", async () => {
    await serveHost("mastodon.test", (request) => {
      const url = new URL(request.url);
      if (url.pathname !== "/.well-known/webfinger") return new Response("", { status: 404 });
      return Response.json({
        subject: url.searchParams.get("resource"),
        links: [
          {
            rel: "http://ostatus.org/schema/1.0/subscribe",
            template: "https://mastodon.test/authorize_interaction?uri={uri}",
          },
        ],
      });
    });
    const visitor = new FormClient(hub);
    const profile = await (await visitor.get("/@wmke")).text();
    expect(profile).toMatch(/<input id="follow-handle"[^>]*readonly[^>]*value="@wmke@hub\.test"/);
    const answer = await visitor.submit("/@wmke", "/@wmke/remote-follow", {
      account: "@zoe@mastodon.test",
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(
      'href="https://mastodon.test/authorize_interaction?uri=wmke%40hub.test"',
    );
    const bad = await visitor.submit("/@wmke", "/@wmke/remote-follow", { account: "zoe" });
    expect(bad.status).toBe(400);
  });
});
