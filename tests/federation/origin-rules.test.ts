import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberPost } from "../../federation/inbound-post.ts";
import { lookupActor } from "../../federation/remote.ts";
import { findRemoteActor } from "../../server/actors/remote-actors.ts";
import { isTombstoned } from "../../server/posts/remote-posts.ts";
import { createSpace, NewSpaceInput } from "../../server/spaces/spaces.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { postSigned } from "../helpers/signed-post.ts";

// alpha receives and follows kenya (beta) and gita (gamma); gita tries to speak for kenya.
// lagos, also on beta, is not followed from alpha.
let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const KENYA = "https://beta.test/@kenya";
const LAGOS = "https://beta.test/@lagos";
const GITA = "https://gamma.test/@gita";
const ANA = "https://alpha.test/@ana";

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  const lagos = await createSpace(
    beta.deps.db,
    NewSpaceInput.parse({ handle: "lagos", name: { en: "Lagos" } }),
  );
  if (!lagos.ok) throw new Error(lagos.reason);
  for (const target of ["@kenya@beta.test", "@gita@gamma.test"])
    await as(alpha, "ana").follow(target);
  await eventually(async () => {
    expect(await as(alpha, "ana").followState(KENYA)).toBe("accepted");
    expect(await as(alpha, "ana").followState(GITA)).toBe("accepted");
  });
});
afterAll(() => stopAll());

const postIri = (actor: string) => `${actor}/posts/${randomUUID()}`;
const note = (id: string, attributedTo: string, content: string, extra = {}) => ({
  id,
  type: "Note",
  attributedTo,
  content,
  to: [PUBLIC],
  cc: [ANA],
  tag: [{ type: "Mention", href: ANA, name: "@ana@alpha.test" }],
  published: new Date().toISOString(),
  ...extra,
});
const signedBy =
  (instance: () => HarnessInstance, handle: string) => (activity: Record<string, unknown>) =>
    postSigned("https://alpha.test/inbox", activity, { instance: instance(), handle });
const byGita = signedBy(() => gamma, "gita");
const byKenya = signedBy(() => beta, "kenya");
const byLagos = signedBy(() => beta, "lagos");

/** gita posts something legitimate; once alpha stored it, everything sent before was handled. */
async function afterAlphaCaughtUp() {
  const marker = await as(gamma, "gita").publish({ content: { en: `marker ${randomUUID()}` } });
  await eventually(async () => expect(await seen(alpha, marker.iri)).toBeDefined());
}

describe("an object belongs to the origin of its id", () => {
  it("ignores an activity whose id is on another origin than its actor", async () => {
    const post = await as(alpha, "ana").publish({ content: { en: "Hello from alpha" } });
    const like = (id: string) => ({ id, type: "Like", actor: GITA, object: post.iri });
    expect((await byGita(like(`${KENYA}#likes/${randomUUID()}`))).status).toBe(202);
    await afterAlphaCaughtUp();
    expect((await seen(alpha, post.iri))?.likes).toBe(0);
    await byGita(like(`${GITA}#likes/${randomUUID()}`));
    await eventually(async () => expect((await seen(alpha, post.iri))?.likes).toBe(1));
  });

  it("stores no post by kenya that kenya's server does not serve, however it is boosted", async () => {
    const forged = postIri(KENYA);
    // Embedded with the Announce's own id on beta, the object would pass as beta's.
    for (const id of [`${KENYA}/boosts/${randomUUID()}`, `${GITA}/boosts/${randomUUID()}`])
      await byGita({
        id,
        type: "Announce",
        actor: GITA,
        object: note(forged, KENYA, "Kenya endorses gamma"),
        to: [PUBLIC],
      });
    await afterAlphaCaughtUp();
    expect(await seen(alpha, forged)).toBeUndefined();
  });

  it("refuses a post whose id is not on its author's origin, even as its own server serves it", async () => {
    await serveHost("mirror.test", (request) =>
      Response.json(
        {
          "@context": "https://www.w3.org/ns/activitystreams",
          ...note(request.url, KENYA, "Kenya said this, says mirror.test"),
        },
        { headers: { "content-type": "application/activity+json" } },
      ),
    );
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    expect(await rememberPost(ctx, "https://mirror.test/notes/1")).toBeUndefined();
    expect(await seen(alpha, "https://mirror.test/notes/1")).toBeUndefined();
  });

  it("stores no remote row with an id on this instance's own origin", async () => {
    const claimed = postIri(ANA);
    await byGita({
      id: `${GITA}/creates/${randomUUID()}`,
      type: "Create",
      actor: GITA,
      object: note(claimed, GITA, "Posted at alpha's address"),
      to: [PUBLIC],
    });
    await afterAlphaCaughtUp();
    expect(await seen(alpha, claimed)).toBeUndefined();
  });

  it("keeps no actor whose inbox is on this instance", async () => {
    await serveHost("loop.test", (request) =>
      Response.json(
        {
          "@context": "https://www.w3.org/ns/activitystreams",
          id: request.url,
          type: "Person",
          preferredUsername: "loop",
          inbox: "https://alpha.test/inbox",
        },
        { headers: { "content-type": "application/activity+json" } },
      ),
    );
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    await lookupActor(ctx, "https://loop.test/actor");
    expect(await findRemoteActor(alpha.deps.db, "https://loop.test/actor")).toBeUndefined();
  });

  it("lets no Delete from another origin shadow the genuine post arriving later", async () => {
    const id = postIri(KENYA);
    await byGita({ id: `${GITA}#delete-${randomUUID()}`, type: "Delete", actor: GITA, object: id });
    await afterAlphaCaughtUp();
    expect(await isTombstoned(alpha.deps.db, id)).toBe(false);
    await byKenya({
      id: `${id}#create`,
      type: "Create",
      actor: KENYA,
      object: note(id, KENYA, "The genuine post"),
    });
    await eventually(async () => expect((await seen(alpha, id))?.authorIri).toBe(KENYA));
  });
});

describe("deletes win", () => {
  it("a Delete that overtakes its Create leaves a tombstone; the late Create, Update and Announce are ignored", async () => {
    // lagos publishes on beta; alpha does not follow lagos and has not seen the post.
    const post = await as(beta, "lagos").publish({ content: { en: "Meet-up on Friday" } });
    const deleted = { id: `${post.iri}#delete`, type: "Delete", actor: LAGOS, object: post.iri };
    expect((await byLagos(deleted)).status).toBe(202);
    await eventually(async () => expect(await isTombstoned(alpha.deps.db, post.iri)).toBe(true));
    const late = note(post.iri, LAGOS, "Meet-up on Friday, @ana");
    await byLagos({ id: `${post.iri}#create`, type: "Create", actor: LAGOS, object: late });
    await byLagos({ id: `${post.iri}#update`, type: "Update", actor: LAGOS, object: late });
    // gita is followed from alpha, so a boost of a post alpha lacks would fetch it from beta.
    await byGita({
      id: `${GITA}/boosts/${randomUUID()}`,
      type: "Announce",
      actor: GITA,
      object: post.iri,
    });
    await afterAlphaCaughtUp();
    expect(await seen(alpha, post.iri)).toBeUndefined();
  });
});

describe("what a remote post may carry", () => {
  it("takes a date far in the future as now, and refuses one PostgreSQL cannot store", async () => {
    const future = postIri(KENYA);
    const ancient = postIri(KENYA);
    const create = (id: string, published: string) =>
      byKenya({
        id: `${id}#create`,
        type: "Create",
        actor: KENYA,
        object: note(id, KENYA, `Published ${published}`, { published, updated: published }),
      });
    expect((await create(future, "3000-01-01T00:00:00Z")).status).toBe(202);
    expect((await create(ancient, "-010000-01-01T00:00:00Z")).status).toBe(202);
    const stored = await eventually(async () => {
      const copy = await seen(alpha, future);
      expect(copy).toBeDefined();
      return copy;
    });
    expect(stored?.publishedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(stored?.updatedAt?.getTime()).toBeLessThanOrEqual(Date.now());
    await afterAlphaCaughtUp();
    expect(await seen(alpha, ancient)).toBeUndefined();
  });

  it("drops javascript: and other non-http(s) links from mentions and the post's URL", async () => {
    const id = postIri(KENYA);
    await byKenya({
      id: `${id}#create`,
      type: "Create",
      actor: KENYA,
      object: note(id, KENYA, "Links", {
        url: "javascript:alert(1)",
        inReplyTo: "data:text/html,<script>alert(1)</script>",
        tag: [
          { type: "Mention", href: ANA, name: "@ana@alpha.test" },
          { type: "Mention", href: "javascript:alert(2)", name: "@x@y" },
        ],
      }),
    });
    const stored = await eventually(async () => {
      const copy = await seen(alpha, id);
      expect(copy).toBeDefined();
      return copy;
    });
    expect(stored?.url).toBe(id);
    expect(stored?.inReplyToIri).toBeNull();
    expect(stored?.mentions.map((m) => m.href)).toEqual([ANA]);
  });
});
