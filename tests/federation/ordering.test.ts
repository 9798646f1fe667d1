import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { persistRemoteActor } from "../../server/actors/remote-actors.ts";
import { recordFollow } from "../../server/follows/follows.ts";
import { as, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// slow.test is a server with one account, sam, whose inbox holds the first delivery of each
// round until the test lets it through, and notes whatever arrives meanwhile.
let alpha: HarnessInstance;
const SAM = "https://slow.test/users/sam";
const ANA = "https://alpha.test/@ana";
const arrived: string[] = [];
const overtaking: string[] = [];
let held: { release: () => void } | undefined;

beforeAll(async () => {
  [alpha] = await startInstances(["alpha"]);
  await setUp(alpha, "alpha_hub", "ana");
  await serveHost("slow.test", async (request) => {
    if (request.method === "POST") {
      const { type } = (await request.json()) as { type: string };
      if (held != null) overtaking.push(type);
      arrived.push(type);
      if (arrived.length === 1)
        await new Promise<void>((resolve) => {
          held = { release: resolve };
        });
      return new Response(null, { status: 202 });
    }
    return Response.json(
      {
        "@context": "https://www.w3.org/ns/activitystreams",
        id: SAM,
        type: "Person",
        preferredUsername: "sam",
        inbox: "https://slow.test/inbox",
      },
      { headers: { "content-type": "application/activity+json" } },
    );
  });
});
afterAll(() => stopAll());

/** Outbox deliveries waiting their turn (not being sent), by ordering key. */
async function waiting(): Promise<string[]> {
  const rows = await alpha.deps.sql<{ ordering_key: string | null }[]>`
    SELECT ordering_key FROM queue_messages
    WHERE channel = 'outbox' AND (locked_until IS NULL OR locked_until < now())`;
  return rows.map((row) => row.ordering_key ?? "");
}

async function letThrough(expected: string[]) {
  held?.release();
  held = undefined;
  await eventually(() => expect(arrived).toEqual(expected));
  arrived.length = 0;
}

describe("activities about one thing reach a server in the order they were sent", () => {
  it("a post's Create, Update and Delete", async () => {
    await persistRemoteActor(alpha.deps.db, {
      iri: SAM,
      type: "Person",
      handle: "@sam@slow.test",
      inboxIri: "https://slow.test/inbox",
    });
    await recordFollow(
      alpha.deps.db,
      { followerIri: SAM, followeeIri: ANA, activityIri: `${SAM}#follow` },
      "accepted",
    );
    const post = await as(alpha, "ana").publish({ content: { en: "First draft" } });
    await eventually(() => expect(held).toBeDefined());
    const edited = await as(alpha, "ana").edit(post, { content: { en: "Second draft" } });
    await as(alpha, "ana").remove(edited);
    // Both wait behind the Create being delivered, instead of overtaking it.
    await eventually(async () =>
      expect((await waiting()).filter((key) => key.startsWith(post.iri))).toHaveLength(2),
    );
    await letThrough(["Create", "Update", "Delete"]);
    expect(overtaking).toEqual([]);
  });

  it("a Follow and its Undo", async () => {
    await as(alpha, "ana").follow(SAM);
    await eventually(() => expect(held).toBeDefined());
    await as(alpha, "ana").unfollow(SAM);
    await eventually(async () =>
      expect((await waiting()).filter((key) => key.startsWith(`${ANA} ${SAM}`))).toHaveLength(1),
    );
    await letThrough(["Follow", "Undo"]);
    expect(overtaking).toEqual([]);
  });
});
