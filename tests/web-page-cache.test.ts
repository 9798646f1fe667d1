import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentCache } from "../federation/document-cache.ts";
import { createFederationFor } from "../federation/federation.ts";
import { createApp } from "../server/app.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { recordReaction, removeReaction } from "../server/reactions/reactions.ts";
import { PageCache } from "../web/page-cache.ts";
import { FormClient } from "./helpers/browser.ts";
import { eventually } from "./helpers/federation-harness.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let cached: TestInstance;
let pages: PageCache;
const stop = new AbortController();
const wmke = { origin: "https://hub.test", handle: "wmke", iri: "https://hub.test/@wmke" };

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  // As a running instance has them: both caches, following the same change notices.
  const documents = new DocumentCache(hub.origin);
  pages = new PageCache(hub.origin);
  documents.follow(pages);
  await documents.listen(hub.deps.sql, stop.signal);
  const app = createApp(hub.deps, createFederationFor(hub.deps), documents, pages);
  cached = {
    ...hub,
    app,
    request: async (path, init) => app.request(new URL(path, hub.origin).href, init),
  };
});
afterAll(async () => {
  stop.abort();
  await hub.close();
});

const publish = (content: string, visibility: "public" | "followers" = "public") =>
  createLocalPost(hub.deps.db, wmke, PostInput.parse({ content: { en: content }, visibility }));
const tokenOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];
/** A page with its reader's CSRF token blanked out, to compare what two readers were shown. */
const shared = (html: string) => html.replaceAll(/name="_csrf" value="[^"]+"/g, "");

describe("pages for anonymous readers come from the page cache", () => {
  it("serves a space's page again unchanged, and shows a new post right after it is published", async () => {
    await publish("Edit-a-thon on Saturday");
    const reader = new FormClient(cached);
    const first = await eventually(async () => {
      const html = await (await reader.get("/@wmke")).text();
      expect(html).toContain("Edit-a-thon on Saturday");
      return html;
    });
    expect(await (await reader.get("/@wmke")).text()).toBe(first);
    expect(pages.size).toBeGreaterThan(0);

    await publish("Photo walk moved to Sunday");
    await eventually(async () =>
      expect(await (await reader.get("/@wmke")).text()).toContain("Photo walk moved to Sunday"),
    );
  });

  it("shows each reader the page in their own language", async () => {
    const french = await (
      await new FormClient(cached).get("/@wmke", { "accept-language": "fr" })
    ).text();
    const english = await (
      await new FormClient(cached).get("/@wmke", { "accept-language": "en" })
    ).text();
    expect(french).toContain('<html lang="fr"');
    expect(english).toContain('<html lang="en"');
    expect(shared(french)).not.toBe(shared(english));
    // The language menu's cookie wins over the browser, cached or not.
    const chooser = new FormClient(cached);
    expect((await chooser.submit("/@wmke", "/language", { lang: "es" })).status).toBe(303);
    expect(await (await chooser.get("/@wmke", { "accept-language": "fr" })).text()).toContain(
      '<html lang="es"',
    );
  });

  it("never hands one reader's CSRF token to another, and each reader's forms work", async () => {
    const one = new FormClient(cached);
    const two = new FormClient(cached);
    const pageOne = await (await one.get("/directory")).text();
    const pageTwo = await (await two.get("/directory")).text();
    expect(shared(pageOne)).toBe(shared(pageTwo));
    const [tokenOne, tokenTwo] = [tokenOf(pageOne), tokenOf(pageTwo)];
    expect(tokenOne).toBeDefined();
    expect(tokenOne).not.toBe(tokenTwo);
    expect(pageOne).not.toContain(pages.placeholder);
    // Each token is the one its own browser's cookie calls for: the forms of a cached page post.
    expect((await one.post("/language", { _csrf: tokenOne ?? "", lang: "fr" })).status).toBe(303);
    expect((await two.post("/language", { _csrf: tokenOne ?? "", lang: "fr" })).status).toBe(403);
    expect((await two.post("/language", { _csrf: tokenTwo ?? "", lang: "fr" })).status).toBe(303);
  });

  it("gives each of several readers arriving at once, while the page is built, their own token", async () => {
    const readers = Array.from({ length: 5 }, () => new FormClient(cached));
    const seen = await Promise.all(readers.map(async (r) => (await r.get("/lessons")).text()));
    expect(new Set(seen.map(shared)).size).toBe(1);
    expect(new Set(seen.map(tokenOf)).size).toBe(5);
    for (const [i, reader] of readers.entries())
      expect(
        (await reader.post("/language", { _csrf: tokenOf(seen[i] ?? "") ?? "", lang: "fr" }))
          .status,
      ).toBe(303);
  });

  it("never serves a signed-in reader from the cache, nor a followers-only post to anyone else", async () => {
    await publish("Board minutes: members only", "followers");
    await publish("Open meeting on Thursday");
    const stranger = new FormClient(cached);
    await eventually(async () =>
      expect(await (await stranger.get("/@wmke")).text()).toContain("Open meeting on Thursday"),
    );
    const ana = new FormClient(cached);
    expect(
      (await ana.submit("/login", "/login", { login: "ana", password: "correct horse battery" }))
        .status,
    ).toBe(303);
    const own = await (await ana.get("/@wmke")).text();
    // Her page: the space's write form.
    expect(own).toContain('id="write-heading"');
    const again = await (await stranger.get("/@wmke")).text();
    expect(again).not.toContain("Board minutes");
    expect(again).not.toContain('id="write-heading"');
    expect(tokenOf(again)).not.toBe(tokenOf(own));
  });

  it("keeps a post's page and drops it when the post changes", async () => {
    const post = await publish("Wikidata workshop notes");
    const path = new URL(post.iri).pathname;
    const reader = new FormClient(cached);
    const first = await (await reader.get(path)).text();
    expect(first).toContain("Wikidata workshop notes");
    expect(await (await reader.get(path)).text()).toBe(first);
    await createLocalPost(
      hub.deps.db,
      wmke,
      PostInput.parse({ content: { en: "Slides are up" }, inReplyToIri: post.iri }),
    );
    await eventually(async () =>
      expect(await (await reader.get(path)).text()).toContain("Slides are up"),
    );
  });
  it("shows a like on the post's page and its space's page as soon as it is counted, and its undoing", async () => {
    const post = await publish("Translation sprint results");
    const path = new URL(post.iri).pathname;
    const reader = new FormClient(cached);
    for (const page of [path, "/@wmke"])
      expect(await (await reader.get(page)).text()).not.toContain("1 like");
    const fan = "https://remote.test/users/fan";
    await recordReaction(hub.deps.db, {
      kind: "like",
      activityIri: "https://remote.test/likes/1",
      actorIri: fan,
      postIri: post.iri,
    });
    for (const page of [path, "/@wmke"])
      await eventually(async () =>
        expect(await (await reader.get(page)).text()).toContain("1 like"),
      );
    await removeReaction(hub.deps.db, "like", fan, { postIri: post.iri });
    await eventually(async () =>
      expect(await (await reader.get(path)).text()).not.toContain("1 like"),
    );
  });
});
