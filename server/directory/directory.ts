/**
 * The directory: every space this instance has met, with what its actor and its server say of
 * it. Meeting a space records it at once from what is known; a refresh (in the background,
 * federation/directory) fills in counts and activity. A space that stops answering is marked
 * unreachable and keeps its last known facts.
 */

import { and, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import {
  type DirectoryEntry,
  directoryEntries,
  type LanguageMap,
  type NewDirectoryEntry,
} from "../../db/schema.ts";
import { LanguageTagSchema } from "../i18n/languages.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";
import { fromListedOrigin } from "../posts/visibility.ts";
import { RegionSchema } from "../regions/regions.ts";

/** How this instance first met a space. */
export type MetVia = "local" | "actor" | "operator";

/** What is known of a space when it is met or refreshed. */
export interface SpaceProfile {
  iri: string;
  handle: string;
  name: LanguageMap;
  defaultLanguage?: string | null;
  url?: string | null;
  iconUrl?: string | null;
  kind?: "affiliate" | "hub" | null;
  focus?: "regional" | "language" | "thematic" | null;
  regions?: string[];
  languages?: string[];
  themes?: string[];
}

export interface SpaceCounts {
  memberCount?: number | null;
  followerCount?: number | null;
  postCount?: number | null;
  lastActivityAt?: Date | null;
  software?: string | null;
}

const profileColumns = (profile: SpaceProfile) => ({
  handle: profile.handle,
  name: profile.name,
  defaultLanguage: profile.defaultLanguage ?? null,
  url: profile.url ?? null,
  iconUrl: profile.iconUrl ?? null,
  kind: profile.kind ?? null,
  focus: profile.kind === "hub" ? (profile.focus ?? null) : null,
  regions: profile.regions ?? [],
  languages: profile.languages ?? [],
  themes: profile.themes ?? [],
});

/**
 * Records a space met (or its newer profile); returns true when it was not in the directory
 * yet, so the caller can have it refreshed.
 */
export async function meetSpace(
  db: DatabaseLike,
  profile: SpaceProfile,
  metVia: MetVia,
  isLocal = false,
): Promise<boolean> {
  const columns = profileColumns(profile);
  const [row] = await db
    .insert(directoryEntries)
    .values({ iri: profile.iri, isLocal, metVia, ...columns } satisfies NewDirectoryEntry)
    .onConflictDoUpdate({ target: directoryEntries.iri, set: columns })
    .returning({ metAt: directoryEntries.metAt, refreshedAt: directoryEntries.refreshedAt });
  return row?.refreshedAt == null;
}

/** A refresh that reached the space: its profile, counts and activity, and it answers again. */
export async function saveRefresh(
  db: DatabaseLike,
  profile: SpaceProfile,
  counts: SpaceCounts,
  now = new Date(),
): Promise<void> {
  await db
    .update(directoryEntries)
    .set({
      ...profileColumns(profile),
      ...counts,
      refreshedAt: now,
      failedRefreshes: 0,
      unreachableSince: null,
    })
    .where(eq(directoryEntries.iri, profile.iri));
}

/** A refresh that did not reach the space: marked unreachable (since the first failure), kept. */
export async function markUnreachable(db: DatabaseLike, iri: string, now = new Date()) {
  await db
    .update(directoryEntries)
    .set({
      refreshedAt: now,
      failedRefreshes: sql`${directoryEntries.failedRefreshes} + 1`,
      unreachableSince: sql`coalesce(${directoryEntries.unreachableSince}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(directoryEntries.iri, iri));
}

/** Remote spaces whose facts are older than `maxAgeMs` (or never refreshed), oldest first. */
export async function spacesDueForRefresh(
  db: DatabaseLike,
  maxAgeMs: number,
  limit = 100,
  now = new Date(),
): Promise<string[]> {
  const before = new Date(now.getTime() - maxAgeMs);
  const rows = await db
    .select({ iri: directoryEntries.iri })
    .from(directoryEntries)
    .where(
      and(
        eq(directoryEntries.isLocal, false),
        or(isNull(directoryEntries.refreshedAt), lt(directoryEntries.refreshedAt, before)),
      ),
    )
    .orderBy(sql`${directoryEntries.refreshedAt} ASC NULLS FIRST`)
    .limit(limit);
  return rows.map((row) => row.iri);
}

export async function findDirectoryEntry(db: DatabaseLike, iri: string) {
  const [row] = await db.select().from(directoryEntries).where(eq(directoryEntries.iri, iri));
  return row;
}

/** What the directory can be filtered by; a country matches its subdivisions, `fr` matches `fr-CA`. */
export const DirectoryFilters = z.object({
  kind: z.enum(["affiliate", "hub"]).optional(),
  focus: z.enum(["regional", "language", "thematic"]).optional(),
  region: RegionSchema.optional(),
  language: LanguageTagSchema.optional(),
  theme: z.string().trim().toLowerCase().min(1).max(60).optional(),
});
export type DirectoryFilters = z.output<typeof DirectoryFilters>;

/** Elements of a text[] column equal to `value` or under it (`KE` → `KE-30`, `fr` → `fr-CA`). */
const hasUnder = (column: SQL, value: string) =>
  sql`EXISTS (SELECT 1 FROM unnest(${column}) AS v
    WHERE lower(v) = lower(${value}) OR lower(v) LIKE lower(${value}) || '-%')`;

export function directoryCondition(filters: DirectoryFilters): SQL | undefined {
  return and(
    // Spaces of silenced (or suspended) domains are not listed (server/posts/visibility.ts).
    fromListedOrigin(directoryEntries.iri),
    filters.kind ? eq(directoryEntries.kind, filters.kind) : undefined,
    filters.focus ? eq(directoryEntries.focus, filters.focus) : undefined,
    filters.region ? hasUnder(sql`${directoryEntries.regions}`, filters.region) : undefined,
    filters.language ? hasUnder(sql`${directoryEntries.languages}`, filters.language) : undefined,
    filters.theme ? sql`${directoryEntries.themes} @> ARRAY[${filters.theme}]::text[]` : undefined,
  );
}

/** The directory pages by activity: the most recently active spaces first. */
const byActivity = keyset<DirectoryEntry>(
  directoryEntries.activeAt,
  directoryEntries.id,
  (row) => ({
    time: row.activeAt,
    id: row.id,
  }),
);

export async function listDirectory(
  db: DatabaseLike,
  filters: DirectoryFilters = {},
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<DirectoryEntry>> {
  const rows = await db
    .select()
    .from(directoryEntries)
    .where(and(directoryCondition(filters), byActivity.after(cursor)))
    .orderBy(...byActivity.order)
    .limit(limit + 1);
  return byActivity.page(rows, limit);
}

/** Every entry matching the filters, for the map (a page at a time, so no query is unbounded). */
export async function everyDirectoryEntry(
  db: DatabaseLike,
  filters: DirectoryFilters = {},
  max = 5000,
): Promise<DirectoryEntry[]> {
  const all: DirectoryEntry[] = [];
  let cursor: PageCursor | undefined;
  do {
    const page = await listDirectory(db, filters, cursor, 500);
    all.push(...page.items);
    const last = page.items.at(-1);
    cursor = page.next && last ? { time: last.activeAt, id: last.id } : undefined;
  } while (cursor != null && all.length < max);
  return all;
}
