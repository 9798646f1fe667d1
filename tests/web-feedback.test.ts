import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, findPersonByHandle, NewPersonInput } from "../server/people/people.ts";
import { changeRole } from "../server/spaces/roles.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;
let bo: FormClient;

async function signedIn(login: string, password: string) {
  const browser = new FormClient(hub);
  expect((await browser.submit("/login", "/login", { login, password })).status).toBe(303);
  return browser;
}

/** The page a redirect leads to, as the browser would load it next. */
async function follow(browser: FormClient, response: Response) {
  expect(response.status, await response.clone().text()).toBe(303);
  return (await browser.get(response.headers.get("location") ?? "/")).text();
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  await createPerson(
    hub.deps.db,
    NewPersonInput.parse({ handle: "bo", email: "bo@example.org", password: "a long password" }),
  );
  await changeRole(hub.deps.db, "wmke", "bo", "editor");
  ana = await signedIn("ana", "correct horse battery");
  bo = await signedIn("bo", "a long password");
});
afterAll(() => hub.close());

describe("what the web UI says after each action", () => {
  let postPath: string;

  it("says a post was published, once", async () => {
    const published = await ana.submit("/home", "/posts", {
      as: "wmke",
      content: "Edit-a-thon on Saturday",
      language: "en",
      visibility: "public",
    });
    postPath = published.headers.get("location") ?? "";
    const page = await follow(ana, published);
    expect(page).toContain("Published.");
    expect(page).toContain('role="status"');
    // Said once: the next page load is quiet.
    expect(await (await ana.get(postPath)).text()).not.toContain("Published.");
  });

  it("a space's own posts reach the home of its editors", async () => {
    const home = await (await bo.get("/home")).text();
    expect(home).toContain("Edit-a-thon on Saturday");
  });

  it("like and boost show whether the reader pressed them, and a repeated form changes nothing", async () => {
    const iri = `${hub.origin}${postPath}`;
    const before = await (await bo.get(postPath)).text();
    expect(before).toMatch(/aria-pressed="false"[^>]*>\s*Like/);
    const like = { iri, kind: "like", as: "bo", wanted: "on" };
    expect((await bo.submit(postPath, "/reactions", like)).status).toBe(303);
    // The same form again (a double click, a resent form) keeps the like.
    expect((await bo.submit(postPath, "/reactions", like)).status).toBe(303);
    const liked = await (await bo.get(postPath)).text();
    expect(liked).toMatch(/aria-pressed="true"[^>]*>(<span[^>]*>✓ <\/span>)?\s*Like/);
    expect(liked).toContain("1 like");
    expect(liked).toMatch(/aria-pressed="false"[^>]*>\s*Boost/);
    await bo.submit(postPath, "/reactions", { ...like, wanted: "off" });
    const unliked = await (await bo.get(postPath)).text();
    expect(unliked).toContain("0 likes");
    expect(unliked).toMatch(/aria-pressed="false"[^>]*>\s*Like/);
  });

  it("the space's managers see who reacted in their notifications, and can mark them read", async () => {
    await bo.submit(postPath, "/reactions", {
      iri: `${hub.origin}${postPath}`,
      kind: "boost",
      as: "bo",
      wanted: "on",
    });
    const header = await (await ana.get("/")).text();
    expect(header).toMatch(/Notifications \(\d+ new\)/);
    const list = await (await ana.get("/notifications")).text();
    expect(list).toMatch(/bo<\/bdi><\/a> boosted a post of <bdi>Wikimedia Kenya<\/bdi>/);
    const read = await follow(ana, await ana.submit("/notifications", "/notifications/read", {}));
    expect(read).toContain("All notifications marked read.");
    expect(read).not.toMatch(/Notifications \(\d+ new\)/);
    // Bo is an editor, not a manager of the space: the space's notifications are not his.
    expect(await (await bo.get("/notifications")).text()).toContain("No notifications yet.");
  });

  it("follows as oneself or as a managed space, and says so", async () => {
    const home = await (await ana.get("/home")).text();
    expect(home).toMatch(/<select id="follow-as" name="as">.*value="wmke"/s);
    const page = await follow(
      ana,
      await ana.submit("/home", "/follow", { target: "@bo@hub.test", as: "wmke" }),
    );
    expect(page).toContain("Following.");
    expect(await (await ana.get("/@bo/followers")).text()).toContain("Wikimedia Kenya");
    // Bo edits for the space but does not manage it: he follows as himself only.
    expect(await (await bo.get("/home")).text()).not.toContain('id="follow-as"');
    expect(
      (await bo.submit("/home", "/follow", { target: "@ana@hub.test", as: "wmke" })).status,
    ).toBe(403);
  });

  it("asks before deleting, then says it was deleted", async () => {
    const confirm = await (await ana.get(`${postPath}/delete`)).text();
    expect(confirm).toContain("Delete this post?");
    expect(confirm).toContain("Edit-a-thon on Saturday");
    expect(confirm).toContain(`action="${postPath}/delete"`);
    // Only the confirmation page carries the form; the post's page links to it.
    expect(await (await ana.get(postPath)).text()).toContain(`href="${postPath}/delete"`);
    const page = await follow(
      ana,
      await ana.submit(`${postPath}/delete`, `${postPath}/delete`, {}),
    );
    expect(page).toContain("Deleted.");
    expect((await ana.get(postPath)).status).toBe(404);
    expect(await findPersonByHandle(hub.deps.db, "bo")).toBeDefined();
  });
});
