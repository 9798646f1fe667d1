import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRemoteActor } from "../../server/actors/remote-actors.ts";
import { findFollow } from "../../server/follows/follows.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import { fixture, MIRA, PLACEHOLDER_POST, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// "hub" serves https://hub.test, the local host the fixtures were rewritten for.
let hub: HarnessInstance;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
let postIri: string;
const KENYA = "https://hub.test/@kenya";
const INBOX = "https://hub.test/inbox";

beforeAll(async () => {
  [hub] = await startInstances(["hub"]);
  await setUp(hub, "kenya", "kofi");
  mastodon = await startFakeMastodon();
  postIri = (await as(hub, "kenya").publish({ content: { en: "Who can host the next meet-up?" } }))
    .iri;
});
afterAll(() => stopAll());

const withPost = { [PLACEHOLDER_POST]: "POST_IRI" };
const load = (name: string, extra: Record<string, string> = {}) =>
  fixture(name, {
    ...Object.fromEntries(Object.entries(withPost).map(([k]) => [k, postIri])),
    ...extra,
  });

describe("what Mastodon sends", () => {
  it("a Follow is accepted at once, so Mastodon shows 'following'", async () => {
    const follow = load("follow");
    expect((await mastodon.deliver(INBOX, follow)).status).toBe(202);
    await eventually(async () =>
      expect((await findFollow(hub.deps.db, MIRA, KENYA))?.state).toBe("accepted"),
    );
    const accept = await eventually(() => {
      const found = mastodon.received.find((a) => a.type === "Accept");
      expect(found).toBeDefined();
      return found as Record<string, unknown>;
    });
    expect(accept.actor).toBe(KENYA);
    expect((accept.object as { id: string }).id).toBe(follow.id);
    // Signed as Mastodon checks (HTTP Signatures, and the Linked Data signature), without the
    // object proof that only a server passing the Accept on would need.
    expect(accept.signature).toMatchObject({ type: "RsaSignature2017" });
    expect(accept.proof).toBeUndefined();
    expect(await findRemoteActor(hub.deps.db, MIRA)).toMatchObject({
      handle: "@mira@mastodon.test",
      inboxIri: "https://mastodon.test/users/mira/inbox",
      sharedInboxIri: "https://mastodon.test/inbox",
    });
  });

  it("a space's post reaches Mastodon addressed the way Mastodon expects", async () => {
    const post = await as(hub, "kenya").publish({
      content: { en: "Thanks @mira@mastodon.test for #OpenData help" },
      summary: "long thread",
    });
    const create = await eventually(() => {
      const found = mastodon.received.find(
        (a) => a.type === "Create" && (a.object as { id: string }).id === post.iri,
      );
      expect(found).toBeDefined();
      return found as { object: Record<string, unknown> } & Record<string, unknown>;
    });
    expect(["as:Public", "https://www.w3.org/ns/activitystreams#Public"]).toContain(create.to);
    // A post may be passed on (a reply forwarded, a relay): it carries both kinds of signature.
    expect(create.signature).toMatchObject({ type: "RsaSignature2017" });
    expect(create.proof).toMatchObject({ type: "DataIntegrityProof" });
    expect(create.object).toMatchObject({
      type: "Note",
      attributedTo: KENYA,
      url: post.iri,
      sensitive: true,
      summary: "long thread",
      cc: expect.arrayContaining(["https://hub.test/@kenya/followers", MIRA]),
      tag: expect.arrayContaining([
        { type: "Mention", href: MIRA, name: "@mira@mastodon.test" },
        { type: "Hashtag", href: "https://hub.test/tags/opendata", name: "#opendata" },
      ]),
    });
    expect(create.object.published).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(create.object.content).toContain('href="https://mastodon.test/users/mira"');
  });

  it("a Create of a Note with a mention and a hashtag is stored, sanitized", async () => {
    const create = load("create-note");
    const object = create.object as Record<string, string>;
    object.content += '<script>alert("x")</script><img src=x onerror=alert(1)>';
    expect((await mastodon.deliver(INBOX, create)).status).toBe(202);
    const stored = await eventually(async () => {
      const post = await seen(hub, object.id as string);
      expect(post).toBeDefined();
      return post;
    });
    expect(stored).toMatchObject({
      authorIri: MIRA,
      summary: { und: "cw" },
      sensitive: true,
      visibility: "public",
      hashtags: ["moo"],
      mentions: [{ href: KENYA, name: "@kenya@hub.test" }],
    });
    const html = Object.values(stored?.contentHtml ?? {}).join("");
    expect(html).toContain("#moo");
    expect(html).not.toMatch(/<script|<img|onerror/);
  });

  it("a reply threads under the post it answers", async () => {
    const reply = load("create-reply");
    expect((await mastodon.deliver(INBOX, reply)).status).toBe(202);
    await eventually(async () =>
      expect((await seen(hub, (reply.object as { id: string }).id))?.inReplyToIri).toBe(postIri),
    );
  });

  it("a Like and an Announce are counted once, however often delivered, and Undo takes them back", async () => {
    const like = load("like");
    const announce = load("announce");
    for (const activity of [like, like, announce, announce])
      expect((await mastodon.deliver(INBOX, activity)).status).toBe(202);
    await eventually(async () =>
      expect(await seen(hub, postIri)).toMatchObject({ likes: 1, boosts: 1 }),
    );
    // The captured Undo quotes a later Like and Announce; pointed at the ones delivered here.
    const undoLike = load("undo-like", {
      "https://mastodon.test/users/mira#likes/212341": like.id as string,
    });
    const undoAnnounce = load("undo-announce", {
      "https://mastodon.test/users/mira/statuses/102571932479036987/activity":
        announce.id as string,
    });
    for (const activity of [undoLike, undoAnnounce])
      expect((await mastodon.deliver(INBOX, activity)).status).toBe(202);
    await eventually(async () =>
      expect(await seen(hub, postIri)).toMatchObject({ likes: 0, boosts: 0 }),
    );
  });

  it("an Update edits the post, and a Delete removes it", async () => {
    const create = load("create-note");
    const noteId = (create.object as { id: string }).id;
    const editedId = "https://mastodon.test/users/mira/statuses/109465279766693953";
    const update = load("update-note", { [editedId]: noteId });
    (update.object as Record<string, unknown>).tag = (create.object as Record<string, unknown>).tag;
    expect((await mastodon.deliver(INBOX, update)).status).toBe(202);
    const before = JSON.stringify((await seen(hub, noteId))?.contentHtml);
    await eventually(async () =>
      expect(JSON.stringify((await seen(hub, noteId))?.contentHtml)).not.toBe(before),
    );
    expect((await seen(hub, noteId))?.updatedAt).not.toBeNull();

    const deletion = load("delete-note", {
      "https://mastodon.test/users/mira/statuses/107773559874184870": noteId,
    });
    expect((await mastodon.deliver(INBOX, deletion)).status).toBe(202);
    await eventually(async () => expect(await seen(hub, noteId)).toBeUndefined());
  });

  it("an Undo of the Follow ends it", async () => {
    expect((await mastodon.deliver(INBOX, load("undo-follow"))).status).toBe(202);
    await eventually(async () =>
      expect(await findFollow(hub.deps.db, MIRA, KENYA)).toBeUndefined(),
    );
  });

  it("a follower whose server answers 410 Gone is dropped, and the account's Delete is honoured", async () => {
    const again = load("follow", {
      "1ea87517-63c5-4118-8831-460ee641b2cf": "2fb98628-0000-4000-8000-000000000002",
    });
    expect((await mastodon.deliver(INBOX, again)).status).toBe(202);
    await eventually(async () =>
      expect((await findFollow(hub.deps.db, MIRA, KENYA))?.state).toBe("accepted"),
    );

    const remember = await seen(hub, (load("create-reply").object as { id: string }).id);
    expect(remember).toBeDefined();
    mastodon.state.gone = true;
    await as(hub, "kenya").publish({ content: { en: "Anyone still there?" } });
    await eventually(async () =>
      expect(await findFollow(hub.deps.db, MIRA, KENYA)).toBeUndefined(),
    );

    expect((await mastodon.deliver(INBOX, load("delete-actor"))).status).toBe(202);
    await eventually(async () => expect(await findRemoteActor(hub.deps.db, MIRA)).toBeUndefined());
    expect(await seen(hub, (load("create-reply").object as { id: string }).id)).toBeUndefined();

    // A server that never cached her key cannot verify the Delete any more; her server's 410 for
    // the key is confirmation enough, and the sender is told 202 so that it stops retrying.
    const [fresh] = await startInstances(["fresh"]);
    expect((await mastodon.deliver("https://fresh.test/inbox", load("delete-actor"))).status).toBe(
      202,
    );
    const other = load("like", { [MIRA]: "https://mastodon.test/users/mira" });
    other.type = "Delete";
    other.object = "https://fresh.test/@nobody";
    expect((await mastodon.deliver(`${fresh.origin}/inbox`, other)).status).toBe(401);
  });
});
