import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueSetupToken } from "../server/setup/setup.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";

let hub: TestInstance;
beforeEach(async () => {
  hub = await createTestInstance("https://hub.test");
});
afterEach(() => hub.close());

const owner = {
  spaceName: "Wikimedia Kenya",
  spaceHandle: "",
  spaceKind: "affiliate",
  language: "en",
  displayName: "",
  handle: "ana",
  email: "ana@example.org",
  password: "correct horse battery",
};

describe("first run", () => {
  it("the home page points to the setup link until the instance is set up", async () => {
    const html = await (await new FormClient(hub).get("/")).text();
    expect(html).toContain("not set up yet");
    expect(html).toContain("setup link");
  });

  it("the setup page needs the one-time token", async () => {
    await issueSetupToken(hub.deps.db);
    const browser = new FormClient(hub);
    expect((await browser.get("/setup")).status).toBe(403);
    expect((await browser.get("/setup?token=guess")).status).toBe(403);
  });

  it("creates the first space and its owner, signs the owner in, and works once", async () => {
    const token = await issueSetupToken(hub.deps.db);
    const browser = new FormClient(hub);
    const done = await browser.submit(`/setup?token=${token}`, "/setup", {
      token: token ?? "",
      ...owner,
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/@wikimedia_kenya");
    const space = await (await browser.get("/@wikimedia_kenya")).text();
    expect(space).toContain("Wikimedia Kenya");
    expect(space).toContain("Signed in as");

    const webfinger = await hub.request(
      "/.well-known/webfinger?resource=acct:wikimedia_kenya@hub.test",
    );
    expect(webfinger.status).toBe(200);

    // The link is spent: the same token cannot claim the instance again.
    const again = await new FormClient(hub).get(`/setup?token=${token}`);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/login");
  });

  it("shows what is wrong with each field and keeps what was typed", async () => {
    const token = await issueSetupToken(hub.deps.db);
    const browser = new FormClient(hub);
    const response = await browser.submit(`/setup?token=${token}`, "/setup", {
      ...owner,
      token: token ?? "",
      handle: "Ana Maria!",
      password: "short",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("lowercase letters, digits or underscores");
    expect(html).toContain("at least 10 characters");
    expect(html).toContain('value="Wikimedia Kenya"');
    expect(html).not.toContain("short");
  });
});

describe("signing in and out", () => {
  beforeEach(async () => {
    const token = await issueSetupToken(hub.deps.db);
    await new FormClient(hub).submit(`/setup?token=${token}`, "/setup", {
      token: token ?? "",
      ...owner,
    });
  });

  it("signs in by email or handle with HttpOnly, SameSite, Secure cookies and signs out", async () => {
    for (const login of ["ana@example.org", "@ana"]) {
      const browser = new FormClient(hub);
      const response = await browser.submit("/login", "/login", {
        login,
        password: owner.password,
        next: "/",
      });
      expect(response.status).toBe(303);
      const cookie = browser.lastSetCookies.find((c) => c.startsWith("hubnet_session="));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
      expect(await (await browser.get("/")).text()).toContain("Signed in as");

      const out = await browser.submit("/", "/logout", {});
      expect(out.status).toBe(303);
      expect(await (await browser.get("/")).text()).not.toContain("Signed in as");
    }
  });

  it("refuses a wrong password without saying which part was wrong", async () => {
    const browser = new FormClient(hub);
    const response = await browser.submit("/login", "/login", {
      login: "ana",
      password: "wrong password!",
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("do not match an account");
    expect(browser.cookies.has("hubnet_session")).toBe(false);
  });

  it("never redirects off-site after signing in", async () => {
    const browser = new FormClient(hub);
    const response = await browser.submit("/login", "/login", {
      login: "ana",
      password: owner.password,
      next: "//evil.test/",
    });
    expect(response.headers.get("location")).toBe("/");
  });
});

describe("CSRF protection", () => {
  it("refuses a form without its token", async () => {
    const browser = new FormClient(hub);
    await browser.get("/login");
    const response = await browser.post("/login", { login: "ana", password: "whatever123" });
    expect(response.status).toBe(403);
  });

  it("refuses a token that belongs to another browser", async () => {
    const mallory = new FormClient(hub);
    const page = await (await mallory.get("/login")).text();
    const stolen = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const victim = new FormClient(hub);
    await victim.get("/login");
    expect((await victim.post("/login", { _csrf: stolen, login: "a", password: "b" })).status).toBe(
      403,
    );
  });

  it("refuses a form posted from another site even with a valid token", async () => {
    const token = await issueSetupToken(hub.deps.db);
    const browser = new FormClient(hub);
    const page = await (await browser.get(`/setup?token=${token}`)).text();
    const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const response = await browser.post(
      "/setup",
      { _csrf: csrf, token: token ?? "", ...owner },
      { origin: "https://evil.test" },
    );
    expect(response.status).toBe(403);
    expect((await hub.request("/.well-known/webfinger?resource=acct:ana@hub.test")).status).toBe(
      404,
    );
  });

  it("lets browsers send the page's origin with forms, and refuses Origin: null", async () => {
    const page = await new FormClient(hub).get("/login");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const browser = new FormClient(hub);
    const html = await (await browser.get("/login")).text();
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const fields = { _csrf: csrf, login: "ana", password: "wrong password!" };
    expect((await browser.post("/login", fields, { origin: "null" })).status).toBe(403);
    expect((await browser.post("/login", fields)).status).toBe(401);
  });

  it("protects signing out too", async () => {
    const browser = new FormClient(hub);
    await browser.get("/");
    expect((await browser.post("/logout", {})).status).toBe(403);
  });
});
