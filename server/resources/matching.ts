import { and, desc, eq, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, posts } from "../../db/schema.ts";
import type { ResourceDetails } from "../content/details.ts";
import { ANONYMOUS, fromListedOrigin, visibleTo } from "../posts/visibility.ts";

/** One reason two posts match, for an interface to put into words. */
export type MatchReason =
  | { code: "language"; language: string }
  | { code: "region"; region: string }
  | { code: "online" }
  | { code: "dates-overlap" };

export interface Match {
  post: Post;
  score: number;
  /** Why it matches: shared languages and regions, both online, overlapping dates. */
  reasons: MatchReason[];
}

const primary = (tag: string) => tag.toLowerCase().split("-")[0] as string;
const time = (iso: string | undefined, open: number) => (iso ? Date.parse(iso) : open);

/**
 * Whether an offer and a need fit each other, and how well: same category (checked by the
 * query), a shared language (either side naming none takes any), a shared region or both online,
 * and availability windows that overlap.
 */
export function scoreMatch(a: ResourceDetails, b: ResourceDetails): Match["reasons"] | undefined {
  const languages = a.languages.filter((l) => b.languages.some((m) => primary(m) === primary(l)));
  if (a.languages.length > 0 && b.languages.length > 0 && languages.length === 0) return undefined;
  const regions = a.regions.filter((r) =>
    b.regions.some((s) => s === r || s.startsWith(`${r}-`) || r.startsWith(`${s}-`)),
  );
  const bothOnline = a.online && b.online;
  const placeless = a.regions.length === 0 || b.regions.length === 0;
  if (!bothOnline && regions.length === 0 && !placeless) return undefined;
  const overlaps =
    time(a.availableFrom, -Infinity) <= time(b.availableUntil, Infinity) &&
    time(b.availableFrom, -Infinity) <= time(a.availableUntil, Infinity);
  if (!overlaps) return undefined;
  const dated = a.availableFrom || a.availableUntil || b.availableFrom || b.availableUntil;
  return [
    ...languages.map((language) => ({ code: "language" as const, language })),
    ...regions.map((region) => ({ code: "region" as const, region })),
    ...(bothOnline ? [{ code: "online" as const }] : []),
    ...(dated ? [{ code: "dates-overlap" as const }] : []),
  ];
}

/**
 * Open needs an offer could serve, or open offers for a need, among every post this instance
 * knows (its own and those of every space it follows), best first.
 */
export async function matchesFor(db: DatabaseLike, post: Post, limit = 20): Promise<Match[]> {
  const d = post.details;
  if (d?.kind !== "offer" && d?.kind !== "need") return [];
  const candidates = await db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.kind, d.kind === "offer" ? "need" : "offer"),
        visibleTo(ANONYMOUS),
        fromListedOrigin(),
        sql`${posts.details}->>'status' = 'open'`,
        sql`${posts.details}->>'category' = ${d.category}`,
        sql`${posts.authorIri} <> ${post.authorIri}`,
      ),
    )
    .orderBy(desc(posts.publishedAt))
    .limit(500);
  const matches: Match[] = [];
  for (const candidate of candidates) {
    const other = candidate.details;
    if (other?.kind !== "offer" && other?.kind !== "need") continue;
    const reasons = scoreMatch(d, other);
    if (reasons) matches.push({ post: candidate, score: reasons.length, reasons });
  }
  return matches
    .sort(
      (x, y) => y.score - x.score || y.post.publishedAt.getTime() - x.post.publishedAt.getTime(),
    )
    .slice(0, limit);
}

export type StatusResult =
  | { ok: true; post: Post }
  | { ok: false; reason: "not-a-resource" | "not-a-response" };

/**
 * The author settles an offer or need: `matched` with one of the responses it received, or
 * `closed`, or `open` again.
 */
export async function setResourceStatus(
  db: DatabaseLike,
  post: Post,
  status: ResourceDetails["status"],
  response?: Post,
  now = new Date(),
): Promise<StatusResult> {
  const d = post.details;
  if (d?.kind !== "offer" && d?.kind !== "need") return { ok: false, reason: "not-a-resource" };
  if (status === "matched" && (response == null || response.inReplyToIri !== post.iri))
    return { ok: false, reason: "not-a-response" };
  const { matchedWithIri: _previous, ...rest } = d;
  const details = {
    ...rest,
    status,
    ...(status === "matched" && response ? { matchedWithIri: response.iri } : {}),
  };
  const [updated] = await db
    .update(posts)
    .set({ details, updatedAt: now })
    .where(eq(posts.id, post.id))
    .returning();
  return { ok: true, post: updated ?? post };
}
