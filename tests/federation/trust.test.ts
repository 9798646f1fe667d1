import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberPost } from "../../federation/inbound-post.ts";
import { as, seen, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { postSigned } from "../helpers/signed-post.ts";

// alpha receives; beta's space "kenya" is the victim; gamma's "gita" tries to speak for kenya.
let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const KENYA = "https://beta.test/@kenya";
const GITA = "https://gamma.test/@gita";

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  for (const target of ["@kenya@beta.test", "@gita@gamma.test"])
    await as(alpha, "ana").follow(target);
  await eventually(async () => {
    expect(await as(alpha, "ana").followState(KENYA)).toBe("accepted");
    expect(await as(alpha, "ana").followState(GITA)).toBe("accepted");
  });
});
afterAll(() => stopAll());

const note = (id: string, attributedTo: string, content: string) => ({
  id,
  type: "Note",
  attributedTo,
  content,
  to: [PUBLIC],
  published: new Date().toISOString(),
});
const gitaSigns = { instance: () => gamma, handle: "gita" };
const signedByGita = (activity: Record<string, unknown>) =>
  postSigned("https://alpha.test/inbox", activity, {
    instance: gitaSigns.instance(),
    handle: "gita",
  });

/** gita posts something legitimate; once alpha stored it, everything sent before was handled. */
async function afterAlphaCaughtUp() {
  const marker = await as(gamma, "gita").publish({ content: { en: `marker ${Math.random()}` } });
  await eventually(async () => expect(await seen(alpha, marker.iri)).toBeDefined());
}

describe("trust rules for what arrives in an inbox", () => {
  it("refuses an activity whose actor is not the signer (401)", async () => {
    const id = "https://beta.test/@kenya/posts/00000000-0000-4000-8000-000000000001";
    const response = await signedByGita({
      id: `${id}#create`,
      type: "Create",
      actor: KENYA,
      object: note(id, KENYA, "Kenya never wrote this"),
    });
    expect(response.status).toBe(401);
    expect(await seen(alpha, id)).toBeUndefined();
  });

  it("refuses an unsigned or wrongly signed activity (401) and one whose body changed after signing", async () => {
    const activity = {
      id: `${GITA}#x`,
      type: "Create",
      actor: GITA,
      object: note(`${GITA}/posts/x`, GITA, "hello"),
    };
    const unsigned = await fetch("https://alpha.test/inbox", {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", ...activity }),
    });
    expect(unsigned.status, await unsigned.clone().text()).toBe(401);
    const tampered = await postSigned(
      "https://alpha.test/inbox",
      activity,
      { instance: gamma, handle: "gita" },
      {
        tamper: (body) => body.replace("hello", "HELLO"),
      },
    );
    // The Digest no longer matches: refused before any signature is checked.
    expect([400, 401]).toContain(tampered.status);
    const forgedSignature = await postSigned(
      "https://alpha.test/inbox",
      activity,
      { instance: gamma, handle: "gita" },
      {
        resign: (headers) =>
          headers.set(
            "signature",
            (headers.get("signature") ?? "").replace(/signature="[^"]+"/, 'signature="AAAA"'),
          ),
      },
    );
    expect(forgedSignature.status).toBe(401);
    await afterAlphaCaughtUp();
    expect(await seen(alpha, `${GITA}/posts/x`)).toBeUndefined();
  });

  it("refuses a body over 1 MiB (413)", async () => {
    const huge = await signedByGita({
      id: `${GITA}#huge`,
      type: "Create",
      actor: GITA,
      object: note(`${GITA}/posts/huge`, GITA, "x".repeat(1024 * 1024)),
    });
    expect(huge.status).toBe(413);
  });

  it("ignores a created post attributed to someone else than the actor", async () => {
    const id = "https://gamma.test/@gita/posts/00000000-0000-4000-8000-000000000002";
    const response = await signedByGita({
      id: `${id}#create`,
      type: "Create",
      actor: GITA,
      object: note(id, KENYA, "Words put in Kenya's mouth"),
    });
    expect(response.status).toBe(202);
    await afterAlphaCaughtUp();
    expect(await seen(alpha, id)).toBeUndefined();
  });

  it("lets only a post's author edit or delete it", async () => {
    const post = await as(beta, "kenya").publish({
      content: { en: "The grant deadline is 1 March" },
    });
    await eventually(async () => expect(await seen(alpha, post.iri)).toBeDefined());
    const forged = {
      ...note(post.iri, GITA, "The grant deadline is cancelled"),
      updated: new Date().toISOString(),
    };
    expect(
      (await signedByGita({ id: `${GITA}#update-1`, type: "Update", actor: GITA, object: forged }))
        .status,
    ).toBe(202);
    expect(
      (
        await signedByGita({
          id: `${GITA}#delete-1`,
          type: "Delete",
          actor: GITA,
          object: post.iri,
        })
      ).status,
    ).toBe(202);
    await afterAlphaCaughtUp();
    const copy = await seen(alpha, post.iri);
    expect(copy?.contentHtml.en).toContain("1 March");
  });

  it("refuses a fetched document whose id claims another server", async () => {
    const claimed = "https://beta.test/@kenya/posts/00000000-0000-4000-8000-000000000003";
    await serveHost("evil.test", () =>
      Response.json(
        {
          "@context": "https://www.w3.org/ns/activitystreams",
          ...note(claimed, KENYA, "Kenya endorses evil.test"),
        },
        { headers: { "content-type": "application/activity+json" } },
      ),
    );
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    expect(await rememberPost(ctx, "https://evil.test/notes/1")).toBeUndefined();
    expect(await seen(alpha, claimed)).toBeUndefined();
    expect(await seen(alpha, "https://evil.test/notes/1")).toBeUndefined();
  });

  it("trusts an embedded object of another server only as fetched from that server", async () => {
    // alpha does not follow lagos, so it has never seen this post.
    const { space } = await import("../../server/spaces/spaces.ts").then(async (m) => {
      const { NewSpaceInput, createSpace } = m;
      const created = await createSpace(
        beta.deps.db,
        NewSpaceInput.parse({ handle: "lagos", name: { en: "Lagos" } }),
      );
      if (!created.ok) throw new Error(created.reason);
      return created;
    });
    const post = await as(beta, space.handle).publish({
      content: { en: "Meet-up at the library" },
    });
    const boost = {
      id: `${GITA}#boost-1`,
      type: "Announce",
      actor: GITA,
      object: note(post.iri, "https://beta.test/@lagos", "Meet-up cancelled, stay home"),
      to: [PUBLIC],
    };
    expect((await signedByGita(boost)).status).toBe(202);
    // The post is stored (as fetched from beta) before the boost is counted on it.
    const copy = await eventually(async () => {
      const stored = await seen(alpha, post.iri);
      expect(stored?.boosts).toBe(1);
      return stored;
    });
    expect(copy?.contentHtml.en).toContain("library");
    expect(copy?.contentHtml.en).not.toContain("cancelled");
  });
});
