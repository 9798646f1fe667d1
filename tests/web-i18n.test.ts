import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPersonByHandle, updateProfile } from "../server/people/people.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ownerId: string;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  ownerId = (await setUpInstance(hub)).owner.id;
});
afterAll(() => hub.close());

const htmlOf = (response: Response) => response.text();

async function signedIn(headers: Record<string, string> = {}) {
  const ana = new FormClient(hub);
  const page = await ana.get("/login", headers);
  const token = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
  const login = { _csrf: token, login: "ana", password: "correct horse battery" };
  expect((await ana.post("/login", login, headers)).status).toBe(303);
  return ana;
}

describe("the interface language", () => {
  it("pages differ by language, so no cache shares one across readers", async () => {
    const response = await new FormClient(hub).get("/lessons");
    expect(response.headers.get("vary")).toMatch(/Accept-Language, Cookie/);
    const missing = await new FormClient(hub).get("/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("vary")).toMatch(/Accept-Language/);
  });

  it("the menu remembers the choice in a cookie and returns only to a page of this site", async () => {
    const reader = new FormClient(hub);
    const chosen = await reader.submit("/lessons", "/language", { lang: "en", back: "/events" });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get("location")).toBe("/events");
    expect(reader.lastSetCookies.join("\n")).toMatch(/hubnet_lang=en;.*HttpOnly/);
    for (const back of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "events"]) {
      const answer = await reader.submit("/lessons", "/language", { lang: "en", back });
      expect(answer.headers.get("location"), back).toBe("/");
    }
    const unknown = await reader.submit("/lessons", "/language", { lang: "xx", back: "/" });
    expect(unknown.status).toBe(400);
    // Without the form's token, nothing changes.
    expect((await reader.post("/language", { lang: "en", back: "/" })).status).toBe(403);
  });

  it("every page offers the menu, as a form that works without JavaScript", async () => {
    const html = await htmlOf(await new FormClient(hub).get("/"));
    expect(html).toMatch(/<form method="post" action="\/language"[^>]*>.*name="_csrf"/s);
    expect(html).toMatch(/<select id="language-menu" name="lang">/);
    expect(html).toContain('<html lang="en" dir="ltr">');
  });

  it("follows the browser's Accept-Language, right to left for Arabic", async () => {
    const html = await htmlOf(await new FormClient(hub).get("/login", { "accept-language": "ar" }));
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("<h1>تسجيل الدخول</h1>");
    expect(html).toContain('<option value="ar" lang="ar" selected="">العربية</option>');
    const chinese = await htmlOf(
      await new FormClient(hub).get("/", { "accept-language": "zh-CN" }),
    );
    expect(chinese).toContain('<html lang="zh-Hans" dir="ltr">');
  });

  it("the menu's choice overrides the browser's language", async () => {
    const reader = new FormClient(hub);
    await reader.submit("/login", "/language", { lang: "fr", back: "/login" });
    const html = await htmlOf(await reader.get("/login", { "accept-language": "ar" }));
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain("<h1>Connexion</h1>");
  });

  it("a signed-in person's language applies on any browser, and they can change it", async () => {
    const ana = await signedIn();
    const person = await findPersonByHandle(hub.deps.db, "ana");
    if (person == null) throw new Error("no ana");
    await updateProfile(hub.deps.db, person, { preferredLanguage: "ru" });
    const russian = await htmlOf(await ana.get("/home", { "accept-language": "en" }));
    expect(russian).toContain('<html lang="ru" dir="ltr">');
    expect(russian).toContain("Выйти");

    const elsewhere = await signedIn({ "accept-language": "en" });
    const saved = await elsewhere.submit("/settings/preferences", "/settings/preferences", {
      lang: "hi",
    });
    expect(saved.status).toBe(303);
    expect((await findPersonByHandle(hub.deps.db, "ana"))?.preferredLanguage).toBe("hi");
    const hindi = await htmlOf(await ana.get("/settings/preferences"));
    expect(hindi).toContain('<html lang="hi" dir="ltr">');
    expect(hindi).toMatch(/<option value="hi" selected="">हिन्दी<\/option>/);
    await updateProfile(hub.deps.db, person, { preferredLanguage: "en" });
  });

  it("says in the reader's language which language a post falls back to", async () => {
    const post = await createLocalPost(
      hub.deps.db,
      { origin: hub.origin, handle: "wmke", iri: "https://hub.test/@wmke" },
      PostInput.parse({ content: { en: "Only in English" } }),
    );
    const path = new URL(post.iri).pathname;
    const french = await htmlOf(await new FormClient(hub).get(path, { "accept-language": "fr" }));
    expect(french).toContain("Pas disponible dans votre langue\u202f; affiché en anglais.");
    expect(french).toContain("<h2>0 réponse</h2>");
    const arabic = await htmlOf(await new FormClient(hub).get(path, { "accept-language": "ar" }));
    expect(arabic).toContain("غير متاح بلغتك؛ معروض باللغة: الإنجليزية.");
  });
});

describe("API errors in the caller's language", () => {
  it("keep their code and field reasons for programs and word the message for people", async () => {
    const { secret } = await createToken(hub.deps.db, ownerId, { name: "t", scopes: ["write"] });
    const response = await hub.request("/api/v1/actors/wmke/posts", {
      method: "POST",
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        "accept-language": "es",
      },
      body: JSON.stringify({
        kind: "offer",
        content: { en: "x" },
        details: { category: "funding" },
      }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("Algunos campos no son válidos.");
    expect(error.details).toContainEqual({
      path: "title",
      reason: "title-in-default-language",
      message: "pon un título en el idioma predeterminado",
    });
    expect(response.headers.get("vary")).toMatch(/Accept-Language/);
    const missing = await hub.request("/api/v1/nothing", { headers: { "accept-language": "ru" } });
    expect(await missing.json()).toEqual({
      error: { code: "not_found", message: "По этому адресу ничего нет." },
    });
  });
});
