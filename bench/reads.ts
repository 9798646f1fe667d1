import { FIRST_PAGE as FIRST_CURSOR } from "../server/paging/keyset.ts";
import { freePort, startChild, watchRss } from "./child.ts";
import type { BenchConfig } from "./config.ts";
import { type BenchInstance, SPACE, startBenchInstance } from "./instance.ts";
import { type LoadResult, type LoadTarget, load } from "./load.ts";
import { seedLocalPosts } from "./seed.ts";

export const READ_TARGETS = [
  "ceiling",
  "actor",
  "webfinger",
  "note",
  "outbox page",
  "space page (HTML)",
] as const;
export type ReadTarget = (typeof READ_TARGETS)[number];

export interface ReadsRun {
  results: Record<ReadTarget, LoadResult & { peakRss: number }>;
  idleRss: number;
}

const AP = { accept: "application/activity+json" };
/** The outbox's first page, by the opaque cursor the server gives out (any other is a 400). */
export const FIRST_PAGE = `cursor=${encodeURIComponent(FIRST_CURSOR)}`;

export function readTargets(instance: BenchInstance, noteIri: string) {
  const host = new URL(instance.origin).host;
  return {
    actor: { url: instance.spaceIri, headers: AP },
    webfinger: {
      url: `${instance.origin}/.well-known/webfinger?resource=acct:${SPACE}@${host}`,
    },
    note: { url: noteIri, headers: AP },
    "outbox page": { url: `${instance.spaceIri}/outbox?${FIRST_PAGE}`, headers: AP },
    "space page (HTML)": { url: instance.spaceIri, headers: { accept: "text/html" } },
  } as Record<Exclude<ReadTarget, "ceiling">, LoadTarget>;
}

/** Each public document read by 50 connections, and a bare Hono route as the ceiling. */
export async function benchReads(config: BenchConfig): Promise<ReadsRun> {
  const instance = await startBenchInstance(config.adminUrl, undefined);
  try {
    await seedLocalPosts(instance.database.sql, instance.spaceIri, 100);
    const [note] = await instance.database.sql<{ iri: string }[]>`
      SELECT iri FROM posts ORDER BY published_at DESC LIMIT 1`;
    if (note == null) throw new Error("no post seeded");
    const targets = readTargets(instance, note.iri);
    for (const [name, target] of Object.entries(targets)) {
      const response = await fetch(target.url, { headers: target.headers });
      if (!response.ok) throw new Error(`${name}: ${target.url} answered ${response.status}`);
    }
    const actorJson = await (await fetch(instance.spaceIri, { headers: AP })).text();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = await instance.server.rss();
    const options = { connections: 50, seconds: config.duration };
    const results = {} as ReadsRun["results"];
    results.ceiling = await ceiling(actorJson, options);
    for (const [name, target] of Object.entries(targets)) {
      const watch = watchRss(instance.server.pid);
      const result = await load(target, options);
      results[name as ReadTarget] = { ...result, peakRss: await watch.stop() };
      console.log(`  ${name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms`);
    }
    return { results, idleRss };
  } finally {
    await instance.stop();
  }
}

async function ceiling(body: string, options: { connections: number; seconds: number }) {
  const port = await freePort();
  const child = await startChild("ceiling-process.ts", {
    PORT: String(port),
    BENCH_CEILING_BODY: body,
  });
  try {
    const watch = watchRss(child.pid);
    const result = await load({ url: `http://127.0.0.1:${port}/` }, options);
    console.log(`  ceiling: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms`);
    return { ...result, peakRss: await watch.stop() };
  } finally {
    await child.stop();
  }
}
