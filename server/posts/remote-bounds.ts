/**
 * What a remote post may carry into the database, whichever way it arrived: dates this server
 * can store and believe, and links that are http(s) only. Applied by every write of a remote post
 * (server/posts/remote-posts.ts); the mapper's draft is not trusted to have done it.
 */
import type { NewPost } from "../../db/schema.ts";
import { webUrl } from "../content/sanitize.ts";

/** A date this far ahead of the local clock is a wrong clock or a trick, and taken as now. */
export const FUTURE_SKEW_MS = 6 * 60 * 60 * 1000;
/** PostgreSQL stores nothing before 4713 BC; a post's date before year 1 is refused outright. */
const EARLIEST = Date.parse("0001-01-01T00:00:00Z");

export type Bounded = { ok: true; draft: NewPost } | { ok: false; reason: "invalid-date" };

/** A date kept as it is, taken as now when too far ahead, or undefined when it cannot be stored. */
function boundDate(date: Date, now: Date): Date | undefined {
  const time = date.getTime();
  if (Number.isNaN(time) || time < EARLIEST) return undefined;
  return time > now.getTime() + FUTURE_SKEW_MS ? now : date;
}

const link = (iri: string | null | undefined) => (iri == null ? null : webUrl(URL.parse(iri)));

export function boundRemotePost(draft: NewPost, now = new Date()): Bounded {
  const publishedAt = draft.publishedAt && boundDate(draft.publishedAt, now);
  const updatedAt = draft.updatedAt && boundDate(draft.updatedAt, now);
  if (publishedAt === undefined && draft.publishedAt != null)
    return { ok: false, reason: "invalid-date" };
  if (updatedAt === undefined && draft.updatedAt != null)
    return { ok: false, reason: "invalid-date" };
  return {
    ok: true,
    draft: {
      ...draft,
      publishedAt: publishedAt ?? undefined,
      updatedAt: updatedAt ?? null,
      url: link(draft.url) ?? draft.iri,
      inReplyToIri: link(draft.inReplyToIri),
      audienceIri: link(draft.audienceIri),
      mentions: (draft.mentions ?? []).filter((mention) => link(mention.href) != null),
    },
  };
}
