import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentCache } from "../../federation/document-cache.ts";
import { createFederationFor } from "../../federation/federation.ts";
import { createApp } from "../../server/app.ts";
import { createToken } from "../../server/tokens/tokens.ts";
import { eventually } from "../helpers/federation-harness.ts";
import { createTestInstance, type TestInstance } from "../helpers/instance.ts";
import { setUpInstance } from "../helpers/setup.ts";

let hub: TestInstance;
let token: string;
let app: ReturnType<typeof createApp>;
let cache: DocumentCache;
const stop = new AbortController();

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  const { owner } = await setUpInstance(hub);
  token = (await createToken(hub.deps.db, owner.id, { name: "t", scopes: ["read", "write"] }))
    .secret;
  // As a running instance has it: the document cache, listening for change notices.
  cache = new DocumentCache("https://hub.test");
  await cache.listen(hub.deps.sql, stop.signal);
  app = createApp(hub.deps, createFederationFor(hub.deps), cache);
});
afterAll(async () => {
  stop.abort();
  await hub.close();
});

const get = (path: string, accept = "application/json") =>
  app.request(new URL(path, hub.origin).href, { headers: { accept } });

describe("the anonymous API is never stale after a change", () => {
  it("a deleted post answers 404 at once, though federation documents are still cached", async () => {
    const created = await app.request(new URL("/api/v1/actors/wmke/posts", hub.origin).href, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ content: { en: "Soon gone" } }),
    });
    const { id } = await created.json();
    const listed = async () =>
      (await (await get("/api/v1/posts?author=wmke")).json()).items.map(
        (p: { id: string }) => p.id,
      );
    expect(await listed()).toContain(id);
    for (let i = 0; i < 2; i++) {
      const read = await get(`/api/v1/posts/${id}`);
      expect(read.status).toBe(200);
      // Revalidated on every use, by a shared cache as by this server.
      expect(read.headers.get("cache-control")).toBe("public, no-cache");
    }
    // The cache is at work: the space's actor document is kept once fetched.
    await eventually(async () => {
      await get("/@wmke", "application/activity+json");
      expect(cache.size).toBeGreaterThan(0);
    });
    const actor = await get("/@wmke", "application/activity+json");
    expect(actor.headers.get("cache-control")).toContain("max-age=60");

    const deleted = await app.request(new URL(`/api/v1/posts/${id}`, hub.origin).href, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);
    expect((await get(`/api/v1/posts/${id}`)).status).toBe(404);
    expect(await listed()).not.toContain(id);
  });
});
