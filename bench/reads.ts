import { signRequest } from "@fedify/fedify";
import { FIRST_PAGE as FIRST_CURSOR } from "../server/paging/keyset.ts";
import { freePort, startChild, watchRss } from "./child.ts";
import type { BenchConfig } from "./config.ts";
import type { Fleet } from "./fleet.ts";
import { fleetActor } from "./fleet-names.ts";
import { type BenchInstance, SPACE, startBenchInstance } from "./instance.ts";
import { type LoadResult, type LoadTarget, load } from "./load.ts";
import { seedLocalPosts } from "./seed.ts";

export const READ_TARGETS = [
  "ceiling",
  "actor",
  "actor (signed)",
  "webfinger",
  "note",
  "note (signed)",
  "outbox page",
  "outbox page (signed)",
  "note (signed, authorized fetch)",
  "space page (HTML)",
] as const;
export type ReadTarget = (typeof READ_TARGETS)[number];
/** Measured right after a restart too: what remote servers fetch first. */
export const COLD_TARGETS = [
  "actor",
  "webfinger",
  "note",
  "note (signed)",
  "outbox page",
  "outbox page (signed)",
] as const satisfies readonly ReadTarget[];
export type ColdTarget = (typeof COLD_TARGETS)[number];
/**
 * How long cold reads are measured: longer than autocannon waits for an answer (10 s), since a
 * request still waiting when the measurement stops is counted neither as answered nor as a
 * timeout.
 */
export const COLD_SECONDS = 12;

export interface ReadsRun {
  /** 50 connections, warm caches. */
  results: Record<ReadTarget, LoadResult & { peakRss: number }>;
  /** 1 connection (a single reader), warm caches. */
  single: Record<ReadTarget, LoadResult>;
  /** 50 connections from the first request after the server process started (cold caches). */
  cold: Record<ColdTarget, LoadResult>;
  idleRss: number;
}

const AP = { accept: "application/activity+json" };
/** The outbox's first page, by the opaque cursor the server gives out (any other is a 400). */
export const FIRST_PAGE = `cursor=${encodeURIComponent(FIRST_CURSOR)}`;

/** Measured on a second instance, with AUTHORIZED_FETCH=true: every read's signature verified. */
const AUTHORIZED = "note (signed, authorized fetch)";
type InstanceTarget = Exclude<ReadTarget, "ceiling" | typeof AUTHORIZED>;

async function signedTarget(url: string, fleet: Fleet): Promise<LoadTarget> {
  const reader = fleetActor("reader", 0, 1);
  const request = await signRequest(
    new Request(url, { headers: AP }),
    fleet.privateKey,
    new URL(reader.keyId),
  );
  return { url, headers: Object.fromEntries(request.headers) };
}

/** The newest of 100 public posts seeded on `instance`. */
async function seededNote(instance: BenchInstance): Promise<string> {
  await seedLocalPosts(instance.database.sql, instance.spaceIri, 100);
  const [note] = await instance.database.sql<{ iri: string }[]>`
    SELECT iri FROM posts ORDER BY published_at DESC LIMIT 1`;
  if (note == null) throw new Error("no post seeded");
  return note.iri;
}

/**
 * Each document as other servers fetch it: anonymously, and signed as Mastodon signs its fetches
 * (draft-cavage, `(request-target) host date`), by an actor of the bench fleet whose key the
 * instance can fetch. Signed once, replayed by every request of the run (the date stays within
 * the verifier's allowed skew).
 */
export async function readTargets(
  instance: BenchInstance,
  noteIri: string,
  fleet: Fleet,
): Promise<Record<InstanceTarget, LoadTarget>> {
  const host = new URL(instance.origin).host;
  const signed = (url: string) => signedTarget(url, fleet);
  const outbox = `${instance.spaceIri}/outbox?${FIRST_PAGE}`;
  return {
    actor: { url: instance.spaceIri, headers: AP },
    "actor (signed)": await signed(instance.spaceIri),
    webfinger: {
      url: `${instance.origin}/.well-known/webfinger?resource=acct:${SPACE}@${host}`,
    },
    note: { url: noteIri, headers: AP },
    "note (signed)": await signed(noteIri),
    "outbox page": { url: outbox, headers: AP },
    "outbox page (signed)": await signed(outbox),
    "space page (HTML)": { url: instance.spaceIri, headers: { accept: "text/html" } },
  };
}

/**
 * Each public document read by 1 and by 50 connections, anonymously and signed, and a bare Hono
 * route as the ceiling; then each document the moment the server process has started again.
 */
export async function benchReads(config: BenchConfig, fleet: Fleet): Promise<ReadsRun> {
  const instance = await startBenchInstance(config.adminUrl, fleet);
  const results = {} as ReadsRun["results"];
  const single = {} as ReadsRun["single"];
  const cold = {} as ReadsRun["cold"];
  let idleRss: number;
  const busy = { connections: 50, seconds: config.duration };
  const lone = { connections: 1, seconds: config.duration };
  try {
    const targets = await readTargets(instance, await seededNote(instance), fleet);
    const check = async () => {
      for (const [name, target] of Object.entries(targets)) {
        const response = await fetch(target.url, { headers: target.headers });
        if (!response.ok) throw new Error(`${name}: ${target.url} answered ${response.status}`);
        await response.arrayBuffer();
      }
    };
    await check();
    const actorJson = await (await fetch(instance.spaceIri, { headers: AP })).text();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idleRss = await instance.server.rss();
    const [busyCeiling, loneCeiling] = await ceiling(actorJson, [busy, lone]);
    if (busyCeiling == null || loneCeiling == null) throw new Error("no ceiling measured");
    [results.ceiling, single.ceiling] = [busyCeiling, loneCeiling];
    for (const [name, target] of Object.entries(targets) as [ReadTarget, LoadTarget][])
      await measure(name, target, instance);
    for (const name of COLD_TARGETS) {
      await instance.restart();
      cold[name] = await load(targets[name], { ...busy, seconds: COLD_SECONDS, cold: true });
      console.log(
        `  ${name}, cold: ${Math.round(cold[name].rps)} req/s, p99 ${cold[name].p99} ms, ${cold[name].timeouts} timeouts, ${cold[name].failures} non-2xx + errors`,
      );
    }
  } finally {
    await instance.stop();
  }
  // With authorized fetch: the signature checked (its key cached) before the cache answers.
  const authorized = await startBenchInstance(config.adminUrl, fleet, { AUTHORIZED_FETCH: "true" });
  try {
    const target = await signedTarget(await seededNote(authorized), fleet);
    const unsigned = await fetch(target.url, { headers: AP });
    if (unsigned.status !== 401)
      throw new Error(`authorized fetch: unsigned read answered ${unsigned.status}`);
    const response = await fetch(target.url, { headers: target.headers });
    if (!response.ok) throw new Error(`${AUTHORIZED}: ${target.url} answered ${response.status}`);
    await measure(AUTHORIZED, target, authorized);
  } finally {
    await authorized.stop();
  }
  return { results, single, cold, idleRss };

  async function measure(name: ReadTarget, target: LoadTarget, on: BenchInstance) {
    const watch = watchRss(on.server.pid);
    const result = await load(target, busy);
    results[name] = { ...result, peakRss: await watch.stop() };
    single[name] = await load(target, lone);
    console.log(
      `  ${name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms; 1 connection ${Math.round(single[name].rps)} req/s, p99 ${single[name].p99} ms`,
    );
  }
}

/** The bare route, once for each of `runs` (50 connections, then 1). */
async function ceiling(
  body: string,
  runs: { connections: number; seconds: number }[],
): Promise<(LoadResult & { peakRss: number })[]> {
  const port = await freePort();
  const child = await startChild("ceiling-process.ts", {
    PORT: String(port),
    BENCH_CEILING_BODY: body,
  });
  try {
    const results = [];
    for (const options of runs) {
      const watch = watchRss(child.pid);
      const result = await load({ url: `http://127.0.0.1:${port}/` }, options);
      console.log(
        `  ceiling, ${options.connections} connection(s): ${Math.round(result.rps)} req/s, p99 ${result.p99} ms`,
      );
      results.push({ ...result, peakRss: await watch.stop() });
    }
    return results;
  } finally {
    await child.stop();
  }
}
