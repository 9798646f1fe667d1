import { z } from "zod";
import { followState, postKind, spaceRole, visibility } from "../../db/schema.ts";
import { HandleSchema } from "../handles/handles.ts";
import { LanguageMapSchema, LanguageTagSchema } from "../i18n/languages.ts";
import { MAX_POST_LENGTH } from "../posts/posts.ts";
import { NewSpaceInput } from "../spaces/spaces.ts";

/**
 * The file `hubnet export` writes and `hubnet import` reads: one space with its people, follows
 * and posts. Times are ISO 8601 strings; IRIs are those of the instance it came from (`origin`).
 * A new version number is needed for any change an older Hubnet could not read.
 */
export const ARCHIVE_FORMAT = "hubnet-space-export";
export const ARCHIVE_VERSION = 2;

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const Timestamp = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date and time" })
  .transform((text) => new Date(text));

const ArchivedSpace = z
  .object({
    handle: HandleSchema,
    kind: z.enum(["affiliate", "hub"]),
    focus: z.enum(["regional", "language", "thematic"]).nullable(),
    defaultLanguage: LanguageTagSchema,
    name: LanguageMapSchema,
    summary: LanguageMapSchema,
    regions: z.array(z.string()),
    languages: z.array(z.string()),
    themes: z.array(z.string()),
    website: HttpUrl.nullable(),
    iconUrl: HttpUrl.nullable(),
    manuallyApprovesFollowers: z.boolean(),
    createdAt: Timestamp,
  })
  .superRefine((space, ctx) => {
    // The rules of a space created here: a name in its main language, a focus only for hubs …
    const checked = NewSpaceInput.safeParse(toSpaceInput(space));
    for (const issue of checked.error?.issues ?? [])
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  });

const ArchivedPerson = z.object({
  handle: HandleSchema,
  displayName: z.string().trim().min(1).max(100),
  email: z.email({ error: "must be an email address" }).trim().toLowerCase(),
  preferredLanguage: LanguageTagSchema,
  role: z.enum(spaceRole.enumValues),
});

/** What the old instance knew of a remote actor: enough to deliver to it before it is fetched again. */
const ArchivedActor = z.object({
  type: z.string().min(1),
  handle: z.string().min(1),
  name: z.string().nullable(),
  url: HttpUrl.nullable(),
  iconUrl: HttpUrl.nullable(),
  inboxIri: HttpUrl,
  sharedInboxIri: HttpUrl.nullable(),
  followersIri: HttpUrl.nullable(),
  manuallyApprovesFollowers: z.boolean(),
});

const ArchivedFollow = z.object({
  /** The other side: the follower (in `followers`) or the one followed (in `following`). */
  actorIri: HttpUrl,
  state: z.enum(followState.enumValues),
  activityIri: z.url(),
  createdAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
  /** Null for a local actor of the old instance, or a remote one it had not stored. */
  actor: ArchivedActor.nullable(),
});

const PostText = z.record(LanguageTagSchema, z.string().max(MAX_POST_LENGTH));

const ArchivedPost = z
  .object({
    id: z.uuid(),
    iri: HttpUrl,
    url: HttpUrl.nullable(),
    kind: z.enum(postKind.enumValues),
    title: LanguageMapSchema.nullable(),
    defaultLanguage: LanguageTagSchema,
    /** The text as written, per language: the import renders the HTML again from it. */
    source: PostText,
    /** As rendered on the old instance; for readers of the archive, not read back. */
    contentHtml: z.record(z.string(), z.string()),
    summary: LanguageMapSchema.nullable(),
    /** The structured fields of an offer, need, lesson, event or proposal; checked on import. */
    details: z.record(z.string(), z.unknown()).nullable(),
    sensitive: z.boolean(),
    visibility: z.enum(visibility.enumValues),
    inReplyToIri: HttpUrl.nullable(),
    contextIri: z.url().nullable(),
    mentions: z.array(z.object({ href: HttpUrl, name: z.string() })),
    hashtags: z.array(z.string()),
    publishedAt: Timestamp,
    updatedAt: Timestamp.nullable(),
  })
  .refine((post) => post.kind !== "note" || post.source[post.defaultLanguage] != null, {
    path: ["source"],
    error: "needs the text in the post's default language",
  });

const Header = z.object({
  format: z.literal(ARCHIVE_FORMAT, { error: `must be "${ARCHIVE_FORMAT}"` }),
  version: z.union([z.literal(1), z.literal(ARCHIVE_VERSION)], {
    error: `must be 1 or ${ARCHIVE_VERSION}, the versions this Hubnet reads`,
  }),
});

/**
 * Version 1 came before hub content: posts had a `type` (Note, Article) and a one-language
 * content warning. Read as version 2, so an old archive never becomes unreadable.
 */
function upgradeFromVersion1(data: unknown): unknown {
  const archive = data as { version?: unknown; posts?: unknown };
  if (archive?.version !== 1 || !Array.isArray(archive.posts)) return data;
  return {
    ...archive,
    posts: archive.posts.map((post: Record<string, unknown>) => {
      const { type, summary, ...rest } = post ?? {};
      const language = typeof post?.defaultLanguage === "string" ? post.defaultLanguage : "en";
      return {
        ...rest,
        kind: type === "Article" ? "article" : "note",
        title: null,
        summary: typeof summary === "string" ? { [language]: summary } : (summary ?? null),
        details: null,
      };
    }),
  };
}

export const SpaceArchive = Header.extend({
  exportedAt: Timestamp,
  /** The origin of the instance it came from, whose IRIs the import rewrites. */
  origin: HttpUrl.transform((url) => new URL(url).origin),
  software: z.string().optional(),
  space: ArchivedSpace,
  people: z.array(ArchivedPerson),
  followers: z.array(ArchivedFollow),
  following: z.array(ArchivedFollow),
  posts: z.array(ArchivedPost),
});
/** An archive as read (dates as Date). */
export type SpaceArchive = z.output<typeof SpaceArchive>;
/** An archive as written (JSON). */
export type SpaceArchiveJson = z.input<typeof SpaceArchive>;
export type ArchivedActor = z.output<typeof ArchivedActor>;

export function toSpaceInput(space: z.output<typeof ArchivedSpace>): z.input<typeof NewSpaceInput> {
  return {
    handle: space.handle,
    kind: space.kind,
    focus: space.focus ?? undefined,
    defaultLanguage: space.defaultLanguage,
    name: space.name,
    summary: space.summary,
    regions: space.regions,
    languages: space.languages,
    themes: space.themes,
    website: space.website ?? undefined,
  };
}

/** What is wrong with one field of an archive: where (`posts[2].visibility`) and why. */
export interface ArchiveProblem {
  path: string;
  issue: z.core.$ZodIssue;
}

export type ParseArchiveResult =
  | { ok: true; archive: SpaceArchive }
  | { ok: false; problems: ArchiveProblem[] };

/**
 * Checks parsed JSON against the archive format. Each problem names the field, e.g.
 * `posts[2].visibility: …`; the header is checked first, so a wrong file gives one clear line.
 */
export function parseArchive(data: unknown): ParseArchiveResult {
  const header = Header.safeParse(data);
  if (!header.success) return { ok: false, problems: header.error.issues.map(describe) };
  const archive = SpaceArchive.safeParse(upgradeFromVersion1(data));
  if (!archive.success) return { ok: false, problems: archive.error.issues.map(describe) };
  return { ok: true, archive: archive.data };
}

function describe(issue: z.core.$ZodIssue): ArchiveProblem {
  const path = issue.path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
  return { path, issue };
}
