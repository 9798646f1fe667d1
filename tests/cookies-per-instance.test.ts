import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSetupToken } from "../server/setup/setup.ts";
import { FormClient } from "./helpers/browser.ts";
import { createTestInstance, type TestInstance } from "./helpers/instance.ts";

// Browsers keep cookies per host name, whatever the port: two instances on localhost share a jar.
let first: TestInstance;
let second: TestInstance;
beforeAll(async () => {
  [first, second] = await Promise.all([
    createTestInstance("http://localhost:3000"),
    createTestInstance("http://localhost:3001"),
  ]);
});
afterAll(() => Promise.all([first.close(), second.close()]));

async function setUp(browser: FormClient, instance: TestInstance, handle: string) {
  const token = (await issueSetupToken(instance.deps.db)) ?? "";
  const done = await browser.submit(`/setup?token=${token}`, "/setup", {
    token,
    spaceName: `Space of ${handle}`,
    spaceHandle: "",
    spaceKind: "affiliate",
    language: "en",
    displayName: "",
    handle,
    email: `${handle}@example.org`,
    password: "correct horse battery",
  });
  expect(done.status).toBe(303);
}

describe("two instances on one host name, different ports", () => {
  it("keep separate sessions in one browser", async () => {
    const jar = new Map<string, string>();
    const atFirst = new FormClient(first, jar);
    const atSecond = new FormClient(second, jar);
    await setUp(atFirst, first, "ana");
    await setUp(atSecond, second, "kofi");

    // Signing in to the second left the first signed in, each as its own person.
    expect(await (await atFirst.get("/")).text()).toMatch(/Signed in as.*@ana/s);
    expect(await (await atSecond.get("/")).text()).toMatch(/Signed in as.*@kofi/s);
    expect([...jar.keys()].filter((name) => name.startsWith("hubnet_session")).sort()).toEqual([
      "hubnet_session_3000",
      "hubnet_session_3001",
    ]);

    await atSecond.submit("/", "/logout", {});
    expect(await (await atFirst.get("/")).text()).toMatch(/Signed in as.*@ana/s);
    expect(await (await atSecond.get("/")).text()).not.toContain("Signed in as");
  });
});
