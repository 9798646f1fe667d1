import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, revokeToken } from "../../server/tokens/tokens.ts";
import { FormClient } from "../helpers/browser.ts";
import { createTestInstance, type TestInstance } from "../helpers/instance.ts";
import { setUpInstance } from "../helpers/setup.ts";

let hub: TestInstance;
let ownerId: string;
let token: string;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test", {
    RATE_LIMIT_WRITES: "40",
    RATE_LIMIT_LOGINS: "3",
  });
  ownerId = (await setUpInstance(hub)).owner.id;
  token = (
    await createToken(hub.deps.db, ownerId, { name: "all", scopes: ["read", "write", "admin"] })
  ).secret;
});
afterAll(() => hub.close());

async function call(method: string, path: string, body?: unknown, secret: string | null = token) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers.authorization = `Bearer ${secret}`;
  const response = await hub.request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and lists every route the API answers", async () => {
    const document = await (await hub.request("/api/openapi.json")).json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    const listed = Object.entries(document.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        "GET /spaces",
        "POST /spaces",
        "PATCH /spaces/{handle}",
        "PUT /spaces/{handle}/members/{person}",
        "GET /people",
        "POST /people",
        "GET /me",
        "POST /tokens",
        "DELETE /tokens/{id}",
        "POST /actors/{handle}/following",
        "DELETE /actors/{handle}/following",
        "GET /actors/{handle}/follow-requests",
        "POST /actors/{handle}/follow-requests",
        "GET /posts",
        "POST /actors/{handle}/posts",
        "PATCH /posts/{id}",
        "DELETE /posts/{id}",
        "GET /posts/{id}/replies",
        "PUT /posts/{id}/like",
        "DELETE /posts/{id}/boost",
        "GET /timeline",
        "GET /notifications",
        "POST /notifications/read",
      ]),
    );
    // …and every route the app serves under /api/v1 is documented.
    const served = hub.app.routes
      .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.slice("/api/v1".length).replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThan(25);
    expect(new Set(listed)).toEqual(new Set(served));
    // Every documented route answers (not the API's own 404 for unknown routes).
    for (const line of listed.filter((l) => l.startsWith("GET ") && !l.includes("{"))) {
      const response = await call("GET", line.slice(4));
      expect(response.json?.error?.message ?? "").not.toBe("There is nothing at this address.");
    }
  });

  it("has a reference page that works without scripts or a CDN", async () => {
    const response = await hub.request("/api/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("POST /actors/{handle}/posts");
    expect(html).not.toMatch(/<script|https:\/\/cdn/);
  });
});

describe("errors", () => {
  it("share one shape: validation names the fields", async () => {
    const response = await call("POST", "/actors/wmke/posts", {
      content: { en: "" },
      visibility: "everyone",
    });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("validation_failed");
    expect(response.json.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "visibility" })]),
    );
  });

  it("404 for unknown routes and things, 409 for a taken handle", async () => {
    expect((await call("GET", "/nothing")).json).toEqual({
      error: { code: "not_found", message: "There is nothing at this address." },
    });
    expect((await call("GET", "/spaces/nobody")).status).toBe(404);
    expect((await call("GET", "/posts/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await call("POST", "/spaces", { handle: "wmke", name: { en: "Again" } })).status).toBe(
      409,
    );
    const unnamed = await call("PATCH", "/spaces/wmke", { defaultLanguage: "fr" });
    expect(unnamed.status).toBe(422);
    expect(unnamed.json.error.message).toContain("default language");
  });

  it("401 for a missing, malformed or revoked token; 403 for a missing scope", async () => {
    expect((await call("GET", "/me", undefined, null)).status).toBe(401);
    expect((await call("GET", "/me", undefined, "not-a-token")).status).toBe(401);
    const readOnly = await createToken(hub.deps.db, ownerId, { name: "ro", scopes: ["read"] });
    expect((await call("GET", "/me", undefined, readOnly.secret)).status).toBe(200);
    const refused = await call(
      "POST",
      "/actors/wmke/posts",
      { content: { en: "hi" } },
      readOnly.secret,
    );
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain('"write" scope');
    expect(
      (await call("POST", "/tokens", { name: "x", scopes: ["admin"] }, readOnly.secret)).status,
    ).toBe(403);
    await revokeToken(hub.deps.db, readOnly.token.id, ownerId);
    expect((await call("GET", "/me", undefined, readOnly.secret)).status).toBe(401);
  });
});

describe("tokens", () => {
  it("are shown once, listed without secrets, stored hashed and revocable", async () => {
    const created = await call("POST", "/tokens", { name: "dashboard", scopes: ["read"] });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^hubnet_/);
    const listed = await call("GET", "/tokens");
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
    const stored = await hub.deps
      .sql`SELECT token_hash FROM api_tokens WHERE id = ${created.json.id}`;
    expect(stored[0]?.token_hash).not.toContain(created.json.secret.slice(7));
    expect((await call("DELETE", `/tokens/${created.json.id}`)).status).toBe(204);
    expect((await call("GET", "/me", undefined, created.json.secret)).status).toBe(401);
  });
});

describe("rate limits", () => {
  it("answer 429 with Retry-After past the write limit", async () => {
    const limited = await createToken(hub.deps.db, ownerId, {
      name: "busy",
      scopes: ["read", "write"],
    });
    let last = { status: 0, headers: new Headers() };
    for (let i = 0; i < 41 && last.status !== 429; i++) {
      last = await call("POST", "/notifications/read", undefined, limited.secret);
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("count the web UI's forms too", async () => {
    const site = await createTestInstance("https://forms.test", { RATE_LIMIT_WRITES: "2" });
    try {
      await setUpInstance(site);
      const browser = new FormClient(site);
      await browser.submit("/login", "/login", { login: "ana", password: "correct horse battery" });
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (
            await browser.submit("/home", "/posts", {
              as: "ana",
              content: `Note ${i}`,
              language: "en",
            })
          ).status,
        );
      }
      expect(statuses).toEqual([303, 303, 429]);
    } finally {
      await site.close();
    }
  });

  it("answer 429 to repeated sign-in attempts from one address", async () => {
    const browser = new FormClient(hub);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await browser.submit("/login", "/login", { login: "ana", password: "wrong password" }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe("the web session", () => {
  it("reads the API with its cookie, and writes only with the page's CSRF token", async () => {
    const site = await createTestInstance("https://site.test");
    try {
      await setUpInstance(site);
      const browser = new FormClient(site);
      const signedIn = await browser.submit("/login", "/login", {
        login: "ana",
        password: "correct horse battery",
      });
      expect(signedIn.status).toBe(303);
      const me = await browser.get("/api/v1/me", { accept: "application/json" });
      expect(me.status).toBe(200);
      expect((await me.json()).handle).toBe("ana");
      expect((await browser.post("/api/v1/notifications/read", {})).status).toBe(403);
      const page = await (await browser.get("/home")).text();
      const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
      expect(
        (await browser.post("/api/v1/notifications/read", {}, { "x-csrf-token": csrf })).status,
      ).toBe(200);
    } finally {
      await site.close();
    }
  });
});

describe("tokens in the web UI", () => {
  it("are made with chosen scopes, shown once, and revoked", async () => {
    const site = await createTestInstance("https://tokens.test");
    try {
      await setUpInstance(site);
      const browser = new FormClient(site);
      await browser.submit("/login", "/login", { login: "ana", password: "correct horse battery" });
      const made = await browser.submit("/settings/tokens", "/settings/tokens", {
        name: "events bot",
        scopes: "write",
      });
      expect(made.status, await made.clone().text()).toBe(200);
      const html = await made.text();
      const secret = html.match(/hubnet_[A-Za-z0-9_-]+/)?.[0] ?? "";
      expect(html).toContain("will not be shown again");
      const me = await site.request("/api/v1/me", {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(me.status).toBe(200);
      const again = await (await browser.get("/settings/tokens")).text();
      expect(again).toContain("events bot");
      expect(again).not.toContain(secret);
      const id = again.match(/\/settings\/tokens\/([0-9a-f-]{36})\/revoke/)?.[1] ?? "";
      expect(
        (await browser.submit("/settings/tokens", `/settings/tokens/${id}/revoke`, {})).status,
      ).toBe(303);
      expect(
        (await site.request("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } }))
          .status,
      ).toBe(401);
    } finally {
      await site.close();
    }
  });
});

describe("your own account", () => {
  it("changes its name and, with the current password only, its password", async () => {
    const renamed = await call("PATCH", "/me", {
      displayName: "Ana Wanjiru",
      preferredLanguage: "sw",
    });
    expect(renamed.json).toMatchObject({ displayName: "Ana Wanjiru", preferredLanguage: "sw" });
    const wrong = await call("PATCH", "/me", {
      password: { current: "not it at all", new: "brand new password" },
    });
    expect(wrong.status).toBe(403);
    const right = await call("PATCH", "/me", {
      password: { current: "correct horse battery", new: "brand new password" },
    });
    expect(right.status).toBe(200);
    const browser = new FormClient(hub);
    const old = await browser.submit("/login", "/login", {
      login: "ana",
      password: "correct horse battery",
    });
    expect([401, 429]).toContain(old.status);
  });
});
