import type { Context } from "@fedify/fedify";
import {
  type Object as APObject,
  Article,
  Collection,
  Event,
  Hashtag,
  LanguageString,
  Link,
  Mention,
  Note,
  Page,
  Place,
  Proposal,
  PUBLIC_COLLECTION,
  Question,
} from "@fedify/vocab";
import type {
  LanguageMap,
  Mention as MentionRow,
  NewPost,
  Post,
  PostKind,
  Visibility,
} from "../../db/schema.ts";
import { isStructuredKind, type ProposalDetails } from "../../server/content/details.ts";
import { sanitizeRemoteHtml, stripHtml, webUrl } from "../../server/content/sanitize.ts";
import { normalizeLanguageTag } from "../../server/i18n/languages.ts";
import {
  bodyFromExtension,
  detailsFromExtension,
  readableContent,
  toExtensionFields,
} from "./content-fields.ts";
import { type ExtensionFields, withExtension } from "./hubnet-context.ts";
import { toLanguageValues } from "./language-map.ts";
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

export type PostObject = Note | Article | Page | Event | Question | Proposal;
export const isPostObject = (object: unknown): object is PostObject =>
  object instanceof Note ||
  object instanceof Article ||
  object instanceof Page ||
  object instanceof Event ||
  object instanceof Question ||
  object instanceof Proposal;

/**
 * A local post as the ActivityStreams object of its kind, with Hubnet's fields as extension
 * terms. `followers` is its author's followers collection.
 */
export function toPostObject(post: Post, ctx: Context<unknown>, followers: URL): PostObject {
  const values = {
    id: new URL(post.iri),
    attribution: new URL(post.authorIri),
    names: post.title ? toLanguageValues(post.title, post.defaultLanguage) : [],
    summaries: post.summary ? toLanguageValues(post.summary, post.defaultLanguage) : [],
    contents: toLanguageValues(readableContent(post), post.defaultLanguage),
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
  };
  const d = post.details;
  if (post.kind === "article") return new Article(values);
  if (post.kind === "note" || d == null) return new Note(values);
  const extension = toExtensionFields(post);
  switch (d.kind) {
    case "lesson":
      return withExtension(new Article(values), extension);
    case "offer":
    case "need":
      // A Page for Mastodon and its kin, and FEP-0837's Proposal for marketplace-aware servers.
      return withExtension(new Page(values), extension, ["Proposal"]);
    case "event":
      return withExtension(
        new Event({
          ...values,
          startTime: toInstant(new Date(d.startTime)),
          endTime: toInstant(new Date(d.endTime)),
          location: d.place ? new Place({ name: d.place.name }) : null,
        }),
        extension,
      );
    case "proposal": {
      const options = d.options.map(
        (option, i) =>
          new Note({
            names: toLanguageValues(option, post.defaultLanguage),
            replies: new Collection({ totalItems: d.counts?.[i] ?? 0 }),
          }),
      );
      return withExtension(
        new Question({
          ...values,
          ...(d.choice === "single"
            ? { exclusiveOptions: options }
            : { inclusiveOptions: options }),
          ...pollTimes(d, post.updatedAt),
          voters: d.voters ?? 0,
        }),
        extension,
      );
    }
  }
}

/**
 * A proposal's times as Mastodon, Hollo, Misskey and GoToSocial read them: open, `endTime` is
 * the scheduled end and `closed` is absent (a `closed` date in the future would read as already
 * closed on GoToSocial); closed, both are the moment it closed, since Hollo takes the end only
 * from `endTime` and Mastodon from `closed`.
 */
function pollTimes(d: ProposalDetails, updatedAt: Date | null) {
  if (!d.closed) return { endTime: toInstant(new Date(d.endTime)), closed: null };
  // Proposals closed before the moment was recorded: closing stamped updatedAt.
  const end = new Date(d.endTime);
  const recorded = d.closedAt
    ? new Date(d.closedAt)
    : updatedAt && updatedAt < end
      ? updatedAt
      : end;
  const closedAt = toInstant(recorded);
  return { endTime: closedAt, closed: closedAt };
}

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

function kindOf(object: PostObject, ext: ExtensionFields): PostKind {
  const declared = typeof ext.hubnetKind === "string" ? ext.hubnetKind : undefined;
  if (object instanceof Question) return "proposal";
  if (object instanceof Event) return "event";
  if (object instanceof Proposal) return object.purpose === "request" ? "need" : "offer";
  if (object instanceof Page)
    return declared === "offer" || declared === "need" ? declared : "article";
  if (object instanceof Article) return declared === "lesson" ? "lesson" : "article";
  return "note";
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
  const contentHtml =
    bodyFromExtension(ext) ??
    mapValues(languageMap(object.contents, defaultLanguage), sanitizeRemoteHtml);
  const summary = mapValues(languageMap(object.summaries, defaultLanguage), stripHtml);
  let kind = kindOf(object, ext);
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
  const url = object.url instanceof Link ? object.url.href : object.url;
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
    url: webUrl(url) ?? object.id.href,
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
