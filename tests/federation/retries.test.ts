import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { postSigned } from "../helpers/signed-post.ts";

// alpha follows gita (gamma), who boosts posts of flaky.test; flaky.test counts what it is asked
// and answers 503 to the first request for a note.
let alpha: HarnessInstance;
let gamma: HarnessInstance;
const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const GITA = "https://gamma.test/@gita";
const FAY = "https://flaky.test/users/fay";
const asked = new Map<string, number>();
const json = (body: Record<string, unknown>) =>
  Response.json(
    { "@context": AS, ...body },
    { headers: { "content-type": "application/activity+json" } },
  );

beforeAll(async () => {
  [alpha, gamma] = await startInstances(["alpha", "gamma"]);
  await Promise.all([setUp(alpha, "alpha_hub", "ana"), setUp(gamma, "gamma_hub", "gita")]);
  await serveHost("flaky.test", (request) => {
    const { pathname } = new URL(request.url);
    const times = (asked.get(pathname) ?? 0) + 1;
    asked.set(pathname, times);
    if (pathname === "/users/fay")
      return json({ id: FAY, type: "Person", preferredUsername: "fay", inbox: `${FAY}/inbox` });
    if (pathname.startsWith("/notes/flaky") && times > 1)
      return json({
        id: request.url,
        type: "Note",
        attributedTo: FAY,
        content: "Worth the wait",
        to: [PUBLIC],
      });
    return new Response("no", { status: pathname.startsWith("/notes/flaky") ? 503 : 404 });
  });
  await as(alpha, "ana").follow("@gita@gamma.test");
  await eventually(async () => expect(await as(alpha, "ana").followState(GITA)).toBe("accepted"));
});
afterAll(() => stopAll());

const boost = (object: string) =>
  postSigned(
    "https://alpha.test/inbox",
    { id: `${GITA}/boosts/${randomUUID()}`, type: "Announce", actor: GITA, object, to: [PUBLIC] },
    { instance: gamma, handle: "gita" },
  );
const inboxMessages = async () => {
  const [row] = await alpha.deps.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM queue_messages WHERE channel = 'inbox'`;
  return row?.n;
};

describe("retries mean something", () => {
  it("tries again after a server error, and keeps the post once it is served", async () => {
    const note = `https://flaky.test/notes/flaky-${randomUUID()}`;
    expect((await boost(note)).status).toBe(202);
    const stored = await eventually(async () => {
      const copy = await seen(alpha, note);
      expect(copy).toBeDefined();
      return copy;
    });
    expect(stored?.contentHtml.und).toContain("Worth the wait");
    expect(asked.get(new URL(note).pathname)).toBe(2);
  });

  it("drops an activity whose object is gone once, without retrying", async () => {
    const note = `https://flaky.test/notes/gone-${randomUUID()}`;
    expect((await boost(note)).status).toBe(202);
    await eventually(() => expect(asked.get(new URL(note).pathname)).toBe(1));
    // A retry would wait in the queue, due a second or more later.
    await eventually(async () => expect(await inboxMessages()).toBe(0));
    expect(asked.get(new URL(note).pathname)).toBe(1);
    expect(await seen(alpha, note)).toBeUndefined();
  });

  it("keeps a post whose one tag cannot be resolved, without that tag", async () => {
    const id = `${GITA}/posts/${randomUUID()}`;
    const object = {
      id,
      type: "Note",
      attributedTo: GITA,
      content: "Tagged #wiki",
      to: [PUBLIC],
      tag: [
        { type: "Hashtag", name: "#wiki", href: "https://gamma.test/tags/wiki" },
        "https://flaky.test/tags/broken",
      ],
    };
    await postSigned(
      "https://alpha.test/inbox",
      {
        "@context": [AS, { Hashtag: "as:Hashtag" }],
        id: `${id}#create`,
        type: "Create",
        actor: GITA,
        object,
        to: [PUBLIC],
      },
      { instance: gamma, handle: "gita" },
    );
    const stored = await eventually(async () => {
      const copy = await seen(alpha, id);
      expect(copy).toBeDefined();
      return copy;
    });
    expect(stored?.hashtags).toEqual(["wiki"]);
    expect(asked.get("/tags/broken")).toBe(1);
  });
});
