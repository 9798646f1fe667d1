/**
 * A local post as the ActivityStreams object of its kind. Each kind has the one shape that
 * Mastodon, Misskey, Pleroma/Akkoma, Hollo and GoToSocial all show, while Hubnet instances read
 * every field from the extension (docs/adr/0003-one-shape-per-kind.md gives the evidence):
 * - note: `Note`; its summary is a content warning (`summary`, `sensitive`), as everywhere.
 * - article, lesson: `Article` (Mastodon shows the title and a link, the others the content).
 * - offer, need: `Note` carrying FEP-0837's `purpose` and `publishes` (the FEP allows a `Note`;
 *   Hollo drops `Page`, Pleroma a list of types, Mastodon shows a `Page` without its facts).
 * - event: `Event`, which Mobilizon and Friendica need to take part; Hollo does not show it.
 * - proposal: `Question`, votable everywhere.
 * The title is sent only as `nameMap` (but for events, where Mobilizon needs `name`) and leads
 * the content; an abstract is never sent as `summary`: both are in `content` and the extension.
 */
import type { Context } from "@fedify/fedify";
import {
  Article,
  Collection,
  Event,
  Hashtag,
  Mention,
  Note,
  Page,
  Place,
  Proposal,
  PUBLIC_COLLECTION,
  Question,
  Video,
} from "@fedify/vocab";
import type { Mention as MentionRow, Post, Visibility } from "../../db/schema.ts";
import type { ProposalDetails } from "../../server/content/details.ts";
import { toExtensionFields } from "./content-fields.ts";
import { withExtension } from "./hubnet-context.ts";
import { toLanguageValues, toTaggedValues } from "./language-map.ts";
import { readableContent } from "./readable-content.ts";
import { toInstant } from "./time.ts";

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

/** What Hubnet reads as a post, from any server (a PeerTube `Video` as a link to it). */
export type PostObject = Note | Article | Page | Event | Question | Proposal | Video;
export const isPostObject = (object: unknown): object is PostObject =>
  object instanceof Note ||
  object instanceof Article ||
  object instanceof Page ||
  object instanceof Event ||
  object instanceof Question ||
  object instanceof Proposal ||
  object instanceof Video;

/** `followers` is the post author's followers collection. */
export function toPostObject(post: Post, ctx: Context<unknown>, followers: URL): PostObject {
  const language = post.defaultLanguage;
  const cw = post.kind === "note" && post.summary ? post.summary : null;
  const values = {
    id: new URL(post.iri),
    attribution: new URL(post.authorIri),
    names: post.title ? toTaggedValues(post.title, language) : [],
    summaries: cw ? toLanguageValues(cw, language) : [],
    contents: toLanguageValues(readableContent(post), language),
    sensitive: post.sensitive,
    published: toInstant(post.publishedAt),
    updated: post.updatedAt ? toInstant(post.updatedAt) : null,
    url: new URL(post.url ?? post.iri),
    replyTarget: post.inReplyToIri ? new URL(post.inReplyToIri) : null,
    contexts: post.contextIri ? [new URL(post.contextIri)] : [],
    audience: post.audienceIri ? new URL(post.audienceIri) : null,
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
  // A plain note's content is its body: it needs no extension, only its language.
  const plainNote = post.kind === "note" && post.title == null;
  const shaped = (object: PostObject) =>
    withExtension(object, plainNote ? {} : toExtensionFields(post), { language });
  const d = post.details;
  switch (d?.kind) {
    case undefined:
      return shaped(post.kind === "article" ? new Article(values) : new Note(values));
    case "lesson":
      return shaped(new Article(values));
    case "offer":
    case "need":
      return shaped(new Note(values));
    case "event":
      return shaped(
        new Event({
          ...values,
          // Mobilizon and Friendica take an event's title from `name` alone.
          names: post.title ? toLanguageValues(post.title, language) : [],
          startTime: toInstant(new Date(d.startTime)),
          endTime: toInstant(new Date(d.endTime)),
          location: d.place ? new Place({ name: d.place.name }) : null,
        }),
      );
    case "proposal": {
      const options = d.options.map(
        (option, i) =>
          new Note({
            // Mastodon and Misskey vote by the plain `name`.
            names: toLanguageValues(option, language),
            replies: new Collection({ totalItems: d.counts?.[i] ?? 0 }),
          }),
      );
      return shaped(
        new Question({
          ...values,
          ...(d.choice === "single"
            ? { exclusiveOptions: options }
            : { inclusiveOptions: options }),
          ...pollTimes(d, post.updatedAt),
          voters: d.voters ?? 0,
        }),
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
