import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, findPersonByHandle, NewPersonInput } from "../server/people/people.ts";
import { findSpaceByHandle } from "../server/spaces/spaces.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";
import { setUpInstance } from "./helpers/setup.ts";

let hub: TestInstance;
let ana: FormClient;

async function signedIn(login: string, password: string) {
  const browser = new FormClient(hub);
  expect((await browser.submit("/login", "/login", { login, password })).status).toBe(303);
  return browser;
}

const textOf = async (response: Response) => (await response.text()).replace(/\s+/g, " ");
const linkIn = (page: string) => page.match(/value="(https:\/\/hub\.test\/invite\/[^"]+)"/)?.[1];

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  ana = await signedIn("ana", "correct horse battery");
});
afterAll(() => hub.close());

describe("invitations and sign-up", () => {
  let link: string;

  it("an owner makes an editor's invitation link; it makes an account with that role, once", async () => {
    const made = await ana.submit("/@wmke/people", "/@wmke/invitations", { role: "editor" });
    expect(made.status).toBe(200);
    const page = await made.text();
    expect(page).toContain("Invitation ready");
    link = linkIn(page) ?? "";
    expect(link).toMatch(/^https:\/\/hub\.test\/invite\/[\w-]{20,}$/);
    const path = new URL(link).pathname;

    const kofi = new FormClient(hub);
    const invited = await textOf(await kofi.get(path));
    expect(invited).toContain("You are invited to <bdi>Wikimedia Kenya</bdi> as editor.");
    const joined = await kofi.submit(path, path, {
      handle: "kofi",
      email: "kofi@example.org",
      password: "a long password",
      displayName: "Kofi",
    });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toBe("/@wmke");
    expect(await textOf(await kofi.get("/@wmke"))).toContain("Welcome! Your account is ready.");
    // Kofi edits for the space now: its compose form is his.
    expect(await textOf(await kofi.get("/compose?kind=lesson&as=wmke"))).toContain("New lesson");

    // The link is spent: a second person cannot use it.
    const late = new FormClient(hub);
    expect((await late.get(path)).status).toBe(404);
    const reused = await late.submit("/login", path, {
      handle: "late",
      email: "late@example.org",
      password: "a long password",
    });
    expect(reused.status).toBe(404);
    expect(await findPersonByHandle(hub.deps.db, "late")).toBeUndefined();
  });

  it("a withdrawn invitation no longer works", async () => {
    const page = await (
      await ana.submit("/@wmke/people", "/@wmke/invitations", { role: "member" })
    ).text();
    const path = new URL(linkIn(page) ?? "").pathname;
    const id = page.match(/\/@wmke\/invitations\/([\w-]+)\/revoke/)?.[1] ?? "";
    const revoked = await ana.submit("/@wmke/people", `/@wmke/invitations/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await new FormClient(hub).get(path)).status).toBe(404);
  });

  it("open sign-up is off until an operator turns it on", async () => {
    const visitor = new FormClient(hub);
    expect((await visitor.get("/signup")).status).toBe(403);
    expect(await textOf(await visitor.get("/login"))).toContain(
      "Accounts here are made by invitation",
    );
    expect((await ana.submit("/admin", "/admin/settings", { openSignup: "on" })).status).toBe(303);
    expect(await textOf(await visitor.get("/login"))).toContain('href="/signup"');
    const made = await visitor.submit("/signup", "/signup", {
      handle: "mira",
      email: "mira@example.org",
      password: "a long password",
    });
    expect(made.status).toBe(303);
    expect(await findPersonByHandle(hub.deps.db, "mira")).toBeDefined();
    await ana.submit("/admin", "/admin/settings", {});
    expect((await new FormClient(hub).get("/signup")).status).toBe(403);
  });
});

describe("members and roles", () => {
  it("an owner gives and takes roles; the last owner stays", async () => {
    await createPerson(
      hub.deps.db,
      NewPersonInput.parse({
        handle: "lena",
        email: "lena@example.org",
        password: "a long password",
      }),
    );
    const given = await ana.submit("/@wmke/people", "/@wmke/people", {
      person: "@lena",
      role: "admin",
    });
    expect(given.status).toBe(303);
    expect(await textOf(await ana.get("/@wmke/people"))).toMatch(
      /@lena<\/span> <span class="role">admin/,
    );
    // Lena, an admin, cannot make herself owner, nor touch Ana's role.
    const lena = await signedIn("lena", "a long password");
    expect(
      (await lena.submit("/@wmke/people", "/@wmke/people", { person: "lena", role: "owner" }))
        .status,
    ).toBe(403);
    expect(
      (await lena.submit("/@wmke/people", "/@wmke/people", { person: "ana", role: "member" }))
        .status,
    ).toBe(403);
    const lastOwner = await ana.submit("/@wmke/people", "/@wmke/people", {
      person: "ana",
      role: "editor",
    });
    expect(lastOwner.status).toBe(400);
    expect(await lastOwner.text()).toContain("A space must keep at least one owner.");
    const removed = await ana.submit("/@wmke/people", "/@wmke/people", {
      person: "lena",
      role: "none",
    });
    expect(removed.status).toBe(303);
    expect((await lena.get("/@wmke/people")).status).toBe(403);
  });

  it("someone without an account is told to use an invitation", async () => {
    const page = await ana.submit("/@wmke/people", "/@wmke/people", {
      person: "nobody",
      role: "editor",
    });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("invite them by a link");
  });
});

describe("space settings", () => {
  it("edits the profile in each language, shows which names are missing, and keeps a name in the default language", async () => {
    const form = await textOf(
      await ana.submit("/@wmke/settings", "/@wmke/settings", {
        defaultLanguage: "en",
        languages: "en, fr, sw",
        "name.en": "Wikimedia Kenya",
        add: "1",
      }),
    );
    expect(form).toContain('name="name.fr"');
    expect(form).toContain('name="name.sw"');
    expect(form).toContain("No name yet in: French and Swahili.");
    const saved = await ana.submit("/@wmke/settings", "/@wmke/settings", {
      defaultLanguage: "en",
      languages: "en, fr",
      "name.en": "Wikimedia Kenya",
      "name.fr": "Wikimédia Kenya",
      "summary.en": "Volunteers in Kenya",
      regions: "ke, KE-30",
      themes: "Education",
      website: "https://wikimedia.or.ke",
    });
    expect(saved.status).toBe(303);
    const space = await findSpaceByHandle(hub.deps.db, "wmke");
    expect(space).toMatchObject({
      name: { en: "Wikimedia Kenya", fr: "Wikimédia Kenya" },
      summary: { en: "Volunteers in Kenya" },
      languages: ["en", "fr"],
      regions: ["KE", "KE-30"],
      themes: ["education"],
      website: "https://wikimedia.or.ke",
    });
    const french = await textOf(await ana.get("/@wmke", { "accept-language": "fr" }));
    expect(french).toContain("Wikimédia Kenya");
    const noName = await ana.submit("/@wmke/settings", "/@wmke/settings", {
      defaultLanguage: "en",
      languages: "en",
    });
    expect(noName.status).toBe(422);
    expect((await findSpaceByHandle(hub.deps.db, "wmke"))?.name.en).toBe("Wikimedia Kenya");
  });

  it("a second space, made by the operator, is theirs to manage", async () => {
    const made = await ana.submit("/spaces/new", "/spaces/new", {
      name: "East Africa Hub",
      kind: "hub",
      focus: "regional",
      language: "en",
    });
    expect(made.status).toBe(303);
    expect(made.headers.get("location")).toBe("/@east_africa_hub/settings");
    expect(await findSpaceByHandle(hub.deps.db, "east_africa_hub")).toMatchObject({
      kind: "hub",
      focus: "regional",
    });
    expect(await textOf(await ana.get("/settings"))).toContain("East Africa Hub");
    const kofi = await signedIn("kofi", "a long password");
    expect((await kofi.get("/spaces/new")).status).toBe(403);
  });
});

describe("a person's own settings", () => {
  it("changes the display name, and the password with the current one only", async () => {
    const kofi = await signedIn("kofi", "a long password");
    expect(
      (await kofi.submit("/settings/profile", "/settings/profile", { displayName: "Kofi A." }))
        .status,
    ).toBe(303);
    expect((await findPersonByHandle(hub.deps.db, "kofi"))?.displayName).toBe("Kofi A.");
    const elsewhere = await signedIn("kofi", "a long password");
    const wrong = await kofi.submit("/settings/password", "/settings/password", {
      current: "not it",
      password: "another long password",
    });
    expect(wrong.status).toBe(403);
    const changed = await kofi.submit("/settings/password", "/settings/password", {
      current: "a long password",
      password: "another long password",
    });
    expect(changed.status).toBe(303);
    // This browser stays signed in; the other one, and the old password, do not.
    expect(await textOf(await kofi.get("/settings"))).toContain("Password changed.");
    expect((await elsewhere.get("/settings")).status).toBe(303);
    await signedIn("kofi", "another long password");
  });
});

describe("the operators' page", () => {
  it("shows people, the queue and failing hosts, to operators only", async () => {
    await hub.deps.sql`
      INSERT INTO queue_messages (channel, message)
      VALUES ('outbox', ${JSON.stringify({ type: "outbox", activityType: "https://www.w3.org/ns/activitystreams#Create", inbox: "https://down.example/inbox", attempt: 3 })}::jsonb)`;
    const page = await textOf(await ana.get("/admin"));
    expect(page).toContain("1 message waits in the queue");
    expect(page).toContain('data-host="down.example"');
    expect(page).toContain("@kofi");
    const kofi = await signedIn("kofi", "another long password");
    expect((await kofi.get("/admin")).status).toBe(403);
  });
});
