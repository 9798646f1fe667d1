/**
 * What Mastodon makes of an object it receives: its status text, content warning, language and
 * poll. Ported from mastodon/mastodon (4.4–4.5), reading keys as written (Mastodon does no JSON-LD
 * processing of objects):
 * - app/lib/activitypub/activity.rb: SUPPORTED_TYPES = Note Question; CONVERTED_TYPES = Image
 *   Audio Video Article Page Event; anything else is rejected (activity/create.rb,
 *   `reject_payload! if unsupported_object_type?`), matched with `equals_or_includes_any?`.
 * - app/lib/activitypub/parser/status_parser.rb: `text`, `processed_text` (a converted object
 *   shows `<h2>name</h2>`, its summary and a link, never its content), `processed_spoiler_text`,
 *   `title`, `language` (the first key of contentMap, nameMap or summaryMap).
 * - app/lib/activitypub/parser/poll_parser.rb: `options`, `multiple`, `expires_at`.
 */
import { asArray, type Json, languageMap, objectOf, present } from "./json.ts";

const SUPPORTED_TYPES = ["Note", "Question"];
const CONVERTED_TYPES = ["Image", "Audio", "Video", "Article", "Page", "Event"];

const includesAny = (type: unknown, list: string[]) =>
  asArray(type).some((t) => typeof t === "string" && list.includes(t));

export interface MastodonStatus {
  converted: boolean;
  text: string;
  spoilerText: string;
  language: string | undefined;
  poll?: MastodonPoll;
}

export interface MastodonPoll {
  options: string[];
  multiple: boolean;
  /** poll_parser.rb `expires_at`; Poll#expired? is `expires_at.present? && expires_at < now`. */
  expiresAt: Date | undefined;
  votersCount: number | undefined;
  tallies: number[];
}

/** Mastodon's status for a Create's or Update's object (or an object it fetched); undefined when rejected. */
export function mastodonStatus(document: Json, now = new Date()): MastodonStatus | undefined {
  const o = objectOf(document);
  const converted = includesAny(o.type, CONVERTED_TYPES);
  if (!(includesAny(o.type, SUPPORTED_TYPES) || converted)) return undefined;
  const pick = (key: string) =>
    present(o[key]) ? String(o[key]) : Object.values(languageMap(o[`${key}Map`]) ?? {})[0];
  const text = pick("content");
  const spoiler = pick("summary");
  const title = pick("name");
  const url = urlToHref(o.url) ?? String(o.id);
  const language = [o.contentMap, o.nameMap, o.summaryMap]
    .map((m) => Object.keys(languageMap(m) ?? {})[0])
    .find((l) => l != null);
  return {
    converted,
    text: converted
      ? [title ? `<h2>${title}</h2>` : undefined, spoiler || undefined, url]
          .filter((part) => part != null)
          .join("\n\n")
      : (text ?? ""),
    spoilerText: converted ? "" : (spoiler ?? ""),
    language,
    poll: pollOf(o, now),
  };
}

function pollOf(o: Json, now: Date): MastodonPoll | undefined {
  const items = (o.anyOf ?? o.oneOf) as Json[] | undefined;
  if (!includesAny(o.type, ["Question"]) || !Array.isArray(items)) return undefined;
  const closed = o.closed;
  const expiresAt =
    typeof closed === "string"
      ? new Date(closed)
      : closed != null && closed !== false
        ? now
        : typeof o.endTime === "string"
          ? new Date(o.endTime)
          : undefined;
  return {
    options: items
      .map((item) => (present(item.name) ? item.name : item.content) as string | undefined)
      .filter((name): name is string => name != null),
    multiple: Array.isArray(o.anyOf),
    expiresAt,
    votersCount: o.votersCount as number | undefined,
    tallies: items.map((item) => ((item.replies as Json | undefined)?.totalItems as number) ?? 0),
  };
}

export const mastodonPollExpired = (poll: MastodonPoll, now = new Date()) =>
  poll.expiresAt != null && poll.expiresAt < now;

/** json_ld_helper.rb `url_to_href`: a string, or the first link of type text/html. */
function urlToHref(url: unknown): string | undefined {
  const links = asArray(url);
  const html =
    links.find((l) => typeof l === "object" && (l as Json)?.mediaType === "text/html") ?? links[0];
  if (typeof html === "string") return html;
  const href = (html as Json | undefined)?.href;
  return typeof href === "string" ? href : undefined;
}
