import { importJwk, signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKeyPairs } from "../../server/keys/key-pairs.ts";
import { setUp } from "../helpers/driver.ts";
import {
  type HarnessInstance,
  serveHost,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";
import { postSigned } from "../helpers/signed-post.ts";

// alpha receives; beta and gamma send, signed by their people; evil.test serves nothing useful
// and counts what it is asked; silent.test accepts connections and never answers.
let alpha: HarnessInstance;
let beta: HarnessInstance;
let gamma: HarnessInstance;
const AS = "https://www.w3.org/ns/activitystreams";
const KOFI = "https://beta.test/@kofi";
const asked: string[] = [];

beforeAll(async () => {
  [alpha, beta, gamma] = await startInstances(["alpha", "beta", "gamma"]);
  await Promise.all([
    setUp(alpha, "alpha_hub", "ana"),
    setUp(beta, "kenya", "kofi"),
    setUp(gamma, "gamma_hub", "gita"),
  ]);
  await serveHost("evil.test", (request) => {
    asked.push(request.url);
    return new Response("not here", { status: 404 });
  });
  await serveHost("silent.test", () => new Promise<Response>(() => {}));
});
afterAll(() => stopAll());

let serial = 0;
const like = (actor = KOFI) => ({
  id: `${actor}#like-${++serial}`,
  type: "Like",
  actor,
  object: "https://alpha.test/@ana/posts/00000000-0000-4000-8000-000000000000",
});
const byKofi = (activity: Record<string, unknown>, inbox = "https://alpha.test/inbox") =>
  postSigned(inbox, activity, { instance: beta, handle: "kofi" });
const unsigned = (body: string, headers: Record<string, string> = {}) =>
  fetch("https://alpha.test/inbox", {
    method: "POST",
    headers: { "content-type": "application/activity+json", ...headers },
    body,
  });

/** About 390 KB of inline contexts, each scoping another: seconds of JSON-LD expansion. */
function scopedContexts(count: number) {
  const terms = Array.from({ length: count }, (_, i) => [
    `t${i}`,
    { "@id": `https://x.test/ns#t${i}`, "@context": { [`s${i}`]: `https://x.test/s#${i}` } },
  ]);
  const values = Array.from({ length: count }, (_, i) => [`t${i}`, { [`s${i}`]: "v" }]);
  return {
    "@context": [AS, Object.fromEntries(terms)],
    ...like(),
    ...Object.fromEntries(values),
  };
}

describe("what an inbox accepts before any JSON-LD work", () => {
  it("keeps answering while hostile bodies arrive, signed or not", async () => {
    const body = JSON.stringify(scopedContexts(3800));
    expect(body.length).toBeGreaterThan(380_000);
    let done = false;
    const hostile = Promise.all([unsigned(body), byKofi(JSON.parse(body))]).finally(() => {
      done = true;
    });
    let slowest = 0;
    do {
      const started = performance.now();
      expect((await fetch("https://alpha.test/healthz")).status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
    } while (!done);
    const [plain, signed] = await hostile;
    expect(plain.status).toBe(400);
    expect(signed.status).toBe(400);
    expect(await signed.json()).toMatchObject({ error: { message: /@context is too large/ } });
    // Generous: without the limits each body stalls the server for many seconds.
    expect(slowest).toBeLessThan(3000);
  });

  it("answers a 5,000-deep array with 400, not 500", async () => {
    const deep = `${"[".repeat(5000)}"x"${"]".repeat(5000)}`;
    const body = `{"@context":"${AS}","id":"${KOFI}#deep","type":"Create","actor":"${KOFI}","object":${deep}}`;
    expect((await unsigned(body)).status).toBe(400);
  });

  it("refuses a title of a million characters, signed or not", async () => {
    const activity = {
      id: `${KOFI}/posts/long#create`,
      type: "Create",
      actor: KOFI,
      object: { id: `${KOFI}/posts/long`, type: "Article", name: "x".repeat(200_000) },
    };
    const response = await byKofi(activity);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: /a text is too long/ } });
  });

  it("refuses a body that is not UTF-8, or holds a NUL, with 400", async () => {
    const broken = await fetch("https://alpha.test/inbox", {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(broken.status).toBe(400);
    const nul = await byKofi({
      id: `${KOFI}/posts/nul#create`,
      type: "Create",
      actor: KOFI,
      object: { id: `${KOFI}/posts/nul`, type: "Note", content: "a\u0000b" },
    });
    expect(nul.status).toBe(400);
  });

  it("answers 400 for a signed activity Fedify cannot parse, such as a date that is none", async () => {
    const response = await byKofi({
      id: `${KOFI}/posts/when#create`,
      type: "Create",
      actor: KOFI,
      published: "yesterday",
      object: { id: `${KOFI}/posts/when`, type: "Note", content: "When?", published: "yesterday" },
    });
    expect(response.status).toBe(400);
  });

  it("never fetches a context named in an unsigned body", async () => {
    const body = JSON.stringify({ ...like(), "@context": [AS, "https://evil.test/context"] });
    expect((await unsigned(body)).status).toBe(401);
    expect(asked).toEqual([]);
  });

  it("answers 400 for a signed activity whose context cannot be loaded", async () => {
    const response = await byKofi({ ...like(), "@context": [AS, "https://evil.test/missing"] });
    expect(response.status).toBe(400);
    expect(asked).toContain("https://evil.test/missing");
  });

  it("refuses a body that is not JSON (400) or not sent as JSON (415)", async () => {
    expect((await unsigned("{not json")).status).toBe(400);
    const form = await unsigned("a=b", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
  });

  it("gives up on a key URL that accepts the connection and never answers", async () => {
    const [rsa] = await findKeyPairs(beta.deps.db, "kofi");
    if (rsa == null) throw new Error("kofi has no key");
    const actor = "https://silent.test/actor";
    const body = JSON.stringify({ "@context": AS, ...like(actor) });
    const request = await signRequest(
      new Request("https://alpha.test/inbox", {
        method: "POST",
        body,
        headers: { "content-type": "application/activity+json" },
      }),
      await importJwk(rsa.privateKey, "private"),
      new URL(`${actor}#main-key`),
    );
    // Without a fetch timeout this waits minutes, well past the test's own timeout.
    expect((await fetch(request)).status).toBe(401);
  });
});

describe("inbox rate limits", () => {
  it("limits each signing server, with Retry-After, and counts other servers apart", async () => {
    const [strict] = await startInstances(["delta"], { env: { RATE_LIMIT_INBOX_HOST: "3" } });
    await setUp(strict, "delta_hub", "dina");
    const inbox = "https://delta.test/inbox";
    for (let i = 0; i < 3; i++) expect((await byKofi(like(), inbox)).status).toBe(202);
    const refused = await byKofi(like(), inbox);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const fromGamma = await postSigned(inbox, like("https://gamma.test/@gita"), {
      instance: gamma,
      handle: "gita",
    });
    expect(fromGamma.status).toBe(202);
  });

  it("limits each client address before reading the body, as the proxy reports it", async () => {
    const [strict] = await startInstances(["epsilon"], {
      env: { RATE_LIMIT_INBOX_ADDRESS: "3", TRUST_PROXY: "true" },
    });
    await setUp(strict, "epsilon_hub", "eli");
    const send = (address: string) =>
      fetch("https://epsilon.test/inbox", {
        method: "POST",
        headers: { "content-type": "application/activity+json", "x-forwarded-for": address },
        body: JSON.stringify({ "@context": AS, ...like() }),
      });
    for (let i = 0; i < 3; i++) expect((await send("203.0.113.7")).status).toBe(401);
    const refused = await send("203.0.113.7");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await send("198.51.100.9")).status).toBe(401);
  });
});
