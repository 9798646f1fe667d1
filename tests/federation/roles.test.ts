import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.ts";
import { findFollow } from "../../server/follows/follows.ts";
import { as, setUp, setUpDatabase } from "../helpers/driver.ts";
import {
  eventually,
  prepareInstance,
  startInstanceProcess,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
  await stopAll();
});

describe("web and worker processes against one database", () => {
  it("the web process only queues; a worker started later does the work", {
    timeout: 90_000,
  }, async () => {
    const [beta] = await startInstances(["beta"]);
    await setUp(beta, "beta_hub", "bo");
    const place = await prepareInstance("alpha");
    await startInstanceProcess("alpha", { ...place, env: { ROLE: "web" } });
    const database = createDb(place.databaseUrl, { max: 2 });
    closers.push(() => database.close());
    await setUpDatabase(database.db, "kenya", "kofi");

    // The web process answers WebFinger and takes the Follow into its queue…
    await as(beta, "bo").follow("@kenya@alpha.test");
    const queued = async () =>
      (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM queue_messages`)[0]?.n ??
      0;
    await eventually(async () => expect(await queued()).toBeGreaterThan(0));
    expect(
      await findFollow(database.db, "https://beta.test/@bo", "https://alpha.test/@kenya"),
    ).toBeUndefined();

    // …and a worker, which serves no HTTP, handles it: the follow is recorded and accepted.
    await startInstanceProcess("alpha", { ...place, env: { ROLE: "worker", QUEUE_WORKERS: "2" } });
    await eventually(
      async () =>
        expect(await as(beta, "bo").followState("https://alpha.test/@kenya")).toBe("accepted"),
      {
        timeout: 30_000,
      },
    );
    expect(await queued()).toBe(0);
  });
});
