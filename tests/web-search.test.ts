import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localActorIri } from "../server/actors/local-iris.ts";
import { syncLocalSpaces } from "../server/directory/local-spaces.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;

async function publish(input: PostInput) {
  const author = { origin: hub.origin, handle: "wmke", iri: localActorIri(hub.origin, "wmke") };
  return createLocalPost(hub.deps.db, author, PostInput.parse(input));
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  // The directory reads this instance's spaces in the background; here, at once.
  await syncLocalSpaces(hub.deps.db, hub.origin);
  await publish({
    kind: "lesson",
    defaultLanguage: "es",
    title: { es: "Talleres en bibliotecas públicas", en: "Workshops in public libraries" },
    content: { es: "Cómo los organizamos.", en: "How we ran them." },
    details: { lessonKind: "best-practice", regions: ["MX"] },
  });
  await publish({ content: { en: "Wikipedia workshop for the library staff" } });
  await publish({ content: { en: "Staff only: the library keys" }, visibility: "followers" });
  for (let i = 0; i < 22; i++) await publish({ content: { en: `Photo walk number ${i}` } });
});
afterAll(() => hub.close());

const page = async (path: string, language = "en") => {
  const response = await new FormClient(hub).get(path, { "accept-language": language });
  return { status: response.status, html: await response.text() };
};

describe("the search page", () => {
  it("is one form away from every page, and asks for words or filters", async () => {
    const home = await page("/");
    expect(home.html).toMatch(/<search><form method="get" action="\/search"/);
    const empty = await page("/search");
    expect(empty.status).toBe(200);
    expect(empty.html.match(/<h1/g)).toHaveLength(1);
    expect(empty.html).toContain("Type some words, choose filters, or both.");
    for (const field of ["q", "kind", "space", "language", "region", "theme"])
      expect(empty.html).toContain(`<label for="search-${field}">`);
  });

  it("shows each post found in the reader's language, and says when it cannot", async () => {
    const english = await page("/search?q=bibliotecas", "en");
    expect(english.html).toContain("Results for “bibliotecas”");
    expect(english.html).toContain("Workshops in public libraries");
    const spanish = await page("/search?q=bibliotecas", "es");
    expect(spanish.html).toContain("Resultados para «bibliotecas»");
    expect(spanish.html).toContain("Talleres en bibliotecas públicas");
    const russian = await page("/search?q=bibliotecas", "ru");
    expect(russian.html).toContain("Talleres en bibliotecas públicas");
    expect(russian.html).toMatch(/class="fallback"[^>]*>[^<]*испанский/);
  });

  it("finds what anyone may see only, narrowed by the filters chosen", async () => {
    const found = await page("/search?q=library");
    expect(found.html).toContain("Wikipedia workshop for the library staff");
    expect(found.html).not.toContain("the library keys");
    const lessons = await page("/search?q=library&kind=lesson&region=mx");
    expect(lessons.html).toContain("Workshops in public libraries");
    expect(lessons.html).not.toContain("Wikipedia workshop");
    expect(lessons.html).toMatch(/<option value="MX" selected="">Mexico<\/option>/);
  });

  it("pages through many results with a link", async () => {
    const first = await page("/search?q=photo");
    expect(first.html.match(/Photo walk number/g)).toHaveLength(20);
    const more = first.html.match(/href="(\/search\?[^"]*before=[^"]+)"/)?.[1];
    expect(more).toBeDefined();
    const second = await page((more as string).replaceAll("&amp;", "&"));
    expect(second.html.match(/Photo walk number/g)).toHaveLength(2);
    expect(second.html).not.toContain("More results");
  });

  it("finds spaces, and links to them from the posts the same words find", async () => {
    const posts = await page("/search?q=kenya");
    expect(posts.html).toContain("1 space matches these words");
    const spaces = await page("/search?type=spaces&q=kenya");
    expect(spaces.html).toContain('href="https://hub.test/@wmke"');
    expect(spaces.html).toContain('<label for="search-focus">');
    expect(spaces.html).toMatch(/aria-current="page">Spaces/);
  });

  it("answers hostile input with a page that says what is wrong, never an error", async () => {
    expect((await page("/search?q=%00")).status).toBe(400);
    const long = await page(`/search?q=${"a".repeat(10_000)}`);
    expect(long.status).toBe(400);
    expect(long.html).toContain("Words: must be at most 200 characters");
    const bad = await page("/search?region=Atlantis&kind=poem");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Region: must be an ISO 3166 code");
    const script = await page(`/search?q=${encodeURIComponent('<script>alert(1)</script> "x')}`);
    expect(script.status).toBe(200);
    expect(script.html).not.toContain("<script>alert");
    expect(script.html).toContain("Nothing found.");
  });
});
