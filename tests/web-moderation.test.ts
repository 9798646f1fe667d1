import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setInstanceRole } from "../server/people/instance-roles.ts";
import { createPerson, NewPersonInput, setRole } from "../server/people/people.ts";
import { createLocalPost, findPostByIri, PostInput } from "../server/posts/posts.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
const PASSWORD = "a long password";

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  const space = await findSpaceByHandle(hub.deps.db, "wmke");
  if (space == null) throw new Error("no space");
  for (const handle of ["bo", "mia", "sam", "troll"]) {
    const created = await createPerson(
      hub.deps.db,
      NewPersonInput.parse({ handle, email: `${handle}@example.org`, password: PASSWORD }),
    );
    if (!created.ok) throw new Error(created.reason);
    if (handle === "sam") await setRole(hub.deps.db, space.id, created.person.id, "admin");
  }
  await setInstanceRole(hub.deps.db, "mia", "moderator", null);
});
afterAll(() => hub.close());

async function signedIn(login: string, password = PASSWORD) {
  const browser = new FormClient(hub);
  expect((await browser.submit("/login", "/login", { login, password })).status).toBe(303);
  return browser;
}

const html = async (response: Response | Promise<Response>) => (await response).text();

describe("moderation in the web UI", () => {
  it("takes a member's report to the moderators, who remove the post; the log shows it without the reporter", async () => {
    const post = await createLocalPost(
      hub.deps.db,
      { origin: hub.origin, handle: "troll", iri: "https://hub.test/@troll" },
      PostInput.parse({ content: { en: "Buy followers cheap" } }),
    );
    const bo = await signedIn("bo");
    const form = await html(bo.get(`/report?post=${encodeURIComponent(post.iri)}`));
    expect(form).toContain("You are reporting this post by @troll@hub.test");
    const sent = await bo.submit(`/report?post=${encodeURIComponent(post.iri)}`, "/report", {
      post: post.iri,
      category: "spam",
      comment: "Selling followers",
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("the moderators of hub.test will look at your report");

    // Only moderators see the queue.
    expect((await bo.get("/moderation")).status).toBe(403);
    const mia = await signedIn("mia");
    const queue = await html(mia.get("/moderation"));
    const link = queue.match(/href="(\/moderation\/reports\/[0-9a-f-]+)"/)?.[1];
    expect(link).toBeDefined();
    const report = await html(mia.get(link ?? ""));
    expect(report).toContain("Selling followers");
    expect(report).toContain("reported by @bo");
    const resolved = await mia.submit(link ?? "", `${link}/resolve`, {
      action: "remove-content",
      note: "Spam, gone",
    });
    expect(resolved.status).toBe(303);
    expect(await findPostByIri(hub.deps.db, post.iri)).toBeUndefined();
    expect(await html(mia.get(link ?? ""))).toContain("Remove the reported posts");

    const log = await html(new FormClient(hub).get("/moderation/log"));
    expect(log).toContain(`Removed ${post.iri}`);
    expect(log).toContain("Resolved a report about https://hub.test/@troll: posts removed");
    expect(log).toContain("reported as: Spam");
    expect(log).not.toContain("@bo");
    expect(log).not.toContain("Selling followers");
    const feed = await new FormClient(hub).get("/moderation/log.atom");
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const atom = await feed.text();
    expect(atom).toContain(
      '<title type="text">Resolved a report about https://hub.test/@troll: posts removed</title>',
    );
    expect(atom).not.toContain("@bo");
  });

  it("lets moderators block a server on the public policy page, and nobody else", async () => {
    const bo = await signedIn("bo");
    expect(
      (
        await bo.submit("/moderation/log", "/moderation/policy/block", {
          domain: "spam.example",
          level: "suspend",
        })
      ).status,
    ).toBe(403);
    const mia = await signedIn("mia");
    const invalid = await mia.submit("/moderation/policy", "/moderation/policy/block", {
      domain: "not a domain",
      level: "silence",
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("must be a domain name");
    const blocked = await mia.submit("/moderation/policy", "/moderation/policy/block", {
      domain: "Spam.Example",
      level: "silence",
      reason: "Floods of ads",
    });
    expect(blocked.status).toBe(303);
    const policy = await html(new FormClient(hub).get("/moderation/policy"));
    expect(policy).toContain("spam.example");
    expect(policy).toContain("Floods of ads");
    expect(policy).toContain("kept out of public lists, the directory and search");
    // The allowlist is the admins' call.
    expect(
      (await mia.submit("/moderation/policy", "/moderation/policy/allowlist", { enabled: "true" }))
        .status,
    ).toBe(403);
    const french = await new FormClient(hub).get("/moderation/log", { "accept-language": "fr" });
    expect(await french.text()).toContain("A masqué le serveur spam.example");
  });

  it("lets a space's admins block a server for the space", async () => {
    const bo = await signedIn("bo");
    expect((await bo.get("/@wmke/settings/blocks")).status).toBe(403);
    const sam = await signedIn("sam");
    const added = await sam.submit("/@wmke/settings/blocks", "/@wmke/settings/blocks", {
      target: "noisy.example",
      reason: "Reply floods",
    });
    expect(added.status).toBe(200);
    const page = await added.text();
    expect(page).toContain("0 follows ended.");
    expect(page).toContain("noisy.example");
    expect(await html(new FormClient(hub).get("/moderation/log"))).toContain(
      "@wmke blocked noisy.example",
    );
  });

  it("suspends an account: signed out, its actor gone, back once lifted", async () => {
    const troll = await signedIn("troll");
    expect(await html(troll.get("/home"))).toContain("@troll");
    const mia = await signedIn("mia");
    const account = await html(
      mia
        .get("/moderation/accounts?handle=troll")
        .then((r) => mia.get(r.headers.get("location") ?? "")),
    );
    expect(account).toContain("Suspend the account");
    const suspended = await mia.submit(
      "/moderation/accounts/troll",
      "/moderation/accounts/troll/suspend",
      {
        reason: "Spam account",
      },
    );
    expect(suspended.status).toBe(303);
    expect((await troll.get("/home")).status).toBe(303);
    const again = await new FormClient(hub).submit("/login", "/login", {
      login: "troll",
      password: PASSWORD,
    });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("This account is suspended");
    const actor = await hub.request("/@troll", {
      headers: { accept: "application/activity+json" },
    });
    expect(actor.status).toBe(410);
    expect((await new FormClient(hub).get("/@troll")).status).toBe(404);
    // Only admins delete accounts.
    expect((await mia.get("/moderation/accounts/troll/delete")).status).toBe(403);
    expect(
      (await mia.submit("/moderation/accounts/troll", "/moderation/accounts/troll/unsuspend", {}))
        .status,
    ).toBe(303);
    expect(
      (await hub.request("/@troll", { headers: { accept: "application/activity+json" } })).status,
    ).toBe(200);
  });
});
