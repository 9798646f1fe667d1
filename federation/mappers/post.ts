import type { Context } from "@fedify/fedify";
import {
  type Object as APObject,
  type Article,
  Hashtag,
  LanguageString,
  Link,
  Mention,
  Note,
  PUBLIC_COLLECTION,
} from "@fedify/vocab";
import type {
  LanguageMap,
  Mention as MentionRow,
  NewPost,
  Post,
  Visibility,
} from "../../db/schema.ts";
import { normalizeLanguageTag } from "../../server/i18n/languages.ts";
import { toLanguageValues } from "./language-map.ts";
import { sanitizeRemoteHtml, stripHtml, webUrl } from "./sanitize.ts";
import { fromInstant, toInstant } from "./time.ts";

/** Who receives a post of each visibility, the way Mastodon addresses them. */
export function addressing(visibility: Visibility, followers: URL, mentions: MentionRow[]) {
  const mentioned = mentions.map((m) => new URL(m.href));
  switch (visibility) {
    case "public":
      return { tos: [PUBLIC_COLLECTION], ccs: [followers, ...mentioned] };
    case "unlisted":
      return { tos: [followers], ccs: [PUBLIC_COLLECTION, ...mentioned] };
    case "followers":
      return { tos: [followers], ccs: mentioned };
    case "direct":
      return { tos: mentioned, ccs: [] };
  }
}

/** A local post as a Note. `followers` is its author's followers collection. */
export function toNote(post: Post, ctx: Context<unknown>, followers: URL): Note {
  return new Note({
    id: new URL(post.iri),
    attribution: new URL(post.authorIri),
    contents: toLanguageValues(post.contentHtml, post.defaultLanguage),
    summary: post.summary,
    sensitive: post.sensitive,
    published: toInstant(post.publishedAt),
    updated: post.updatedAt ? toInstant(post.updatedAt) : null,
    url: new URL(post.url ?? post.iri),
    replyTarget: post.inReplyToIri ? new URL(post.inReplyToIri) : null,
    contexts: post.contextIri ? [new URL(post.contextIri)] : [],
    tags: [
      ...post.mentions.map((m) => new Mention({ href: new URL(m.href), name: m.name })),
      ...post.hashtags.map(
        (tag) =>
          new Hashtag({
            href: new URL(`/tags/${encodeURIComponent(tag)}`, ctx.canonicalOrigin),
            name: `#${tag}`,
          }),
      ),
    ],
    ...addressing(post.visibility, followers, post.mentions),
  });
}

type PostObject = Note | Article;

/** The text of each language of a multilingual property, plain values under `fallbackLanguage`. */
function languageMap(values: (string | LanguageString)[], fallbackLanguage: string): LanguageMap {
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

/**
 * A remote Note or Article as a draft row; HTML is sanitized here, before anything is stored.
 * `tags` are the object's tags as already dereferenced by the caller.
 */
export function fromNote(
  object: PostObject,
  tags: (APObject | Link)[],
  author: { iri: string; followersIri: string | null },
): NewPost | undefined {
  if (object.id == null) return undefined;
  const tagged = object.contents.find((c): c is LanguageString => c instanceof LanguageString);
  const defaultLanguage = normalizeLanguageTag(tagged?.locale.baseName ?? "") ?? "und";
  const contentHtml = Object.fromEntries(
    Object.entries(languageMap(object.contents, defaultLanguage)).map(([l, html]) => [
      l,
      sanitizeRemoteHtml(html),
    ]),
  );
  const title = object.name ? stripHtml(object.name.toString()) : "";
  if (Object.keys(contentHtml).length === 0 && title === "") return undefined;
  const mentions = tags
    .filter((t): t is Mention => t instanceof Mention && t.href != null)
    .map((t) => ({ href: (t.href as URL).href, name: t.name?.toString() ?? (t.href as URL).href }));
  const hashtags = tags
    .filter((t): t is Hashtag => t instanceof Hashtag && t.name != null)
    .map((t) => (t.name as string | LanguageString).toString().replace(/^#/, "").toLowerCase());
  const url = object.url instanceof Link ? object.url.href : object.url;
  return {
    iri: object.id.href,
    authorIri: author.iri,
    isLocal: false,
    type: object instanceof Note ? "Note" : "Article",
    defaultLanguage,
    contentHtml:
      Object.keys(contentHtml).length > 0 ? contentHtml : { [defaultLanguage]: `<p>${title}</p>` },
    source: null,
    summary: object.summary ? stripHtml(object.summary.toString()) || null : null,
    sensitive: object.sensitive ?? false,
    visibility: visibilityOf(object, author.followersIri),
    inReplyToIri: object.replyTargetId?.href ?? null,
    contextIri: object.contextIds[0]?.href ?? null,
    url: webUrl(url) ?? object.id.href,
    mentions,
    hashtags: [...new Set(hashtags)],
    publishedAt: object.published ? fromInstant(object.published) : new Date(),
    updatedAt: object.updated ? fromInstant(object.updated) : null,
  };
}

export function visibilityOf(object: APObject, followersIri: string | null): Visibility {
  const to = object.toIds.map((u) => u.href);
  const cc = object.ccIds.map((u) => u.href);
  if (to.includes(PUBLIC_COLLECTION.href)) return "public";
  if (cc.includes(PUBLIC_COLLECTION.href)) return "unlisted";
  if (followersIri != null && [...to, ...cc].includes(followersIri)) return "followers";
  return "direct";
}
