import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, NewPersonInput } from "../server/people/people.ts";
import { findPostById } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;
let bo: FormClient;

async function signedIn(login: string, password: string) {
  const browser = new FormClient(hub);
  expect((await browser.submit("/login", "/login", { login, password })).status).toBe(303);
  return browser;
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  await createPerson(
    hub.deps.db,
    NewPersonInput.parse({ handle: "bo", email: "bo@example.org", password: "a long password" }),
  );
  ana = await signedIn("ana", "correct horse battery");
  bo = await signedIn("bo", "a long password");
});
afterAll(() => hub.close());

async function write(kind: string, fields: Record<string, string>) {
  const response = await ana.submit(`/compose?kind=${kind}`, "/posts", {
    kind,
    as: "wmke",
    language: "en",
    visibility: "public",
    ...fields,
  });
  expect(response.status).toBe(303);
  const post = await findPostById(
    hub.deps.db,
    response.headers.get("location")?.split("/").pop() ?? "",
  );
  if (post == null) throw new Error("nothing stored");
  return post;
}

const event = (title: string) =>
  write("event", {
    title,
    startTime: "2027-01-15T14:00",
    endTime: "2027-01-15T16:00",
    timeZone: "UTC",
    placeName: "Hub office",
    capacity: "20",
  });
const proposal = (title: string) =>
  write("proposal", {
    title,
    options: "Yes\nNo",
    choice: "single",
    votingMode: "person",
    endTime: "2030-01-01T12:00",
    timeZone: "UTC",
  });

/** The card of the post titled `title` on a page of cards. */
function cardOf(page: string, title: string): string {
  const card = page.split("<article").find((part) => part.includes(title));
  if (card == null) throw new Error(`no card for ${title}`);
  return card.slice(0, card.indexOf("</article>")).replace(/\s+/g, " ");
}

describe("a page of cards, built with one query per kind of fact", () => {
  it("shows each card its own answers, tallies and the reader's own choices", async () => {
    const call = await event("Regional call");
    const picnic = await event("Community picnic");
    const monthly = await proposal("Meet monthly?");
    const logo = await proposal("New logo?");
    const answer = (who: FormClient, as: string, iri: string, status: string) =>
      who.submit("/@wmke", "/rsvp", { iri, status, as });
    expect((await answer(ana, "ana", call.iri, "going")).status).toBe(303);
    expect((await answer(bo, "bo", call.iri, "going")).status).toBe(303);
    expect((await answer(bo, "bo", picnic.iri, "going")).status).toBe(303);
    const vote = (who: FormClient, as: string, iri: string, choice: string) =>
      who.submit("/@wmke", "/votes", { iri, as, choice });
    expect((await vote(ana, "ana", monthly.iri, "0")).status).toBe(303);
    expect((await vote(bo, "bo", monthly.iri, "1")).status).toBe(303);
    expect((await vote(bo, "bo", logo.iri, "1")).status).toBe(303);

    // Her home timeline: the space's posts, with her forms to answer and vote.
    const page = await (await ana.get("/home")).text();
    expect(cardOf(page, "Regional call")).toContain("2 going of 20");
    expect(cardOf(page, "Regional call")).toContain("Your answer: going");
    expect(cardOf(page, "Community picnic")).toContain("1 going of 20");
    expect(cardOf(page, "Community picnic")).not.toContain("Your answer");
    expect(cardOf(page, "Meet monthly?")).toContain("1 (50%) · your vote");
    expect(cardOf(page, "New logo?")).toContain("0 (0%)");
    expect(cardOf(page, "New logo?")).not.toContain("your vote");
    // Another reader sees the same counts with their own choices.
    const hers = await (await bo.get("/@wmke")).text();
    expect(cardOf(hers, "Community picnic")).toContain("1 going of 20");
    expect(cardOf(hers, "New logo?")).toContain("1 (100%) · your vote");
  });
});
