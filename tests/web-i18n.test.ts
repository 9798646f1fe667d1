import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
});
afterAll(() => hub.close());

const htmlOf = (response: Response) => response.text();

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
});
