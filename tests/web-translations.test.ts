import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostById } from "../server/posts/posts.ts";
import { findSpaceByHandle, updateSpace } from "../server/spaces/spaces.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;

const textOf = async (response: Response) => (await response.text()).replace(/\s+/g, " ");

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  const space = await findSpaceByHandle(hub.deps.db, "wmke");
  if (space == null) throw new Error("no space");
  await updateSpace(hub.deps.db, space, { languages: ["en", "fr", "sw"] });
  ana = new FormClient(hub);
  await ana.submit("/login", "/login", { login: "ana", password: "correct horse battery" });
});
afterAll(() => hub.close());

describe("writing in any number of languages", () => {
  it("names the space's languages still missing, and adds a translation's fields on request", async () => {
    const form = await textOf(await ana.get("/compose?kind=lesson&as=wmke"));
    expect(form).toContain("Not yet in: French and Swahili.");
    const added = await ana.submit("/compose?kind=lesson&as=wmke", "/posts", {
      kind: "lesson",
      as: "wmke",
      language: "en",
      title: "Saturday sessions work",
      addLanguage: "fr",
    });
    // Adding a language publishes nothing: the form comes back with the French fields.
    expect(added.status).toBe(200);
    const page = (await added.text()).replace(/\s+/g, " ");
    expect(page).toContain('name="title@fr"');
    expect(page).toContain('name="context@fr"');
    expect(page).toContain('value="Saturday sessions work"');
    expect(page).toContain("Not yet in: Swahili.");
    const other = await ana.submit("/compose?kind=lesson&as=wmke", "/posts", {
      kind: "lesson",
      as: "wmke",
      language: "en",
      translations: "fr",
      addLanguage: "new",
      newLanguage: "pt-br",
    });
    expect(await other.text()).toContain('name="translations" value="fr,pt-BR"');
    const bad = await ana.submit("/compose?kind=lesson&as=wmke", "/posts", {
      kind: "lesson",
      as: "wmke",
      language: "en",
      addLanguage: "new",
      newLanguage: "not a language!",
    });
    expect(await bad.text()).toContain('name="translations" value=""');
  });

  it("publishes a lesson in three languages, each read in its own, and edits add a fourth", async () => {
    const published = await ana.submit("/compose?kind=lesson&as=wmke", "/posts", {
      kind: "lesson",
      as: "wmke",
      language: "en",
      translations: "fr,sw",
      title: "Saturday sessions work",
      "title@fr": "Les sessions du samedi marchent",
      "title@sw": "Vipindi vya Jumamosi vinafanya kazi",
      context: "Exams on weekdays",
      "context@fr": "Examens en semaine",
      lessonKind: "best-practice",
      visibility: "public",
    });
    expect(published.status).toBe(303);
    const path = published.headers.get("location") ?? "";
    const post = await findPostById(hub.deps.db, path.split("/").pop() ?? "");
    expect(post?.title).toEqual({
      en: "Saturday sessions work",
      fr: "Les sessions du samedi marchent",
      sw: "Vipindi vya Jumamosi vinafanya kazi",
    });
    expect(await textOf(await ana.get(path, { "accept-language": "sw" }))).toContain(
      "Vipindi vya Jumamosi",
    );
    const edit = await textOf(await ana.get(`${path}/edit`));
    expect(edit).toContain('value="Les sessions du samedi marchent"');
    expect(edit).toContain('name="translations" value="fr,sw"');
    const saved = await ana.submit(`${path}/edit`, `${path}/edit`, {
      as: "wmke",
      language: "en",
      translations: "fr,sw,es",
      title: "Saturday sessions work",
      "title@fr": "Les sessions du samedi marchent",
      "title@sw": "Vipindi vya Jumamosi vinafanya kazi",
      "title@es": "Las sesiones del sábado funcionan",
      context: "Exams on weekdays",
      "context@fr": "Examens en semaine",
      lessonKind: "best-practice",
    });
    expect(saved.status).toBe(303);
    const spanish = await textOf(await ana.get(path, { "accept-language": "es" }));
    expect(spanish).toContain("Las sesiones del sábado funcionan");
    expect((await findPostById(hub.deps.db, post?.id ?? ""))?.details).toMatchObject({
      context: { en: "Exams on weekdays", fr: "Examens en semaine" },
    });
  });

  it("a note takes translations too", async () => {
    const published = await ana.submit("/home", "/posts", {
      as: "ana",
      language: "en",
      translations: "fr",
      content: "Good morning",
      "content@fr": "Bonjour",
      visibility: "public",
    });
    const path = published.headers.get("location") ?? "";
    expect(await textOf(await ana.get(path, { "accept-language": "fr" }))).toContain("Bonjour");
    // A reply's page shows the post it answers above it, and lists link back to it.
    const reply = await ana.submit(
      `/reply?iri=${encodeURIComponent(hub.origin + path)}`,
      "/posts",
      {
        as: "wmke",
        language: "en",
        content: "Good morning to you",
        inReplyTo: hub.origin + path,
        visibility: "public",
      },
    );
    const replyPage = await textOf(await ana.get(reply.headers.get("location") ?? ""));
    expect(replyPage).toMatch(
      /<h2 id="parent-heading"[^>]*>In reply to<\/h2>.*Good morning<\/p>.*Good morning to you/,
    );
    expect(await textOf(await ana.get("/@wmke"))).toContain(
      `href="${path}" class="muted">In reply to`,
    );
  });
});

describe("an event's time zone", () => {
  it("is a choice of zones, and a wrong one is refused on its own field, not on the dates", async () => {
    const form = await textOf(await ana.get("/compose?kind=event&as=wmke"));
    expect(form).toMatch(/<select id="timeZone" name="timeZone"[^>]*>/);
    expect(form).toContain('<option value="Africa/Nairobi">Africa/Nairobi</option>');
    const wrong = await ana.submit("/compose?kind=event&as=wmke", "/posts", {
      kind: "event",
      as: "wmke",
      language: "en",
      title: "Regional call",
      startTime: "2027-01-15T14:00",
      endTime: "2027-01-15T16:00",
      timeZone: "Mars/Olympus",
      onlineUrl: "https://meet.example.org/call",
      visibility: "public",
    });
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toMatch(/id="timeZone-note" class="error"/);
    expect(page).not.toMatch(/id="startTime-note" class="error"/);
    expect(page).not.toMatch(/id="endTime-note" class="error"/);
    // What was typed stays, the wrong zone included, to be corrected.
    expect(page).toContain('<option value="Mars/Olympus">Mars/Olympus</option>');
  });
});
