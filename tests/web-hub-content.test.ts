import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostById } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  ana = new FormClient(hub);
  expect(
    (await ana.submit("/login", "/login", { login: "ana", password: "correct horse battery" }))
      .status,
  ).toBe(303);
});
afterAll(() => hub.close());

/** Writes one kind through its form as the space, and follows the redirect to its page. */
async function write(kind: string, fields: Record<string, string>) {
  const response = await ana.submit(`/compose?kind=${kind}`, "/posts", {
    kind,
    as: "wmke",
    language: "en",
    visibility: "public",
    ...fields,
  });
  expect(response.status, await response.clone().text()).toBe(303);
  const path = response.headers.get("location") ?? "";
  const post = await findPostById(hub.deps.db, path.split("/").pop() ?? "");
  if (post == null) throw new Error(`nothing stored at ${path}`);
  return { path, post };
}

const textOf = async (response: Response) => (await response.text()).replace(/\s+/g, " ");

describe("writing hub content in the web UI", () => {
  let lessonPath: string;

  it("a lesson in two languages reads in each, and says so when it falls back", async () => {
    const { path, post } = await write("lesson", {
      translations: "fr",
      title: "Weekday edit-a-thons failed",
      "title@fr": "Les edit-a-thons en semaine ont échoué",
      content: "Notes from **three** cities.",
      "content@fr": "Notes de **trois** villes.",
      lessonKind: "failure",
      context: "Exams",
      "context@fr": "Examens",
      themes: "outreach, Events",
      regions: "ng-la",
    });
    lessonPath = path;
    expect(post.details).toMatchObject({
      kind: "lesson",
      lessonKind: "failure",
      context: { en: "Exams", fr: "Examens" },
      themes: ["outreach", "events"],
      regions: ["NG-LA"],
    });
    const french = await textOf(await ana.get(path, { "accept-language": "fr-FR,fr;q=0.9" }));
    expect(french).toContain("Les edit-a-thons en semaine ont échoué");
    expect(french).toContain("<strong>trois</strong>");
    expect(french).toContain("Examens");
    expect(french).not.toContain("Not available in your language");
    const english = await textOf(await ana.get(path, { "accept-language": "en" }));
    expect(english).toContain("Weekday edit-a-thons failed");
    // Regions read as names, not codes (a subdivision keeps its code beside its country).
    expect(english).toContain("Nigeria (NG-LA)");
    const german = await textOf(await ana.get(path, { "accept-language": "de" }));
    expect(german).toContain("Not available in your language; shown in English");
    expect(german).toContain("Weekday edit-a-thons failed");
  });

  it("the lessons library filters by kind, theme, region and language", async () => {
    await write("lesson", {
      title: "Saturday sessions work",
      lessonKind: "best-practice",
      themes: "events",
      regions: "KE",
    });
    const titles = async (query: string) => {
      const page = await textOf(await ana.get(`/lessons?${query}`));
      return ["Weekday edit-a-thons failed", "Saturday sessions work"].filter((t) =>
        page.includes(t),
      );
    };
    expect(await titles("")).toHaveLength(2);
    expect(await titles("kind=failure")).toEqual(["Weekday edit-a-thons failed"]);
    expect(await titles("theme=events")).toHaveLength(2);
    expect(await titles("theme=outreach")).toEqual(["Weekday edit-a-thons failed"]);
    expect(await titles("region=NG")).toEqual(["Weekday edit-a-thons failed"]);
    expect(await titles("language=fr")).toEqual(["Weekday edit-a-thons failed"]);
    expect(lessonPath).toMatch(/^\/@wmke\/posts\//);
  });

  it("an event is written in its own time zone, answered, and offered as a calendar file", async () => {
    const { path, post } = await write("event", {
      title: "Regional call",
      startTime: "2027-01-15T14:00",
      endTime: "2027-01-15T16:00",
      timeZone: "Africa/Nairobi",
      onlineUrl: "https://meet.example.org/call",
      capacity: "20",
    });
    expect(post.details).toMatchObject({
      startTime: "2027-01-15T11:00:00.000Z",
      endTime: "2027-01-15T13:00:00.000Z",
      timeZone: "Africa/Nairobi",
    });
    // In the event's own zone, formatted as the reader's variant of English writes dates.
    const page = await textOf(await ana.get(path, { "accept-language": "en-GB" }));
    expect(page).toContain("15 Jan 2027, 14:00–16:00");
    expect(page).toContain("0 going of 20");
    expect(page).toContain(`href="${path}/event.ics"`);
    expect(
      (await ana.submit(path, "/rsvp", { iri: post.iri, status: "going", as: "ana" })).status,
    ).toBe(303);
    const after = await textOf(await ana.get(path));
    expect(after).toContain("1 going of 20");
    expect(after).toContain("Your answer: going");
    expect(await textOf(await ana.get("/events"))).toContain("Regional call");
  });

  it("refuses an event that ends before it starts, saying why beside the field", async () => {
    const response = await ana.submit("/compose?kind=event", "/posts", {
      kind: "event",
      as: "wmke",
      language: "en",
      title: "Backwards",
      startTime: "2027-01-15T16:00",
      endTime: "2027-01-15T14:00",
      timeZone: "Africa/Nairobi",
      placeName: "Hub office",
    });
    expect(response.status).toBe(400);
    const page = await textOf(response);
    expect(page).toContain("ends before it starts");
    expect(page).toContain('value="Backwards"');
  });

  it("a proposal is voted once per person, and closing publishes the result", async () => {
    const { path, post } = await write("proposal", {
      title: "Meet monthly?",
      options: "Yes\nNo",
      choice: "single",
      votingMode: "person",
      endTime: "2030-01-01T12:00",
      timeZone: "UTC",
    });
    expect(
      (await ana.submit(path, "/votes", { iri: post.iri, as: "ana", choice: "0" })).status,
    ).toBe(303);
    const page = await textOf(await ana.get(path));
    expect(page).toContain("1 (100%) · your vote");
    const again = await ana.submit(path, "/votes", { iri: post.iri, as: "ana", choice: "1" });
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain("@ana has already voted");
    expect((await ana.submit(path, `${path}/settle`, {})).status).toBe(303);
    expect(await textOf(await ana.get(path))).toContain("closed");
    expect((await findPostById(hub.deps.db, post.id))?.details).toMatchObject({
      closed: true,
      counts: [1, 0],
      voters: 1,
    });
  });

  it("where spaces vote, the ballot is cast as a space the reader administers", async () => {
    const { path, post } = await write("proposal", {
      title: "Adopt the charter?",
      options: "Yes\nNo",
      choice: "single",
      votingMode: "space",
      endTime: "2030-01-01T12:00",
      timeZone: "UTC",
    });
    const page = await textOf(await ana.get(path));
    const ballot = page.slice(page.indexOf('action="/votes"'));
    expect(ballot).toContain('name="as" value="wmke"');
    expect(ballot.slice(0, ballot.indexOf("</form>"))).not.toContain('value="ana"');
    expect(
      (await ana.submit(path, "/votes", { iri: post.iri, as: "wmke", choice: "1" })).status,
    ).toBe(303);
    const refused = await ana.submit(path, "/votes", { iri: post.iri, as: "ana", choice: "0" });
    expect(refused.status).toBe(403);
    expect(await textOf(refused)).toContain("Spaces vote on this proposal");
  });

  it("an offer lists the needs it could serve, and is marked matched with a response", async () => {
    const offer = await write("offer", {
      title: "Laptops to lend",
      category: "equipment",
      regions: "KE",
      capacity: "10",
    });
    await write("need", { title: "Laptops for a workshop", category: "equipment", regions: "KE" });
    // A need of the same space is not a match for its own offer; another space's is.
    expect(await textOf(await ana.get(offer.path))).toContain("0 needs this could serve");
    const reply = await ana.submit("/home", "/posts", {
      as: "ana",
      content: "Could we borrow four?",
      language: "en",
      inReplyTo: offer.post.iri,
    });
    expect(reply.status).toBe(303);
    const replyId = reply.headers.get("location")?.split("/").pop() ?? "";
    const response = await findPostById(hub.deps.db, replyId);
    const page = await textOf(await ana.get(offer.path));
    expect(page).toContain("1 response");
    expect(page).toContain("Mark matched with this response");
    expect(
      (
        await ana.submit(offer.path, `${offer.path}/settle`, {
          status: "matched",
          response: response?.iri ?? "",
        })
      ).status,
    ).toBe(303);
    expect(await textOf(await ana.get(offer.path))).toContain("Matched");
    expect(await textOf(await ana.get("/resources?all=1&category=equipment"))).toContain(
      "Laptops to lend",
    );
  });
});
