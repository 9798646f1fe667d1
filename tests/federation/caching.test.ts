import { importJwk, signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKeyPairs } from "../../server/keys/key-pairs.ts";
import { findSpaceByHandle, updateSpace } from "../../server/spaces/spaces.ts";
import { as, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
const AS = { accept: "application/activity+json" };

beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(alpha, "alpha_hub", "ana");
  await setUp(beta, "kenya", "kofi");
});
afterAll(() => stopAll());

describe("conditional requests and caching", () => {
  it("a public document has an ETag, answers 304 while unchanged, and a new ETag once changed", async () => {
    const first = await fetch("https://beta.test/@kenya", { headers: AS });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get("cache-control")).toContain("public");
    const again = await fetch("https://beta.test/@kenya", {
      headers: { ...AS, "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);

    const space = await findSpaceByHandle(beta.deps.db, "kenya");
    if (space == null) throw new Error("no space");
    await updateSpace(beta.deps.db, space, { name: { en: "Wikimedia Community of Kenya" } });
    const changed = await fetch("https://beta.test/@kenya", {
      headers: { ...AS, "if-none-match": etag ?? "" },
    });
    expect(changed.status).toBe(200);
    expect((await changed.json()).name).toBe("Wikimedia Community of Kenya");
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("a followers-only post is never marked for shared caches", async () => {
    await as(alpha, "ana").follow("@kenya@beta.test");
    await eventually(async () =>
      expect(await as(alpha, "ana").followState("https://beta.test/@kenya")).toBe("accepted"),
    );
    const post = await as(beta, "kenya").publish({
      content: { en: "For followers" },
      visibility: "followers",
    });
    const anonymous = await fetch(post.iri, { headers: AS });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("cache-control") ?? "").not.toContain("public");

    // The follower's server fetches it signed: it gets the post, marked private.
    const [rsa] = await findKeyPairs(alpha.deps.db, "ana");
    if (rsa == null) throw new Error("no key");
    const signed = await signRequest(
      new Request(post.iri, { headers: AS }),
      await importJwk(rsa.privateKey, "private"),
      new URL("https://alpha.test/@ana#main-key"),
    );
    const forFollower = await fetch(signed);
    expect(forFollower.status).toBe(200);
    expect((await forFollower.json()).id).toBe(post.iri);
    expect(forFollower.headers.get("cache-control")).toBe("private, no-cache");
    const page = await fetch("https://beta.test/api/v1/posts?author=kenya");
    expect(page.headers.get("cache-control")).toContain("public");
    expect(JSON.stringify(await page.json())).not.toContain("For followers");
  });
});
