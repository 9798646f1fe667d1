import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

const AS_JSON = { accept: "application/activity+json" };
let hub: TestInstance;

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub, { spaceName: "Wikimedia Kenya", spaceHandle: "wmke", handle: "ana" });
});
afterAll(() => hub.close());

describe("WebFinger", () => {
  it("finds a space by its handle", async () => {
    const response = await hub.request("/.well-known/webfinger?resource=acct:wmke@hub.test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/jrd+json");
    const jrd = await response.json();
    expect(jrd.subject).toBe("acct:wmke@hub.test");
    expect(jrd.links).toContainEqual({
      rel: "self",
      type: "application/activity+json",
      href: "https://hub.test/@wmke",
    });
  });

  it("finds a person, also by actor URL, and ignores the handle's case", async () => {
    const byHandle = await hub.request("/.well-known/webfinger?resource=acct:Ana@hub.test");
    expect(byHandle.status).toBe(200);
    const byUrl = await hub.request(
      `/.well-known/webfinger?resource=${encodeURIComponent("https://hub.test/@ana")}`,
    );
    expect(byUrl.status).toBe(200);
    expect((await byUrl.json()).links[0].href).toBe("https://hub.test/@ana");
  });

  it("answers 404 for an unknown handle or another host", async () => {
    expect((await hub.request("/.well-known/webfinger?resource=acct:nobody@hub.test")).status).toBe(
      404,
    );
    expect(
      (await hub.request("/.well-known/webfinger?resource=acct:wmke@elsewhere.test")).status,
    ).toBe(404);
  });

  it("answers 400 for a missing or malformed resource", async () => {
    expect((await hub.request("/.well-known/webfinger")).status).toBe(400);
    expect((await hub.request("/.well-known/webfinger?resource=%25%25")).status).toBe(400);
  });
});

describe("NodeInfo", () => {
  it("is linked from /.well-known/nodeinfo", async () => {
    const response = await hub.request("/.well-known/nodeinfo");
    expect(await response.json()).toEqual({
      links: [
        expect.objectContaining({
          rel: "http://nodeinfo.diaspora.software/ns/schema/2.1",
          href: "https://hub.test/nodeinfo/2.1",
        }),
      ],
    });
  });

  it("reports Hubnet, its protocol, usage and the spaces it hosts", async () => {
    const info = await (await hub.request("/nodeinfo/2.1")).json();
    expect(info).toMatchObject({
      version: "2.1",
      software: { name: "hubnet", version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: { users: { total: 1 }, localPosts: 0 },
    });
    expect(info.metadata.spaces).toEqual([
      expect.objectContaining({
        handle: "@wmke@hub.test",
        url: "https://hub.test/@wmke",
        kind: "affiliate",
        name: "Wikimedia Kenya",
      }),
    ]);
  });
});

describe("actors", () => {
  it("serve a space as a Group with everything Mastodon needs to follow it", async () => {
    const response = await hub.request("/@wmke", { headers: AS_JSON });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/activity\+json/);
    const group = await response.json();
    expect(group).toMatchObject({
      id: "https://hub.test/@wmke",
      type: "Group",
      preferredUsername: "wmke",
      name: "Wikimedia Kenya",
      nameMap: { en: "Wikimedia Kenya" },
      url: "https://hub.test/@wmke",
      inbox: "https://hub.test/@wmke/inbox",
      outbox: "https://hub.test/@wmke/outbox",
      followers: "https://hub.test/@wmke/followers",
      following: "https://hub.test/@wmke/following",
      endpoints: { sharedInbox: "https://hub.test/inbox" },
      manuallyApprovesFollowers: false,
      publicKey: {
        id: "https://hub.test/@wmke#main-key",
        owner: "https://hub.test/@wmke",
        publicKeyPem: expect.stringContaining("BEGIN PUBLIC KEY"),
      },
    });
    // RSA for HTTP Signatures and Ed25519 for object proofs.
    expect(group.assertionMethod).toHaveLength(2);
  });

  it("serve a person as a Person that never shows the email address", async () => {
    const response = await hub.request("/@ana", {
      headers: { accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' },
    });
    const person = await response.json();
    expect(person).toMatchObject({
      type: "Person",
      preferredUsername: "ana",
      inbox: "https://hub.test/@ana/inbox",
      outbox: "https://hub.test/@ana/outbox",
      endpoints: { sharedInbox: "https://hub.test/inbox" },
      publicKey: { owner: "https://hub.test/@ana" },
    });
    expect(JSON.stringify(person)).not.toContain("ana@example.org");
  });

  it("keep the same keys from one request to the next", async () => {
    const first = await (await hub.request("/@wmke", { headers: AS_JSON })).json();
    const second = await (await hub.request("/@wmke", { headers: AS_JSON })).json();
    expect(second.publicKey.publicKeyPem).toBe(first.publicKey.publicKeyPem);
  });

  it("include the instance's own Application actor, found by the host name", async () => {
    const jrd = await (
      await hub.request("/.well-known/webfinger?resource=acct:hub.test@hub.test")
    ).json();
    const href = jrd.links.find((l: { rel: string }) => l.rel === "self").href;
    const actor = await (await hub.request(new URL(href).pathname, { headers: AS_JSON })).json();
    expect(actor).toMatchObject({ type: "Application", preferredUsername: "hub.test" });
    expect(actor.publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
  });

  it("answer browsers with an HTML page at the same URL", async () => {
    const response = await hub.request("/@wmke", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Wikimedia Kenya");
    expect(html).toContain("@wmke@hub.test");
  });

  it("answer 404 for an unknown handle, as JSON or HTML", async () => {
    expect((await hub.request("/@nobody", { headers: AS_JSON })).status).toBe(404);
    expect((await hub.request("/@nobody", { headers: { accept: "text/html" } })).status).toBe(404);
  });

  it("give a new space empty outbox and followers collections", async () => {
    const outbox = await (await hub.request("/@wmke/outbox", { headers: AS_JSON })).json();
    expect(outbox).toMatchObject({ type: "OrderedCollection", totalItems: 0 });
    const followers = await (await hub.request("/@wmke/followers", { headers: AS_JSON })).json();
    expect(followers).toMatchObject({ type: "OrderedCollection", totalItems: 0 });
  });
});

describe("inbox", () => {
  it("refuses an unsigned activity with 401", async () => {
    const response = await hub.request("/inbox", {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify({
        "@context": "https://www.w3.org/ns/activitystreams",
        id: "https://evil.test/follow/1",
        type: "Follow",
        actor: "https://evil.test/@mallory",
        object: "https://hub.test/@wmke",
      }),
    });
    expect(response.status).toBe(401);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await hub.request("/inbox", {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify({ type: "Note", content: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
  });
});
