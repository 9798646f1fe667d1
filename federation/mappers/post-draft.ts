/**
 * A remote object of any kind as a draft row: what other servers send (Hubnet's own shapes among
 * them, with its extension fields in `ext`). HTML is sanitized here, before anything is stored.
 */
import {
  type Object as APObject,
  Article,
  Event,
  Hashtag,
  LanguageString,
  Link,
  Mention,
  Page,
  Proposal,
  PUBLIC_COLLECTION,
  Question,
  Video,
} from "@fedify/vocab";
import type { LanguageMap, NewPost, PostKind, Visibility } from "../../db/schema.ts";
import { isStructuredKind } from "../../server/content/details.ts";
import { sanitizeRemoteHtml, stripHtml, webUrl } from "../../server/content/sanitize.ts";
import { normalizeLanguageTag } from "../../server/i18n/languages.ts";
import {
  abstractFromExtension,
  bodyFromExtension,
  detailsFromExtension,
} from "./content-fields.ts";
import { escapeHtml } from "./html.ts";
import type { ExtensionFields } from "./hubnet-context.ts";
import type { PostObject } from "./post.ts";
import { fromInstant } from "./time.ts";

/** The text of each language of a multilingual property, plain values under `fallbackLanguage`. */
export function languageMap(
  values: (string | LanguageString)[],
  fallbackLanguage: string,
): LanguageMap {
  const map: LanguageMap = {};
  for (const value of values) {
    const language =
      value instanceof LanguageString
        ? (normalizeLanguageTag(value.locale.baseName) ?? fallbackLanguage)
        : fallbackLanguage;
    // A plain value repeats the default language's text; a tagged one wins.
    if (value instanceof LanguageString || map[language] == null) map[language] = value.toString();
  }
  return map;
}

const mapValues = (map: LanguageMap, f: (text: string) => string) =>
  Object.fromEntries(
    Object.entries(map)
      .map(([l, t]) => [l, f(t)])
      .filter(([, t]) => t !== ""),
  );

/** What dereferencing gave for an object: its tags, a Question's options, an Event's place. */
export interface ResolvedParts {
  tags: (APObject | Link)[];
  /** A Question's options, each with its label and vote count. */
  poll?: { choice: "single" | "multiple"; options: { names: APObject["names"]; count: number }[] };
  placeName?: string;
}

/**
 * The kind of a remote post: by its type, then by what it declares. An offer or need is a `Note`
 * (Hubnet now), a `Page` (Hubnet before) or FEP-0837's `Proposal`, telling which by `purpose`.
 */
function kindOf(object: PostObject, ext: ExtensionFields): PostKind {
  const declared = typeof ext.hubnetKind === "string" ? ext.hubnetKind : undefined;
  const purpose = object instanceof Proposal ? object.purpose : ext.purpose;
  const marketplace =
    declared === "offer" || declared === "need"
      ? declared
      : purpose === "offer"
        ? "offer"
        : purpose === "request"
          ? "need"
          : undefined;
  if (object instanceof Question) return "proposal";
  if (object instanceof Event) return "event";
  if (object instanceof Proposal) return marketplace ?? "offer";
  if (object instanceof Page) return marketplace ?? "article";
  if (object instanceof Article) return declared === "lesson" ? "lesson" : "article";
  if (object instanceof Video) return "article";
  return marketplace ?? "note";
}

/**
 * A remote object as a draft row; HTML is sanitized here, before anything is stored. `ext` holds
 * its Hubnet fields (empty from other software).
 */
export function fromPostObject(
  object: PostObject,
  parts: ResolvedParts,
  author: { iri: string; followersIri: string | null },
  ext: ExtensionFields = {},
): NewPost | undefined {
  if (object.id == null) return undefined;
  const tagged = [...object.contents, ...object.names].find(
    (c): c is LanguageString => c instanceof LanguageString,
  );
  const defaultLanguage = normalizeLanguageTag(tagged?.locale.baseName ?? "") ?? "und";
  const title = mapValues(languageMap(object.names, defaultLanguage), stripHtml);
  const url = webUrl(object.url instanceof Link ? object.url.href : object.url);
  const contentHtml =
    bodyFromExtension(ext) ??
    (object instanceof Video
      ? videoContent(object, url ?? object.id.href, defaultLanguage)
      : mapValues(languageMap(object.contents, defaultLanguage), sanitizeRemoteHtml));
  let kind = kindOf(object, ext);
  // A note's summary is its content warning; other kinds send their abstract apart.
  const summary =
    (kind !== "note" ? abstractFromExtension(ext) : undefined) ??
    mapValues(languageMap(object.summaries, defaultLanguage), stripHtml);
  if (Object.keys(contentHtml).length === 0 && Object.keys(title).length === 0) return undefined;
  let details = isStructuredKind(kind)
    ? detailsFromExtension(kind, ext, structuredParts(object, parts, defaultLanguage))
    : undefined;
  // Structure that does not hold up is still worth reading as an article.
  if (isStructuredKind(kind) && details == null) {
    kind = "article";
    details = undefined;
  }
  const tags = parts.tags;
  const mentions = tags
    .filter((t): t is Mention => t instanceof Mention && t.href != null)
    .map((t) => ({ href: (t.href as URL).href, name: t.name?.toString() ?? (t.href as URL).href }));
  const hashtags = tags
    .filter((t): t is Hashtag => t instanceof Hashtag && t.name != null)
    .map((t) => (t.name as string | LanguageString).toString().replace(/^#/, "").toLowerCase());
  const firstTitle = Object.values(title)[0];
  return {
    iri: object.id.href,
    authorIri: author.iri,
    isLocal: false,
    kind,
    defaultLanguage,
    title: Object.keys(title).length > 0 ? title : null,
    contentHtml:
      Object.keys(contentHtml).length > 0
        ? contentHtml
        : { [defaultLanguage]: `<p>${firstTitle ?? ""}</p>` },
    source: null,
    summary: Object.keys(summary).length > 0 ? summary : null,
    details: details ?? null,
    sensitive: object.sensitive ?? false,
    visibility: visibilityOf(object, author.followersIri),
    inReplyToIri: object.replyTargetId?.href ?? null,
    contextIri: object.contextIds[0]?.href ?? null,
    audienceIri: webUrl(object.audienceId) ?? null,
    url: url ?? object.id.href,
    mentions,
    hashtags: [...new Set(hashtags)],
    publishedAt: object.published ? fromInstant(object.published) : new Date(),
    updatedAt: object.updated ? fromInstant(object.updated) : null,
  };
}

function structuredParts(object: PostObject, parts: ResolvedParts, defaultLanguage: string) {
  if (object instanceof Event)
    return {
      startTime: object.startTime ? fromInstant(object.startTime) : undefined,
      endTime: object.endTime ? fromInstant(object.endTime) : undefined,
      placeName: parts.placeName,
    };
  if (object instanceof Question) {
    const closed = object.closed;
    const options = parts.poll?.options ?? [];
    return {
      options: options.map((o) => mapValues(languageMap(o.names, defaultLanguage), stripHtml)),
      counts: options.map((o) => o.count),
      voters: object.voters ?? undefined,
      endTime: object.endTime
        ? fromInstant(object.endTime)
        : typeof closed === "object" && closed != null
          ? fromInstant(closed)
          : undefined,
      closed: closed != null && closed !== false,
      closedAt: typeof closed === "object" && closed != null ? fromInstant(closed) : undefined,
      choice: parts.poll?.choice,
    };
  }
  return {};
}

export function visibilityOf(object: APObject, followersIri: string | null): Visibility {
  const to = object.toIds.map((u) => u.href);
  const cc = object.ccIds.map((u) => u.href);
  if (to.includes(PUBLIC_COLLECTION.href)) return "public";
  if (cc.includes(PUBLIC_COLLECTION.href)) return "unlisted";
  if (followersIri != null && [...to, ...cc].includes(followersIri)) return "followers";
  return "direct";
}

/**
 * A video (PeerTube's) as a link to where it plays, then its description: Hubnet shows no video
 * player. PeerTube writes the description in Markdown, shown here as plain text.
 */
function videoContent(video: Video, url: string, language: string): LanguageMap {
  const link = `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
  const description = video.content?.toString() ?? "";
  const text =
    video.mediaType === "text/html"
      ? sanitizeRemoteHtml(description)
      : description
          .split(/\r?\n\s*\r?\n/)
          .filter((paragraph) => paragraph.trim() !== "")
          .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\r?\n/g, "<br>")}</p>`)
          .join("");
  return { [language]: link + text };
}
