import { watchRss } from "./child.ts";
import type { BenchConfig } from "./config.ts";
import type { Fleet } from "./fleet.ts";
import { SPACE, startBenchInstance } from "./instance.ts";
import { seedFollowers, seedRemoteActors } from "./seed.ts";
import { now, pollUntil } from "./stats.ts";

export interface FanoutRun {
  /** Publish request sent → the last inbox accepted the Create; NaN when not all were reached. */
  seconds: number;
  /** Inboxes (hosts) that accepted the Create. */
  reached: number;
  /** POSTs the fleet received for it (first knocks refused included). */
  posts: number;
  rejected: number;
  /** How long the publish request itself took. */
  publishMs: number;
  idleRss: number;
  peakRss: number;
}

const TIMEOUT_MS = 180_000;

/** One post of a space whose followers live on many fleet hosts (shared inboxes). */
export async function benchFanout(config: BenchConfig, fleet: Fleet): Promise<FanoutRun> {
  const { followers, instances } = config.fanout;
  const instance = await startBenchInstance(config.adminUrl, fleet);
  try {
    const { sql } = instance.database;
    await seedRemoteActors(sql, "f", followers, instances);
    await seedFollowers(sql, instance.spaceIri, "f", followers, instances);
    await fleet.reset();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = await instance.server.rss();
    const watch = watchRss(instance.server.pid);
    const start = now();
    const response = await fetch(`${instance.origin}/api/v1/actors/${SPACE}/posts`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${instance.token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ content: { en: "Our hub's annual meeting is on Saturday." } }),
    });
    const publishMs = now() - start;
    if (!response.ok) throw new Error(`publishing answered ${response.status}`);
    const done = await pollUntil(
      async () => {
        const create = (await fleet.tally()).Create;
        return create && create.distinct >= instances ? create : undefined;
      },
      TIMEOUT_MS,
      25,
    );
    // Late duplicates or retries still count as POSTs.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const create = (await fleet.tally()).Create;
    const peakRss = await watch.stop();
    return {
      seconds: done ? (done.lastAt - start) / 1000 : Number.NaN,
      reached: create?.distinct ?? 0,
      posts: create?.posts ?? 0,
      rejected: create?.rejected ?? 0,
      publishMs,
      idleRss,
      peakRss,
    };
  } finally {
    await instance.stop();
  }
}
