import type { BenchConfig } from "./config.ts";
import { type BenchInstance, startBenchInstance } from "./instance.ts";
import { type LoadResult, load } from "./load.ts";
import { FIRST_PAGE } from "./reads.ts";
import { benchSearch, type SearchMeasure } from "./search.ts";
import {
  seedEngagement,
  seedFollowing,
  seedLocalFollow,
  seedLocalPosts,
  seedRemoteActors,
  seedRemotePosts,
} from "./seed.ts";

export interface SizeRun {
  /** One connection: the latency of a lone reader. */
  outboxLatency: LoadResult;
  /** The same page built for every request (a cookie keeps it out of the document cache). */
  outboxBuiltLatency: LoadResult;
  outboxBuiltLoad: LoadResult;
  /** The outbox collection itself (its `totalItems`), built for every request. */
  collectionLatency: LoadResult;
  collectionLoad: LoadResult;
  timelineLatency: LoadResult;
  /** 50 connections. */
  outboxLoad: LoadResult;
  timelineLoad: LoadResult;
  idleRss: number;
  /** Each kind of search (bench/search.ts). */
  search: SearchMeasure[];
}

const REMOTE_AUTHORS = 2_000;
const FOLLOWED_REMOTE = 200;
const HOSTS = 500;

/**
 * A database of `posts` posts: a fifth by the space, the rest by 2,000 remote people; the owner
 * follows the space and 200 of them. The posts are liked, boosted, answered and mention people
 * as on a real network (bench/seed.ts, seedEngagement). Seeded once; each run measures a freshly
 * started server.
 */
export async function seedSize(config: BenchConfig): Promise<BenchInstance> {
  const instance = await startBenchInstance(config.adminUrl, undefined);
  const { sql } = instance.database;
  const local = Math.round(config.size.posts / 5);
  const started = Date.now();
  await seedRemoteActors(sql, "r", REMOTE_AUTHORS, HOSTS);
  await seedLocalFollow(sql, instance.personIri, instance.spaceIri);
  await seedFollowing(sql, instance.personIri, "r", FOLLOWED_REMOTE, HOSTS);
  await seedLocalPosts(sql, instance.spaceIri, local);
  await seedRemotePosts(sql, "r", REMOTE_AUTHORS, HOSTS, config.size.posts - local);
  await seedEngagement(sql, "r", REMOTE_AUTHORS, HOSTS, instance.personIri);
  // The local posts went in with the triggers off (seedLocalPosts): count them as repair would.
  await sql`SELECT hubnet_recount()`;
  // As autovacuum leaves a database whose rows are older than a few minutes: the visibility map
  // set, so index-only reads (the timeline's) need not visit the table.
  await sql`VACUUM (ANALYZE) posts, post_mentions, reactions, follows, actor_stats, post_stats`;
  console.log(`  seeded ${config.size.posts} posts in ${(Date.now() - started) / 1000} s`);
  return instance;
}

export async function benchSize(config: BenchConfig, instance: BenchInstance): Promise<SizeRun> {
  const outbox = {
    url: `${instance.spaceIri}/outbox?${FIRST_PAGE}`,
    headers: { accept: "application/activity+json" },
  };
  // Anything with credentials is never answered from memory, so this measures building the page.
  const uncached = { ...outbox.headers, cookie: "bench=uncached" };
  const outboxBuilt = { ...outbox, headers: uncached };
  const collection = { url: `${instance.spaceIri}/outbox`, headers: uncached };
  const timeline = {
    url: `${instance.origin}/api/v1/timeline`,
    headers: { authorization: `Bearer ${instance.token}` },
  };
  for (const target of [outbox, collection, timeline]) {
    const response = await fetch(target.url, { headers: target.headers });
    if (!response.ok) throw new Error(`${target.url} answered ${response.status}`);
  }
  const idleRss = await instance.server.rss();
  const lone = { connections: 1, seconds: config.duration };
  const busy = { connections: 50, seconds: config.duration };
  const run = {
    outboxLatency: await load(outbox, lone),
    outboxBuiltLatency: await load(outboxBuilt, lone),
    outboxBuiltLoad: await load(outboxBuilt, busy),
    collectionLatency: await load(collection, lone),
    collectionLoad: await load(collection, busy),
    timelineLatency: await load(timeline, lone),
    outboxLoad: await load(outbox, busy),
    timelineLoad: await load(timeline, busy),
    idleRss,
    search: await benchSearch(config, instance),
  };
  console.log(
    `  outbox p99 ${run.outboxLatency.p99} ms (built: ${run.outboxBuiltLatency.p99} ms, collection: ${run.collectionLatency.p99} ms), timeline p99 ${run.timelineLatency.p99} ms (1 connection)`,
  );
  return run;
}
