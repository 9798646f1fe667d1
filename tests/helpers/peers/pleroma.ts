/**
 * What Pleroma and Akkoma make of an object they receive, ported from BDX-town/Akkoma @
 * 071bb07a5a39 (2025-10-24, Akkoma's mirror with upstream merged) and pleroma-social/pleroma @
 * f917285b72db (2021-01-13), which agree on each point used here:
 * - lib/pleroma/web/activity_pub/object_validator.ex: the object's `type` must be one string
 *   among Question Answer Audio Video Event Article Note Page (a list of types matches nothing);
 * - transmogrifier.ex `fix_content_map`: `content` is replaced by the first entry of contentMap,
 *   and a small Elixir map lists its keys in sorted order;
 * - mastodon_api/views/status_view.ex `render_content`: a `name` is shown as a link line above
 *   the content; `summary` is the `spoiler_text`; `language` is contentMap's first key (Akkoma);
 * - object_validators/question_validator.ex `fix_closed` and views/poll_view.ex: a poll ends at
 *   `closed`, or at `endTime` when `closed` is absent.
 */
import { type Json, languageMap, objectOf } from "./json.ts";

const ACCEPTED = ["Question", "Answer", "Audio", "Video", "Event", "Article", "Note", "Page"];

export interface PleromaStatus {
  content: string;
  spoilerText: string;
  language: string | undefined;
  poll?: { endsAt: Date | undefined };
}

export function pleromaStatus(document: Json): PleromaStatus | undefined {
  const o = objectOf(document);
  if (typeof o.type !== "string" || !ACCEPTED.includes(o.type)) return undefined;
  const map = languageMap(o.contentMap);
  const sortedKeys = Object.keys(map ?? {}).sort();
  const content =
    map && sortedKeys[0] ? map[sortedKeys[0]] : typeof o.content === "string" ? o.content : "";
  const name = typeof o.name === "string" && o.name !== "" ? o.name : undefined;
  const url = typeof o.url === "string" ? o.url : String(o.id);
  const closed = typeof o.closed === "string" ? o.closed : o.endTime;
  return {
    content: name ? `<p><a href="${url}">${name}</a></p>${content}` : (content ?? ""),
    spoilerText: typeof o.summary === "string" ? o.summary : "",
    language: sortedKeys[0],
    poll:
      o.type === "Question"
        ? { endsAt: typeof closed === "string" ? new Date(closed) : undefined }
        : undefined,
  };
}
