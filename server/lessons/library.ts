import { and, eq, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { posts } from "../../db/schema.ts";
import type { LessonKind } from "../content/details.ts";
import type { PageCursor } from "../paging/keyset.ts";
import { byPublished, type PostPage } from "../posts/lists.ts";
import { ANONYMOUS, fromListedOrigin, visibleTo } from "../posts/visibility.ts";

export interface LessonFilters {
  /** One space's lessons; all known lessons when absent. */
  authorIri?: string;
  lessonKind?: LessonKind;
  theme?: string;
  /** ISO 3166 code; `KE` also finds `KE-30`. */
  region?: string;
  /** BCP 47; `en` also finds `en-GB`. */
  language?: string;
}

/** Lessons, failures and best practices anyone may read, filtered, newest first. */
export async function lessonLibrary(
  db: DatabaseLike,
  filters: LessonFilters,
  cursor?: PageCursor,
  limit = 20,
): Promise<PostPage> {
  const language = filters.language?.toLowerCase().split("-")[0];
  const region = filters.region?.toUpperCase();
  const rows = await db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.kind, "lesson"),
        visibleTo(ANONYMOUS),
        filters.authorIri ? eq(posts.authorIri, filters.authorIri) : fromListedOrigin(),
        filters.lessonKind
          ? sql`${posts.details}->>'lessonKind' = ${filters.lessonKind}`
          : undefined,
        filters.theme
          ? sql`${posts.details}->'themes' ? ${filters.theme.toLowerCase().replace(/^#/, "")}`
          : undefined,
        region
          ? sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${posts.details}->'regions') r
                WHERE r = ${region} OR r LIKE ${`${region}-%`})`
          : undefined,
        language
          ? sql`EXISTS (SELECT 1 FROM jsonb_object_keys(${posts.contentHtml} || coalesce(${posts.title}, '{}'::jsonb)) k
                WHERE lower(split_part(k, '-', 1)) = ${language})`
          : undefined,
        byPublished.after(cursor),
      ),
    )
    .orderBy(...byPublished.order)
    .limit(limit + 1);
  return byPublished.page(rows, limit);
}
