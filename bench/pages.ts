/**
 * Pages for people: the anonymous HTML pages a visitor reads (served from the page cache once
 * warm), a signed-in person's home timeline, and the API's lists with a token, each by 50
 * connections and by one.
 */
import { startSession } from "../server/sessions/sessions.ts";
import { sessionCookie } from "../web/security/cookies.ts";
import type { BenchConfig } from "./config.ts";
import { type BenchInstance, PERSON, startBenchInstance } from "./instance.ts";
import { type LoadResult, type LoadTarget, load } from "./load.ts";
import { seedLocalPosts } from "./seed.ts";

export const PAGE_TARGETS = [
  "space page (anonymous)",
  "post page (anonymous)",
  "directory (anonymous)",
  "home timeline (signed in)",
  "API posts (token)",
  "API timeline (token)",
] as const;
export type PageTarget = (typeof PAGE_TARGETS)[number];

export interface PagesRun {
  results: Record<PageTarget, { busy: LoadResult; lone: LoadResult }>;
}

const HTML = { accept: "text/html", "accept-language": "en" };

async function pageTargets(instance: BenchInstance): Promise<Record<PageTarget, LoadTarget>> {
  const { sql, db } = instance.database;
  const [note] = await sql<{ iri: string }[]>`
    SELECT iri FROM posts ORDER BY published_at DESC LIMIT 1`;
  const [person] = await sql<{ id: string }[]>`SELECT id FROM people WHERE handle = ${PERSON}`;
  if (note == null || person == null) throw new Error("nothing seeded");
  const session = await startSession(db, person.id);
  const bearer = { authorization: `Bearer ${instance.token}` };
  return {
    "space page (anonymous)": { url: instance.spaceIri, headers: HTML },
    "post page (anonymous)": { url: note.iri, headers: HTML },
    "directory (anonymous)": { url: `${instance.origin}/directory`, headers: HTML },
    "home timeline (signed in)": {
      url: `${instance.origin}/home`,
      headers: { ...HTML, cookie: `${sessionCookie(instance.origin)}=${session}` },
    },
    "API posts (token)": { url: `${instance.origin}/api/v1/posts`, headers: bearer },
    "API timeline (token)": { url: `${instance.origin}/api/v1/timeline`, headers: bearer },
  };
}

export async function benchPages(config: BenchConfig): Promise<PagesRun> {
  const instance = await startBenchInstance(config.adminUrl, undefined);
  try {
    await seedLocalPosts(instance.database.sql, instance.spaceIri, 100);
    // Likes on the newest posts, so cards carry counts as they would.
    await instance.database.sql`
      INSERT INTO reactions (activity_iri, kind, actor_iri, post_iri)
      SELECT p.iri || '#like', 'like', ${instance.personIri}, p.iri
      FROM (SELECT iri FROM posts ORDER BY published_at DESC LIMIT 20) p
      ON CONFLICT DO NOTHING`;
    const targets = await pageTargets(instance);
    for (const [name, target] of Object.entries(targets)) {
      const response = await fetch(target.url, { headers: target.headers, redirect: "manual" });
      if (!response.ok) throw new Error(`${name}: ${target.url} answered ${response.status}`);
    }
    const results = {} as PagesRun["results"];
    for (const [name, target] of Object.entries(targets)) {
      const busy = await load(target, { connections: 50, seconds: config.duration });
      const lone = await load(target, { connections: 1, seconds: config.duration });
      results[name as PageTarget] = { busy, lone };
      console.log(
        `  ${name}: ${Math.round(busy.rps)} req/s, p99 ${busy.p99} ms; alone p99 ${lone.p99} ms`,
      );
    }
    return { results };
  } finally {
    await instance.stop();
  }
}
