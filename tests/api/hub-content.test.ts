import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, tokenFor } from "../helpers/api-client.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let ana: ReturnType<typeof apiClient>;
let kofi: ReturnType<typeof apiClient>;

beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(alpha, "alpha_hub", "ana");
  await setUp(beta, "kenya", "kofi");
  ana = apiClient(alpha.origin, await tokenFor(alpha, "ana"));
  kofi = apiClient(beta.origin, await tokenFor(beta, "kofi"));
  await as(beta, "kenya").follow("@alpha_hub@alpha.test");
  await eventually(async () =>
    expect(await as(beta, "kenya").followState("https://alpha.test/@alpha_hub")).toBe("accepted"),
  );
});
afterAll(() => stopAll());

/** The id beta gave its copy of a post of alpha's. */
const copyId = (iri: string) =>
  eventually(async () => {
    const copy = await seen(beta, iri);
    expect(copy).toBeDefined();
    return copy?.id as string;
  });

describe("hub content through the API", () => {
  it("refuses structured fields that do not hold up, naming each", async () => {
    const refused = await ana("POST", "/actors/alpha_hub/posts", {
      kind: "event",
      title: { en: "Backwards" },
      details: {
        startTime: "2027-01-15T16:00:00Z",
        endTime: "2027-01-15T14:00:00Z",
        timeZone: "Mars/Olympus",
      },
    });
    expect(refused.status).toBe(400);
    const paths = refused.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["details.timeZone", "details.endTime"]));
    const untitled = await ana("POST", "/actors/alpha_hub/posts", {
      kind: "offer",
      details: { category: "funding" },
    });
    expect(untitled.status).toBe(400);
    expect(untitled.json.error.details).toContainEqual({
      path: "title",
      reason: "title-in-default-language",
      message: "give a title in the default language",
    });
  });

  it("an event answered from another instance counts the answer", async () => {
    const created = await ana("POST", "/actors/alpha_hub/posts", {
      kind: "event",
      title: { en: "Hub call", fr: "Appel du hub" },
      details: {
        startTime: "2027-01-15T14:00:00+01:00",
        endTime: "2027-01-15T16:00:00+01:00",
        timeZone: "Africa/Lagos",
        onlineUrl: "https://meet.example.org/hub",
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      kind: "event",
      title: { en: "Hub call", fr: "Appel du hub" },
      details: { startTime: "2027-01-15T13:00:00.000Z", timeZone: "Africa/Lagos" },
    });
    const id = await copyId(created.json.iri);
    const answered = await kofi("PUT", `/posts/${id}/rsvp`, { status: "going" });
    expect(answered).toMatchObject({ status: 200, json: { going: 1, mine: "going" } });
    await eventually(async () =>
      expect((await ana("GET", `/posts/${created.json.id}/rsvps`)).json).toMatchObject({
        going: 1,
        maybe: 0,
      }),
    );
    const wrongKind = await kofi("PUT", `/posts/${id}/status`, { status: "closed" });
    expect(wrongKind.status).toBe(403);
  });

  it("a proposal is voted from another instance and its result read back", async () => {
    const created = await ana("POST", "/actors/alpha_hub/posts", {
      kind: "proposal",
      title: { en: "Which day?" },
      details: {
        choice: "multiple",
        options: [{ en: "Friday" }, { en: "Saturday" }, { en: "Sunday" }],
        endTime: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const id = await copyId(created.json.iri);
    expect((await kofi("POST", `/posts/${id}/votes`, { choices: [1, 2] })).status).toBe(201);
    const again = await kofi("POST", `/posts/${id}/votes`, { choices: [0] });
    expect(again).toMatchObject({ status: 409 });
    expect(again.json.error.message).toContain("already voted");
    await eventually(async () =>
      expect((await ana("GET", `/posts/${created.json.id}/results`)).json).toMatchObject({
        counts: [0, 1, 1],
        voters: 1,
        closed: false,
      }),
    );
    const closed = await ana("POST", `/posts/${created.json.id}/close`);
    expect(closed).toMatchObject({ status: 200, json: { closed: true, counts: [0, 1, 1] } });
    await eventually(async () =>
      expect((await kofi("GET", `/posts/${id}/results`)).json).toMatchObject({
        closed: true,
        counts: [0, 1, 1],
        voters: 1,
        mine: [1, 2],
      }),
    );
    expect((await ana("POST", `/posts/${created.json.id}/close`)).status).toBe(409);
  });

  it("matches, settles and lists offers, needs and lessons", async () => {
    const offer = await ana("POST", "/actors/alpha_hub/posts", {
      kind: "offer",
      title: { en: "Grant-writing mentors" },
      details: { category: "mentoring", languages: ["en"], online: true },
    });
    const need = await kofi("POST", "/actors/kenya/posts", {
      kind: "need",
      title: { en: "A mentor for our first grant" },
      details: { category: "mentoring", languages: ["en-KE"], online: true },
    });
    expect(need.status).toBe(201);
    const offerOnBeta = await copyId(offer.json.iri);
    const matches = await kofi("GET", `/posts/${need.json.id}/matches`);
    expect(matches.json.items.map((m: { post: { iri: string } }) => m.post.iri)).toEqual([
      offer.json.iri,
    ]);
    expect((await kofi("GET", `/posts/${offerOnBeta}/matches`)).json.items).toEqual([
      expect.objectContaining({ reasons: expect.arrayContaining([{ code: "online" }]) }),
    ]);
    const response = await kofi("POST", "/actors/kofi/posts", {
      content: { en: "@alpha_hub@alpha.test we would love a mentor" },
      inReplyToIri: offer.json.iri,
      visibility: "direct",
    });
    const responseOnAlpha = await eventually(async () => {
      const copy = await seen(alpha, response.json.iri);
      expect(copy).toBeDefined();
      return copy?.id as string;
    });
    const noResponse = await ana("PUT", `/posts/${offer.json.id}/status`, { status: "matched" });
    expect(noResponse.status).toBe(422);
    const settled = await ana("PUT", `/posts/${offer.json.id}/status`, {
      status: "matched",
      response: responseOnAlpha,
    });
    expect(settled.json.details).toMatchObject({
      status: "matched",
      matchedWithIri: response.json.iri,
    });

    await ana("POST", "/actors/alpha_hub/posts", {
      kind: "lesson",
      title: { en: "Mentoring works in pairs" },
      details: { lessonKind: "best-practice", themes: ["mentoring"], regions: ["KE"] },
    });
    await eventually(async () => {
      const library = await kofi("GET", "/lessons?theme=mentoring&region=KE&language=en");
      expect(library.json.items.map((p: { title: { en: string } }) => p.title.en)).toEqual([
        "Mentoring works in pairs",
      ]);
    });
    expect((await kofi("GET", "/lessons?kind=failure")).json.items).toEqual([]);
    expect((await kofi("GET", "/lessons?region=Kenya")).status).toBe(400);
  });
});
