import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, NewPersonInput } from "../server/people/people.ts";
import { createLocalPost, PostInput } from "../server/posts/posts.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let postPath: string;
beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  await createPerson(
    hub.deps.db,
    NewPersonInput.parse({ handle: "bo", email: "bo@example.org", password: "a long password" }),
  );
  const post = await createLocalPost(
    hub.deps.db,
    { origin: hub.origin, handle: "wmke", iri: "https://hub.test/@wmke" },
    PostInput.parse({ content: { en: "Board minutes: members only" }, visibility: "followers" }),
  );
  postPath = new URL(post.iri).pathname;
});
afterAll(() => hub.close());

async function signedIn(login: string, password: string) {
  const browser = new FormClient(hub);
  expect((await browser.submit("/login", "/login", { login, password })).status).toBe(303);
  return browser;
}

describe("a space's posts in the web UI", () => {
  it("can be edited and deleted by the space's editors only", async () => {
    const bo = await signedIn("bo", "a long password");
    const id = postPath.split("/").pop();
    // Not through another handle's URL, not as a stranger: no form, and nothing leaks.
    const disguised = await bo.get(`/@bo/posts/${id}/edit`);
    expect(disguised.status).toBe(404);
    expect(await disguised.text()).not.toContain("Board minutes");
    const direct = await bo.get(`${postPath}/edit`);
    expect(direct.status).toBe(403);
    expect(await direct.text()).not.toContain("Board minutes");
    expect((await bo.submit("/home", `${postPath}/delete`, {})).status).toBe(403);
    expect((await bo.get(postPath)).status).toBe(404);

    const ana = await signedIn("ana", "correct horse battery");
    expect(await (await ana.get(`${postPath}/edit`)).text()).toContain("Board minutes");
    const edited = await ana.submit(`${postPath}/edit`, `${postPath}/edit`, {
      as: "wmke",
      content: "Board minutes: published",
      language: "en",
    });
    expect(edited.status).toBe(303);
    expect(await (await ana.get(postPath)).text()).toContain("published");
    expect((await ana.submit(postPath, `${postPath}/delete`, {})).status).toBe(303);
    expect((await ana.get(postPath)).status).toBe(404);
  });
});
