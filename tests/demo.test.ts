import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../server/config.ts";
import { type DemoNetwork, startDemoNetwork } from "../server/demo/network.ts";
import { demoPassword, seedDemo } from "../server/demo/seed.ts";
import { authenticate } from "../server/people/people.ts";

/**
 * `npm run hubnet -- demo`, in this process against the test PostgreSQL: three instances on
 * https://*.localhost federate, and the seed went through all of them.
 */
let network: DemoNetwork | undefined;
let dataDir = "";
afterAll(async () => {
  await network?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the demo network", () => {
  it("starts three federating instances and seeds them through federation", {
    timeout: 300_000,
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), "hubnet-demo-"));
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: inject("adminDatabaseUrl") });
    const basePort = 20_000 + Math.floor(Math.random() * 30_000);
    network = await startDemoNetwork(config, { basePort, fresh: true });
    const password = await demoPassword(join(dataDir, "demo"));
    expect(await seedDemo(network.instances, password)).toBe(true);
    const [hub, kenya, ivoire] = network.instances;
    if (hub == null || kenya == null || ivoire == null) throw new Error("three instances");
    expect(hub.origin).toBe(`https://hub.localhost:${basePort}`);

    // The affiliates' votes, the like and the RSVP reached the hub over HTTPS.
    const { db } = hub.running.deps;
    await expect
      .poll(async () => (await db.query.votes.findMany()).map((v) => v.voterIri).sort(), {
        timeout: 60_000,
      })
      .toEqual([`${ivoire.origin}/@ivoire`, `${kenya.origin}/@kenya`]);
    // Kenya's offer and Côte d'Ivoire's need reached the hub, which follows both.
    const kinds = (await db.query.posts.findMany()).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["offer", "need", "lesson", "event", "proposal"]));
    // The printed password signs in.
    expect(await authenticate(kenya.running.deps.db, "wanjiru", password)).toBeDefined();
    // A second run finds the network seeded and leaves it as it is.
    expect(await seedDemo(network.instances, password)).toBe(false);
  });
});
