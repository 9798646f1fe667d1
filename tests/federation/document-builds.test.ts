import type { Federation } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentCache } from "../../federation/document-cache.ts";
import { createFederationFor } from "../../federation/federation.ts";
import { createApp } from "../../server/app.ts";
import type { Deps } from "../../server/deps.ts";
import { eventually } from "../helpers/federation-harness.ts";
import { createTestInstance, type TestInstance } from "../helpers/instance.ts";
import { setUpInstance } from "../helpers/setup.ts";

let hub: TestInstance;
let app: ReturnType<typeof createApp>;
let cache: DocumentCache;
/** Each document Fedify was asked to build, by path: a spy on the federation the app uses. */
const builds: string[] = [];
const stop = new AbortController();

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  cache = new DocumentCache("https://hub.test");
  await cache.listen(hub.deps.sql, stop.signal);
  const federation = createFederationFor(hub.deps);
  const counted = new Proxy(federation, {
    get(target, property) {
      if (property === "fetch")
        return (request: Request, options: Parameters<Federation<Deps>["fetch"]>[1]) => {
          builds.push(new URL(request.url).pathname);
          return target.fetch(request, options);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  app = createApp(hub.deps, counted, cache);
});
afterAll(async () => {
  stop.abort();
  await hub.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(new URL(path, hub.origin).href, {
    headers: { accept: "application/activity+json", ...headers },
  });
/** As another server signs (not verified here: a public document needs no signer). */
const signature = {
  signature:
    'keyId="https://remote.test/users/ru#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="c2lnbmVk"',
  date: new Date().toUTCString(),
};

describe("cache misses under load", () => {
  it("build a document once, however many anonymous and signed readers ask at the same moment", async () => {
    // The cache listens once a document is kept.
    await eventually(async () => {
      await get("/@ana");
      expect(cache.size).toBeGreaterThan(0);
    });
    builds.length = 0;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => get("/@wmke", i % 2 ? signature : {})),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] ?? "{}").id).toBe("https://hub.test/@wmke");
    expect(builds.filter((path) => path === "/@wmke")).toHaveLength(1);

    // Served from memory afterwards, signed or not.
    await get("/@wmke", signature);
    await get("/@wmke");
    expect(builds.filter((path) => path === "/@wmke")).toHaveLength(1);
  });

  it("build WebFinger answers once too", async () => {
    builds.length = 0;
    const path = "/.well-known/webfinger?resource=acct:wmke@hub.test";
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => get(path, { accept: "application/jrd+json" })),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(builds.filter((p) => p === "/.well-known/webfinger")).toHaveLength(1);
  });

  it("leave pages for people to their routes: each built for its reader, none kept", async () => {
    builds.length = 0;
    const pages = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        get("/@wmke", { accept: "text/html", ...(i % 2 ? signature : {}) }),
      ),
    );
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<html");
    }
    expect(builds.filter((path) => path === "/@wmke")).toHaveLength(5);
  });
});
