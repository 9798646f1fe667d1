import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPersonByHandle } from "../../server/people/people.ts";
import { createToken } from "../../server/tokens/tokens.ts";
import { as, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
let anaToken: string;

beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await Promise.all([setUp(alpha, "alpha_hub", "ana"), setUp(beta, "kenya", "kofi")]);
  const ana = await findPersonByHandle(alpha.deps.db, "ana");
  anaToken = (await createToken(alpha.deps.db, ana?.id ?? "", { name: "t", scopes: ["read"] }))
    .secret;
});
afterAll(() => stopAll());

/** The post addresses alpha finds for `query`, as a visitor or as ana. */
async function search(query: string, token?: string): Promise<string[]> {
  const response = await fetch(`${alpha.origin}/api/v1/search?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.status).toBe(200);
  return (await response.json()).items.map((item: { iri: string }) => item.iri);
}

describe("finding a space on another instance and what it published", () => {
  it("a space followed on beta is found on alpha among the spaces", async () => {
    await as(alpha, "ana").follow("@kenya@beta.test");
    await eventually(async () =>
      expect(await as(alpha, "ana").followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    await eventually(async () => {
      const response = await fetch(`${alpha.origin}/api/v1/search?type=spaces&q=kenya`);
      const found = (await response.json()).items.map((space: { handle: string }) => space.handle);
      expect(found).toEqual(["@kenya@beta.test"]);
    });
  });

  it("a lesson in two languages is found on alpha by its words in either, once it arrives", async () => {
    const lesson = await as(beta, "kenya").publish({
      kind: "lesson",
      defaultLanguage: "sw",
      title: { sw: "Mafunzo ya maktaba", en: "Training at the libraries" },
      details: {
        lessonKind: "best-practice",
        recommendations: { en: "Invite the librarians early", sw: "Waalike wakutubi mapema" },
      },
    });
    await eventually(async () => expect(await search("q=library")).toEqual([lesson.iri]));
    expect(await search("q=wakutubi&kind=lesson&space=@kenya@beta.test")).toEqual([lesson.iri]);
    expect(await search("q=librarian&language=sw")).toEqual([lesson.iri]);
  });

  it("a followers-only post is found by the follower alone", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "Volunteers meet at the archive on Friday" },
      visibility: "followers",
    });
    await eventually(async () => expect(await search("q=archive", anaToken)).toEqual([post.iri]));
    expect(await search("q=archive")).toEqual([]);
  });
});
