import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, findPersonByHandle, NewPersonInput } from "../../server/people/people.ts";
import { changeRole } from "../../server/spaces/roles.ts";
import { createToken } from "../../server/tokens/tokens.ts";
import { FormClient } from "../helpers/browser.ts";
import { createTestInstance, type TestInstance } from "../helpers/instance.ts";
import { setUpInstance } from "../helpers/setup.ts";

let hub: TestInstance;

/** Calls the instance's API in-process with a person's token. */
async function client(handle: string, scopes: ("read" | "write" | "admin")[] = ["write"]) {
  const person = await findPersonByHandle(hub.deps.db, handle);
  if (person == null) throw new Error(handle);
  const { secret } = await createToken(hub.deps.db, person.id, { name: "t", scopes });
  return async (method: string, path: string, body?: unknown) => {
    const response = await hub.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
}

beforeAll(async () => {
  hub = await createTestInstance("https://hub.test");
  await setUpInstance(hub);
  await createPerson(
    hub.deps.db,
    NewPersonInput.parse({
      handle: "adam",
      email: "adam@example.org",
      password: "a long password",
    }),
  );
  await changeRole(hub.deps.db, "wmke", "adam", "admin");
});
afterAll(() => hub.close());

describe("invitations and instance settings in the API", () => {
  it("an admin invites an editor by a link that makes an account, but not an owner", async () => {
    const adam = await client("adam");
    expect((await adam("POST", "/spaces/wmke/invitations", { role: "owner" })).status).toBe(403);
    const made = await adam("POST", "/spaces/wmke/invitations", { role: "editor" });
    expect(made.status).toBe(201);
    expect(made.json.url).toMatch(/^https:\/\/hub\.test\/invite\//);
    const listed = await adam("GET", "/spaces/wmke/invitations");
    expect(listed.json.items.map((i: { id: string }) => i.id)).toEqual([made.json.id]);
    const path = new URL(made.json.url).pathname;
    const joined = await new FormClient(hub).submit(path, path, {
      handle: "edna",
      email: "edna@example.org",
      password: "a long password",
    });
    expect(joined.status).toBe(303);
    expect((await adam("GET", "/spaces/wmke/invitations")).json.items).toEqual([]);
    const second = await adam("POST", "/spaces/wmke/invitations", { role: "member" });
    expect((await adam("DELETE", `/spaces/wmke/invitations/${second.json.id}`)).status).toBe(204);
    expect((await adam("DELETE", `/spaces/wmke/invitations/${second.json.id}`)).status).toBe(404);
  });

  it("an editor may not invite; only operators change the instance's settings", async () => {
    const edna = await client("edna");
    expect((await edna("POST", "/spaces/wmke/invitations", { role: "member" })).status).toBe(403);
    expect((await edna("PATCH", "/instance/settings", { openSignup: true })).status).toBe(403);
    const ana = await client("ana", ["read", "write", "admin"]);
    const changed = await ana("PATCH", "/instance/settings", { openSignup: true, about: "Kenya" });
    expect(changed.json).toEqual({ openSignup: true, peopleCreateSpaces: false, about: "Kenya" });
    expect((await ana("GET", "/instance/settings")).json.openSignup).toBe(true);
    const invited = await ana("POST", "/instance/invitations");
    expect(invited.json).toMatchObject({ role: null, url: expect.stringContaining("/invite/") });
  });
});
