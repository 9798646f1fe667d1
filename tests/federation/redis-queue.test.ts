import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { as, setUp } from "../helpers/driver.ts";
import {
  eventually,
  type HarnessInstance,
  startInstances,
  stopAll,
} from "../helpers/federation-harness.ts";

// The machine's Redis; REDIS_URL points elsewhere when it lives somewhere else.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
// Fresh host names, so nothing a previous run left in Redis is taken for this run's work.
const run = randomBytes(3).toString("hex");
let alpha: HarnessInstance;
let beta: HarnessInstance;

beforeAll(async () => {
  [alpha, beta] = await startInstances([`ra${run}`, `rb${run}`], {
    env: { QUEUE: "redis", REDIS_URL },
  });
  await setUp(alpha, "alpha_hub", "ana");
  await setUp(beta, "kenya", "kofi");
});
afterAll(async () => {
  await stopAll();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`hubnet:r?${run}.test:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** How many messages Redis has been given (its ZADD count, as the queue adds with ZADD). */
async function zaddCalls(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  const stats = await redis.info("commandstats");
  redis.disconnect();
  return Number(stats.match(/cmdstat_zadd:calls=(\d+)/)?.[1] ?? 0);
}

describe("the queue in Redis (QUEUE=redis)", () => {
  it("carries follows and posts between instances, and nothing waits in PostgreSQL", async () => {
    expect(alpha.deps.config.QUEUE).toBe("redis");
    const enqueuedBefore = await zaddCalls();
    await as(alpha, "ana").follow(`@kenya@${beta.host}`);
    await eventually(async () =>
      expect(await as(alpha, "ana").followState(`${beta.origin}/@kenya`)).toBe("accepted"),
    );
    const post = await as(beta, "kenya").publish({ content: { en: "Sent through Redis" } });
    await eventually(async () =>
      expect((await as(alpha, "ana").timeline()).map((p) => p.iri)).toContain(post.iri),
    );
    for (const instance of [alpha, beta]) {
      const [row] = await instance.deps.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM queue_messages`;
      expect(row?.n).toBe(0);
    }
    // Follow, Accept, Create and the fan-out at least went through Redis.
    expect((await zaddCalls()) - enqueuedBefore).toBeGreaterThanOrEqual(4);
  });

  it("refuses QUEUE=redis without a REDIS_URL, naming the variable", () => {
    expect(() => loadConfig({ ORIGIN: "https://x.example", QUEUE: "redis" })).toThrow(
      /^Invalid REDIS_URL: is needed when QUEUE=redis/,
    );
    expect(() => loadConfig({ QUEUE: "kafka" })).toThrow(/^Invalid QUEUE: must be postgres/);
  });
});
