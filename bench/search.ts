/**
 * Search at size: each kind of search on the posts bench/size.ts seeded (their words are drawn
 * by bench/seed.ts, from `w1` in most posts to `w2000` in few), as a lone reader and, for the
 * typical one, under load.
 */
import type { BenchConfig } from "./config.ts";
import type { BenchInstance } from "./instance.ts";
import { type LoadResult, load } from "./load.ts";

export interface SearchMeasure {
  name: string;
  /** How many posts the words match (all of them, not one page). */
  found: number;
  order: string;
  lone: LoadResult;
  busy: LoadResult | undefined;
}

interface SearchCase {
  name: string;
  query: string;
  /** Measured with 50 connections too. */
  busy?: boolean;
  /** The HTML page instead of the API. */
  page?: boolean;
  /** The second page, by the cursor the first one gave. */
  secondPage?: boolean;
}

const CASES: SearchCase[] = [
  { name: "a rare word", query: "q=w2000" },
  { name: "a word in 1.4% of posts", query: "q=w100", busy: true },
  { name: "a word in 13% of posts", query: "q=w10" },
  { name: "a word in 63% of posts", query: "q=w1" },
  { name: "two words", query: "q=w10+w20" },
  { name: "a word, in one language", query: "q=w100&language=es" },
  { name: "filters alone (kind, language)", query: "kind=note&language=sw" },
  { name: "the second page of a word in 1.4%", query: "q=w100", secondPage: true },
  { name: "the search page (HTML), a word in 1.4%", query: "q=w100", page: true, busy: true },
];

/** What the first page says: how the posts are ordered, and where the next page starts. */
async function firstPage(instance: BenchInstance, query: string) {
  const response = await fetch(`${instance.origin}/api/v1/search?${query}`);
  if (!response.ok) throw new Error(`search ${query} answered ${response.status}`);
  return (await response.json()) as { order: string; next: string | null };
}

async function countFound(instance: BenchInstance, query: string): Promise<number> {
  const params = new URLSearchParams(query);
  const words = params.get("q") ?? "";
  const language = params.get("language");
  const [row] = await instance.database.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM posts
    WHERE (${words} = '' OR search_vector @@ hubnet_search_query(${words}))
      AND (${language}::text IS NULL OR search_facets @> ARRAY['language:' || ${language}])
      AND (${params.get("kind")}::text IS NULL OR kind::text = ${params.get("kind")})`;
  return row?.n ?? 0;
}

export async function benchSearch(
  config: BenchConfig,
  instance: BenchInstance,
): Promise<SearchMeasure[]> {
  const lone = { connections: 1, seconds: config.duration };
  const busy = { connections: 50, seconds: config.duration };
  const measures: SearchMeasure[] = [];
  for (const search of CASES) {
    const first = await firstPage(instance, search.query);
    let query = search.query;
    if (search.secondPage) {
      if (first.next == null) throw new Error(`search ${query} has one page only`);
      query += `&before=${encodeURIComponent(first.next)}`;
    }
    const url = `${instance.origin}${search.page ? "/search" : "/api/v1/search"}?${query}`;
    measures.push({
      name: search.name,
      found: await countFound(instance, search.query),
      order: first.order,
      lone: await load({ url }, lone),
      busy: search.busy ? await load({ url }, busy) : undefined,
    });
  }
  const typical = measures[1];
  console.log(`  search p99 ${typical?.lone.p99} ms for ${typical?.name} (1 connection)`);
  return measures;
}
