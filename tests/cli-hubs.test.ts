import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { setUp } from "./helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "./helpers/federation-harness.ts";
import { foundHub, spaceAdmin } from "./helpers/hub-driver.ts";

let alpha: HarnessInstance;
let beta: HarnessInstance;
const HUB = "https://beta.test/@africa_hub";
const LAGOS = "https://alpha.test/@lagos";
const month = new Date().toISOString().slice(0, 7);

/** `npm run hubnet -- …` against an instance's database, as its operator runs it beside it. */
const hubnet = (instance: HarnessInstance, ...args: string[]) =>
  runCli(
    {
      ORIGIN: instance.origin,
      DATABASE_URL: instance.deps.config.DATABASE_URL ?? "",
      DATA_DIR: instance.deps.config.DATA_DIR,
      ALLOW_PRIVATE_ADDRESSES: "true",
      LOG_LEVEL: "fatal",
    },
    args,
  );

beforeAll(async () => {
  [alpha, beta] = await startInstances(["alpha", "beta"]);
  await setUp(alpha, "lagos", "ana");
  await setUp(beta, "kenya", "kofi");
  await foundHub(beta, "africa_hub", "kofi", { regions: ["KE"] });
});
afterAll(() => stopAll());

describe("hub commands", () => {
  it("a space on alpha asks to join the hub on beta, whose operator accepts", async () => {
    const join = await hubnet(
      alpha,
      "hub",
      "join",
      "--space",
      "lagos",
      "--hub",
      "@africa_hub@beta.test",
    );
    expect(join).toMatchObject({ code: 0, stdout: `@lagos → ${HUB}: pending.\n` });
    await eventually(async () =>
      expect((await hubnet(beta, "hub", "requests", "--space", "africa_hub")).stdout).toContain(
        LAGOS,
      ),
    );
    const accept = await hubnet(
      beta,
      "hub",
      "accept",
      "--hub",
      "africa_hub",
      "--member",
      "@lagos@alpha.test",
    );
    expect(accept).toMatchObject({ code: 0, stdout: `${LAGOS} in @africa_hub: accepted.\n` });
    await eventually(async () =>
      expect(await spaceAdmin(alpha, "lagos").membershipOf(HUB)).toBe("accepted"),
    );
    expect((await hubnet(alpha, "hub", "hubs", "--space", "lagos")).stdout).toMatch(
      new RegExp(`${HUB}\\s+accepted`),
    );
  });

  it("suspends and reinstates a member, and sets how the hub accepts", async () => {
    expect(
      (await hubnet(beta, "hub", "suspend", "--hub", "africa_hub", "--member", LAGOS)).code,
    ).toBe(0);
    expect((await hubnet(beta, "hub", "members", "--space", "africa_hub")).stdout).toContain(
      "accepted (suspended)",
    );
    expect(
      (await hubnet(beta, "hub", "reinstate", "--hub", "africa_hub", "--member", LAGOS)).code,
    ).toBe(0);
    const approval = await hubnet(
      beta,
      "hub",
      "approval",
      "--space",
      "africa_hub",
      "--mode",
      "automatic",
    );
    expect(approval.stdout).toBe("@africa_hub accepts requests to join: automatic.\n");
  });

  it("says why it refuses", async () => {
    const notSpace = await hubnet(alpha, "hub", "join", "--space", "ana", "--hub", HUB);
    expect(notSpace).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Only spaces join hubs"),
    });
    const again = await hubnet(beta, "hub", "accept", "--hub", "africa_hub", "--member", LAGOS);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("not waiting") });
    const notHub = await hubnet(beta, "hub", "approval", "--space", "kenya", "--mode", "manual");
    expect(notHub).toMatchObject({ code: 1, stderr: expect.stringContaining("not a hub") });
    const usage = await hubnet(
      beta,
      "hub",
      "approval",
      "--space",
      "africa_hub",
      "--mode",
      "sometimes",
    );
    expect(usage.code).toBe(64);
  });
});

describe("directory, engagement and archive commands", () => {
  it("refreshes and lists the directory", async () => {
    const refreshed = await hubnet(alpha, "directory", "refresh");
    expect(refreshed).toMatchObject({ code: 0, stdout: "Refreshed 1, unreachable 0.\n" });
    const hubs = await hubnet(alpha, "directory", "list", "--kind", "hub");
    expect(hubs.stdout).toMatch(/@africa_hub@beta\.test\s+hub\s+africa_hub\s+1\s+1\s+never\s+ok/);
    expect(hubs.stdout).not.toContain("@lagos@alpha.test");
    expect((await hubnet(alpha, "directory", "list", "--region", "Kenya")).code).toBe(64);
  });

  it("prints a hub's engagement as CSV, with its members", async () => {
    const csv = await hubnet(beta, "engagement", "--space", "africa_hub", "--months", "2");
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toMatch(/^space,period_start,period_end,followers,member_spaces,/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(new RegExp(`^${HUB},${month}-01T00:00:00.000Z,.*,1,1,`));
    expect(lines[3]).toMatch(new RegExp(`^${LAGOS},`));
  });

  it("reads back the archive", async () => {
    const months = await hubnet(beta, "archive", "--space", "africa_hub");
    expect(months.stdout).toMatch(new RegExp(`${month}\\s+-\\s+4\\s+0`));
    const changes = await hubnet(
      beta,
      "archive",
      "--space",
      "africa_hub",
      "--month",
      month,
      "--kind",
      "memberships",
    );
    expect(changes.stdout.match(/requested|accepted|suspended|reinstated/g)).toEqual([
      "reinstated",
      "suspended",
      "accepted",
      "requested",
    ]);
  });

  it("a space leaves its hub", async () => {
    const leave = await hubnet(
      alpha,
      "hub",
      "leave",
      "--space",
      "lagos",
      "--hub",
      "@africa_hub@beta.test",
    );
    expect(leave).toMatchObject({ code: 0, stdout: `@lagos and ${HUB}: left.\n` });
    await eventually(async () =>
      expect(await spaceAdmin(beta, "africa_hub").memberState(LAGOS)).toBeUndefined(),
    );
  });
});
