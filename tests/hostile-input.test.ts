import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../server/tokens/tokens.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let token: string;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", { RATE_LIMIT_WRITES: "1000" });
  const { owner } = await setUpInstance(hub);
  token = (await createToken(hub.deps.db, owner.id, { name: "t", scopes: ["read", "write"] }))
    .secret;
});
afterAll(() => hub.close());

/** The API's one error shape, with the status a client can act on. */
async function expectApiError(response: Response, status: number) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
  return body.error;
}

const post = (body: BodyInit, headers: Record<string, string>, signedIn: boolean) =>
  hub.request("/api/v1/actors/ana/posts", {
    method: "POST",
    body,
    headers: { ...headers, ...(signedIn ? { authorization: `Bearer ${token}` } : {}) },
  });

describe("text that PostgreSQL cannot store is a 400 wherever it comes in", () => {
  for (const path of [
    "/tags/a%00b",
    "/@ana/posts/%00",
    "/api/v1/posts?tag=a%00b",
    "/api/v1/lessons?theme=%00",
    "/lessons?theme=%00",
    "/.well-known/webfinger?resource=acct:ana%00@hub.test",
    "/api/v1/posts?tag=%FF%FE",
    "/resources?category=%ED%A0%80",
  ])
    it(`in the address: ${path}`, async () => {
      const response = await hub.request(path, { headers: { accept: "application/json" } });
      await expectApiError(response, 400);
    });

  // A path starting with "//" reads as another host wherever a page makes its own address.
  for (const path of ["//%00", "//x", "//<script>", "///evil.example/%0d%0a"])
    it(`in an address that starts with two slashes: ${path}`, async () => {
      for (const accept of ["text/html", "application/json"]) {
        // The raw address, as a client sends it (not resolved against the origin first).
        const response = await hub.app.fetch(
          new Request(`${hub.origin}${path}`, { headers: { accept } }),
        );
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        // No link, canonical address or form on the page points to that other host.
        expect(await response.text()).not.toMatch(/["'](https?:)?\/\/evil\.example/);
      }
    });

  it("in a form: the sign-in form with a NUL in the handle", async () => {
    const browser = new FormClient(hub);
    const response = await browser.submit("/login", "/login", {
      login: "ana\u0000",
      password: "correct horse battery",
    });
    expect(response.status).toBe(400);
    expect(browser.cookies.has("hubnet_session")).toBe(false);
  });

  for (const signedIn of [true, false]) {
    const who = signedIn ? "signed in" : "anonymous";
    it(`in JSON, ${who}: a NUL, a lone surrogate, bytes that are not UTF-8`, async () => {
      const json = { "content-type": "application/json" };
      for (const body of [
        '{"content":{"en":"a\\u0000b"}}',
        '{"content":{"en":"half a pair \\ud800"}}',
        '{"content":{"en\\u0000":"key"}}',
        new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      ])
        await expectApiError(await post(body, json, signedIn), 400);
    });

    it(`malformed JSON is a 400 and another type a 415, ${who}`, async () => {
      const json = { "content-type": "application/json" };
      const error = await expectApiError(
        await post('{"content": {"en": "cut', json, signedIn),
        400,
      );
      expect(error.message).toMatch(/JSON/);
      await expectApiError(await post("", json, signedIn), 400);
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
        await expectApiError(await post("content=hello", { "content-type": type }, signedIn), 415);
      // A PATCH reads its body the same way.
      const patched = await hub.request(`/api/v1/posts/${crypto.randomUUID()}`, {
        method: "PATCH",
        body: "{not json",
        headers: { ...json, ...(signedIn ? { authorization: `Bearer ${token}` } : {}) },
      });
      await expectApiError(patched, 400);
    });
  }

  it("and ordinary text still goes through", async () => {
    const response = await post(
      JSON.stringify({ content: { en: "Karibu — 🌍 ünïcödé #habari" } }),
      { "content-type": "application/json; charset=utf-8" },
      true,
    );
    expect(response.status).toBe(201);
    const tagged = await hub.request("/api/v1/posts?tag=habari");
    expect((await tagged.json()).items).toHaveLength(1);
  });
});
