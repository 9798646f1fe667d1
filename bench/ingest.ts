import { signRequest } from "@fedify/fedify";
import { watchRss } from "./child.ts";
import type { BenchConfig } from "./config.ts";
import type { Fleet } from "./fleet.ts";
import { type FleetActor, fleetActor } from "./fleet-names.ts";
import { type BenchInstance, startBenchInstance } from "./instance.ts";
import { seedFollowing, seedRemoteActors } from "./seed.ts";
import { now, percentile, pollUntil } from "./stats.ts";

export interface IngestRun {
  /** Activities sent. */
  sent: number;
  /** Activities done (stored posts, or Accepts delivered) before the deadline. */
  done: number;
  /** done ÷ seconds from the first POST to the last one done. */
  perSecond: number;
  /** Rate at which the inbox answered the POSTs (202). */
  answeredPerSecond: number;
  /** Latency of the inbox's answers. */
  p99Ms: number;
  /** POSTs not answered 2xx. */
  failures: number;
  idleRss: number;
  peakRss: number;
}

interface Signed {
  headers: Headers;
  body: string;
}

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const CONCURRENCY = 100;
const HOSTS = 50;

/** Create(Note)s from remote people the space follows, to its shared inbox. */
export async function benchIngest(config: BenchConfig, fleet: Fleet): Promise<IngestRun> {
  const { actors, perActor } = config.ingest;
  const instance = await startBenchInstance(config.adminUrl, fleet);
  try {
    const { sql } = instance.database;
    await seedRemoteActors(sql, "c", actors, HOSTS);
    await seedFollowing(sql, instance.spaceIri, "c", actors, HOSTS);
    const inbox = `${instance.origin}/inbox`;
    const requests: Signed[] = [];
    for (let j = 0; j < perActor; j++) {
      for (let k = 0; k < actors; k++) {
        const actor = fleetActor("c", k, HOSTS);
        requests.push(await sign(fleet, inbox, actor, createNote(actor, j)));
      }
    }
    const stored = async () => {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM posts WHERE is_local = false`;
      return row?.n ?? 0;
    };
    return await measure(instance, fleet, requests, config.quick ? 60_000 : 120_000, stored);
  } finally {
    await instance.stop();
  }
}

/** Follows of the space by as many new remote people, until each Accept reached the fleet. */
export async function benchFollows(config: BenchConfig, fleet: Fleet): Promise<IngestRun> {
  const count = config.follows.actors;
  const instance = await startBenchInstance(config.adminUrl, fleet);
  try {
    const inbox = `${instance.origin}/inbox`;
    const requests: Signed[] = [];
    for (let k = 0; k < count; k++) {
      const actor = fleetActor("n", k, 500);
      const follow = {
        "@context": AS,
        id: `${actor.iri}/follows/1`,
        type: "Follow",
        actor: actor.iri,
        object: instance.spaceIri,
      };
      requests.push(await sign(fleet, inbox, actor, follow));
    }
    await fleet.reset();
    const accepted = async () => (await fleet.tally()).Accept?.distinct ?? 0;
    return await measure(instance, fleet, requests, config.quick ? 60_000 : 120_000, accepted);
  } finally {
    await instance.stop();
  }
}

function createNote(actor: FleetActor, j: number) {
  const id = `${actor.iri}/statuses/${j}`;
  const published = new Date().toISOString();
  const addressing = { to: [PUBLIC], cc: [`${actor.iri}/followers`] };
  return {
    "@context": AS,
    id: `${id}/activity`,
    type: "Create",
    actor: actor.iri,
    published,
    ...addressing,
    object: {
      id,
      type: "Note",
      attributedTo: actor.iri,
      content: `<p>Status ${j} of ${actor.name}: the edit-a-thon starts at ten.</p>`,
      published,
      ...addressing,
    },
  };
}

async function sign(fleet: Fleet, inbox: string, actor: FleetActor, activity: object) {
  const body = JSON.stringify(activity);
  const request = new Request(inbox, {
    method: "POST",
    body,
    headers: { "content-type": "application/activity+json" },
  });
  const signed = await signRequest(request, fleet.privateKey, new URL(actor.keyId));
  return { headers: signed.headers, body };
}

/**
 * One signed request before the timed phase: Fedify creates its key-value table on first use, and
 * concurrent first uses race (a few 500s on a fresh instance; see docs/benchmarks.md). A
 * production server would have created it long before. The warm-up actor is followed by no one,
 * so its post is not stored.
 */
async function warmUp(instance: BenchInstance, fleet: Fleet) {
  const actor = fleetActor("warm", 0, 1);
  const { headers, body } = await sign(
    fleet,
    `${instance.origin}/inbox`,
    actor,
    createNote(actor, 0),
  );
  const response = await fetch(`${instance.origin}/inbox`, { method: "POST", headers, body });
  await response.arrayBuffer();
}

/** POSTs every request (CONCURRENCY at a time), then waits until `progress` counts them all. */
async function measure(
  instance: BenchInstance,
  fleet: Fleet,
  requests: Signed[],
  timeoutMs: number,
  progress: () => Promise<number>,
): Promise<IngestRun> {
  const inbox = `${instance.origin}/inbox`;
  await warmUp(instance, fleet);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRss = await instance.server.rss();
  const watch = watchRss(instance.server.pid);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const start = now();
  const poster = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const { headers, body } = requests[i] as Signed;
      const sent = now();
      const response = await fetch(inbox, { method: "POST", headers, body }).catch(() => null);
      latencies.push(now() - sent);
      await response?.arrayBuffer().catch(() => {});
      if (!response?.ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, poster));
  const answeredAt = now();
  let last = 0;
  let lastAt = answeredAt;
  await pollUntil(
    async () => {
      const done = await progress();
      if (done > last) {
        last = done;
        lastAt = now();
      }
      return done >= requests.length - failures ? true : undefined;
    },
    Math.max(1000, timeoutMs - (answeredAt - start)),
    50,
  );
  const peakRss = await watch.stop();
  return {
    sent: requests.length,
    done: last,
    perSecond: last / ((lastAt - start) / 1000),
    answeredPerSecond: requests.length / ((answeredAt - start) / 1000),
    p99Ms: percentile(latencies, 99),
    failures,
    idleRss,
    peakRss,
  };
}
