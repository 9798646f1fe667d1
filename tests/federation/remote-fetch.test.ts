import { UrlError } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupActor } from "../../federation/remote.ts";
import { fetchRemote } from "../../federation/remote-fetch.ts";
import { findRemoteActor } from "../../server/actors/remote-actors.ts";
import { setUp } from "../helpers/driver.ts";
import {
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// Servers whose actor documents are too big (declared or streamed), nested too deep, or
// redirect to a private address.
let alpha: HarnessInstance;
const AS = "https://www.w3.org/ns/activitystreams";
const person = (id: string, extra: Record<string, unknown> = {}) => ({
  "@context": AS,
  id,
  type: "Person",
  preferredUsername: "someone",
  inbox: `${id}/inbox`,
  ...extra,
});
const AP = { "content-type": "application/activity+json" };

beforeAll(async () => {
  [alpha] = await startInstances(["alpha"]);
  await setUp(alpha, "alpha_hub", "ana");
  // Within every document limit but the size: unknown properties of 9,000 characters each.
  const padding = Object.fromEntries(
    Array.from({ length: 130 }, (_, i) => [`padding${i}`, "x".repeat(9_000)]),
  );
  const huge = (id: string) => JSON.stringify(person(id, padding));
  await serveHost("huge.test", (request) => new Response(huge(request.url), { headers: AP }));
  await serveHost("stream.test", (request) => {
    const body = new TextEncoder().encode(huge(request.url));
    // No Content-Length: the size shows only while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < body.length; i += 65536) controller.enqueue(body.slice(i, i + 65536));
        controller.close();
      },
    });
    return new Response(stream, { headers: AP });
  });
  await serveHost("deep.test", (request) => {
    // Deeper than the limit, and otherwise harmless: JSON-LD would drop the unknown property.
    let deep: unknown = "x";
    for (let i = 0; i < 20; i++) deep = { deeper: deep };
    return Response.json(person(request.url, { deep }), { headers: AP });
  });
});
afterAll(() => stopAll());

describe("fetching from other servers", () => {
  it("refuses a document over 1 MiB, declared or streamed, and one nested too deep", async () => {
    const ctx = alpha.running.federation.createContext(new URL(alpha.origin), alpha.deps);
    await serveHost("fine.test", (request) => Response.json(person(request.url), { headers: AP }));
    expect(await lookupActor(ctx, "https://fine.test/actor")).toBeDefined();
    for (const url of [
      "https://huge.test/actor",
      "https://stream.test/actor",
      "https://deep.test/actor",
    ]) {
      expect(await lookupActor(ctx, url), url).toBeUndefined();
      expect(await findRemoteActor(alpha.deps.db, url), url).toBeUndefined();
    }
  });

  it("refuses private addresses in production, before connecting", async () => {
    const policy = { allowPrivateAddress: false, userAgent: "test" };
    for (const url of [
      "https://127.0.0.1:9/actor",
      "https://localhost/actor",
      "file:///etc/passwd",
    ])
      await expect(fetchRemote(url, { policy, accept: "*/*" }), url).rejects.toBeInstanceOf(
        UrlError,
      );
  });
});
