import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, tokenFor } from "../helpers/api-client.ts";
import { setUp } from "../helpers/driver.ts";
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
});
afterAll(() => stopAll());

describe("a bot and a dashboard using only the API", () => {
  let postId: string;
  let postIri: string;

  it("follows a space on another instance and sees it among its follows", async () => {
    const followed = await ana("POST", "/actors/ana/following", { target: "@kenya@beta.test" });
    expect(followed).toMatchObject({ status: 200, json: { target: "https://beta.test/@kenya" } });
    await eventually(async () => {
      const following = await ana("GET", "/actors/ana/following");
      expect(following.json.items).toEqual([
        expect.objectContaining({ handle: "@kenya@beta.test", isLocal: false }),
      ]);
    });
    const followers = await kofi("GET", "/actors/kenya/followers");
    expect(followers.json.items).toEqual([
      expect.objectContaining({ iri: "https://alpha.test/@ana" }),
    ]);
  });

  it("the space is notified of the new follower", async () => {
    const notes = await kofi("GET", "/notifications?as=kenya");
    expect(notes.json.items).toEqual([
      expect.objectContaining({
        kind: "follow",
        actor: expect.objectContaining({ iri: "https://alpha.test/@ana" }),
      }),
    ]);
  });

  it("publishes as the space, and the post reaches the follower's timeline", async () => {
    const created = await kofi("POST", "/actors/kenya/posts", {
      content: { en: "Photo walk on Sunday #wikiloves", fr: "Promenade photo dimanche #wikiloves" },
      defaultLanguage: "en",
    });
    expect(created.status).toBe(201);
    postIri = created.json.iri;
    const listed = await kofi("GET", "/posts?author=kenya&tag=wikiloves");
    expect(listed.json.items.map((p: { iri: string }) => p.iri)).toEqual([postIri]);
    const timeline = await eventually(async () => {
      const page = await ana("GET", "/timeline");
      expect(page.json.items.map((p: { iri: string }) => p.iri)).toContain(postIri);
      return page.json.items;
    });
    const copy = timeline.find((p: { iri: string }) => p.iri === postIri);
    expect(copy.content.fr).toContain("Promenade photo");
    postId = copy.id;
  });

  it("likes and replies from the follower reach the space, which sees them", async () => {
    expect((await ana("PUT", `/posts/${postId}/like`)).status).toBe(200);
    const reply = await ana("POST", "/actors/ana/posts", {
      content: { en: "Count me in" },
      inReplyToIri: postIri,
    });
    expect(reply.status).toBe(201);
    const local = (await kofi("GET", "/posts?author=kenya")).json.items[0];
    await eventually(async () => {
      const replies = await kofi("GET", `/posts/${local.id}/replies`);
      expect(replies.json.items.map((p: { content: { en: string } }) => p.content.en)).toEqual([
        expect.stringContaining("Count me in"),
      ]);
      expect((await kofi("GET", `/posts/${local.id}`)).json.likes).toBe(1);
    });
    const kinds = (await kofi("GET", "/notifications?as=kenya")).json.items.map(
      (n: { kind: string }) => n.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(["follow", "like", "reply"]));
    expect((await kofi("POST", "/notifications/read?as=kenya")).json.marked).toBe(3);
    expect((await kofi("GET", "/notifications?as=kenya&unread=true")).json.items).toEqual([]);
  });

  it("an edit and a deletion through the API reach the follower", async () => {
    const local = (await kofi("GET", "/posts?author=kenya")).json.items[0];
    expect(
      (await kofi("PATCH", `/posts/${local.id}`, { content: { en: "Photo walk moved to Monday" } }))
        .status,
    ).toBe(200);
    await eventually(async () =>
      expect((await ana("GET", `/posts/${postId}`)).json.content.en).toContain("Monday"),
    );
    expect((await kofi("DELETE", `/posts/${local.id}`)).status).toBe(204);
    await eventually(async () => expect((await ana("GET", `/posts/${postId}`)).status).toBe(404));
  });

  it("unfollows", async () => {
    const target = encodeURIComponent("https://beta.test/@kenya");
    expect((await ana("DELETE", `/actors/ana/following?target=${target}`)).status).toBe(204);
    await eventually(async () =>
      expect((await kofi("GET", "/actors/kenya/followers")).json.items).toEqual([]),
    );
  });
});
