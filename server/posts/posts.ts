import { randomUUID } from "node:crypto";
import { count, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type Mention, type Post, postKind, posts, relays } from "../../db/schema.ts";
import { localPostIri } from "../actors/local-iris.ts";
import { type ContentDetails, DETAILS_SCHEMAS, isStructuredKind } from "../content/details.ts";
import { renderMarkdownMap } from "../content/markdown.ts";
import { LanguageMapSchema, LanguageTagSchema } from "../i18n/languages.ts";
import { because } from "../validation.ts";
import { findHashtags } from "./text.ts";

export const MAX_POST_LENGTH = 20_000;

const Texts = LanguageMapSchema.refine(
  (map) => Object.values(map).every((text) => text.length <= MAX_POST_LENGTH),
  because("text-too-long", { limit: MAX_POST_LENGTH }),
);

/**
 * A post of any kind as written: title, summary and body (Markdown) per language, and the
 * structured fields of its kind. A plain-text summary is a content warning in the default language.
 */
export const PostInput = z
  .object({
    kind: z.enum(postKind.enumValues).default("note"),
    title: LanguageMapSchema.default({}),
    content: Texts.default({}),
    defaultLanguage: LanguageTagSchema.default("en"),
    summary: z.union([z.string().trim().max(500), LanguageMapSchema]).optional(),
    sensitive: z.boolean().default(false),
    visibility: z.enum(["public", "unlisted", "followers", "direct"]).default("public"),
    inReplyToIri: z.url({ protocol: /^https?$/ }).optional(),
    /** A hub (or other group) the post is addressed to, which passes it on to its followers. */
    audienceIri: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((post, ctx) => {
    const { kind, defaultLanguage } = post;
    const summary =
      typeof post.summary === "string"
        ? post.summary
          ? { [defaultLanguage]: post.summary }
          : {}
        : (post.summary ?? {});
    if (kind === "note" && post.content[defaultLanguage] == null)
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message:
          Object.keys(post.content).length === 0 ? "write-something" : "write-in-default-language",
      });
    if (kind !== "note" && post.title[defaultLanguage] == null)
      ctx.addIssue({
        code: "custom",
        path: ["title"],
        message: "title-in-default-language",
      });
    let details: ContentDetails | undefined;
    if (isStructuredKind(kind)) {
      const parsed = DETAILS_SCHEMAS[kind].safeParse(post.details ?? {});
      if (parsed.success) details = startingState({ kind, ...parsed.data } as ContentDetails);
      else
        for (const issue of parsed.error.issues)
          ctx.addIssue({ ...issue, path: ["details", ...issue.path] } as never);
    }
    return { ...post, summary, details };
  });
export type PostInput = z.input<typeof PostInput>;

/**
 * A proposal starts open with no votes, and an offer or need is matched only by marking it with
 * one of its responses, whatever the input says.
 */
function startingState(details: ContentDetails): ContentDetails {
  if (details.kind === "proposal") {
    const { closedAt: _closedAt, ...open } = details;
    return { ...open, closed: false, counts: details.options.map(() => 0), voters: 0 };
  }
  if (details.kind === "event") return { ...details, participantCount: 0 };
  if ((details.kind === "offer" || details.kind === "need") && details.status === "matched") {
    const { matchedWithIri: _match, ...rest } = details;
    return { ...rest, status: "open" };
  }
  return details;
}

/**
 * A reply stays in the hub's conversation its parent belongs to (FEP-1b12): the hub the parent
 * was addressed to, or else one that relayed it, receives the reply too.
 */
async function audienceOfThread(db: DatabaseLike, parent: Post): Promise<string | null> {
  if (parent.audienceIri) return parent.audienceIri;
  const [relay] = await db
    .select({ hubIri: relays.hubIri })
    .from(relays)
    .where(eq(relays.postIri, parent.iri))
    .orderBy(relays.relayedAt)
    .limit(1);
  return relay?.hubIri ?? null;
}

export interface LocalAuthor {
  origin: string;
  handle: string;
  iri: string;
}

function render(input: z.output<typeof PostInput>, origin: string, mentions: Mention[]) {
  const tagUrl = (tag: string) => new URL(`/tags/${encodeURIComponent(tag)}`, origin).href;
  const written = [...Object.values(input.content), ...Object.values(input.title)];
  const themes = input.details?.kind === "lesson" ? input.details.themes : [];
  const hashtags = [...new Set([...written.flatMap(findHashtags), ...themes])];
  const hasSummary = Object.keys(input.summary).length > 0;
  return {
    kind: input.kind,
    title: Object.keys(input.title).length > 0 ? input.title : null,
    contentHtml: renderMarkdownMap(input.content, { mentions, tagUrl }),
    source: input.content,
    hashtags,
    mentions,
    summary: hasSummary ? input.summary : null,
    details: input.details ?? null,
    // On a note the summary is a content warning, as Mastodon reads it.
    sensitive: input.sensitive || (input.kind === "note" && hasSummary),
  };
}

/** Publishes a post by a local space or person; `mentions` are the handles already resolved. */
export async function createLocalPost(
  db: DatabaseLike,
  author: LocalAuthor,
  input: z.output<typeof PostInput>,
  mentions: Mention[] = [],
): Promise<Post> {
  const id = randomUUID();
  const iri = localPostIri(author.origin, author.handle, id);
  const parent = input.inReplyToIri ? await findPostByIri(db, input.inReplyToIri) : undefined;
  const [post] = await db
    .insert(posts)
    .values({
      id,
      iri,
      authorIri: author.iri,
      isLocal: true,
      defaultLanguage: input.defaultLanguage,
      visibility: input.visibility,
      inReplyToIri: input.inReplyToIri ?? null,
      contextIri: parent?.contextIri ?? parent?.iri ?? input.inReplyToIri ?? iri,
      audienceIri: input.audienceIri ?? (parent ? await audienceOfThread(db, parent) : null),
      url: iri,
      ...render(input, author.origin, mentions),
    })
    .returning();
  if (post == null) throw new Error("INSERT … RETURNING gave no row");
  return post;
}

export async function editLocalPost(
  db: DatabaseLike,
  post: Post,
  origin: string,
  input: z.output<typeof PostInput>,
  mentions: Mention[] = [],
): Promise<Post> {
  const rendered = render(input, origin, mentions);
  return db.transaction(async (tx) => {
    // The recorded state as it is now, held until the edit is written: a vote, an answer or the
    // closing that lands meanwhile waits for it, and is not undone by it.
    const [current] = await tx.select().from(posts).where(eq(posts.id, post.id)).for("update");
    if (current == null) return post;
    const [updated] = await tx
      .update(posts)
      .set({
        ...rendered,
        details: keepRecordedState(current, rendered.details),
        defaultLanguage: input.defaultLanguage,
        updatedAt: new Date(),
      })
      .where(eq(posts.id, post.id))
      .returning();
    return updated ?? post;
  });
}

/**
 * What an edit cannot change: a proposal's votes and closing, an offer's or need's status and
 * match (they change by voting and by marking, which federate on their own).
 */
function keepRecordedState(post: Post, edited: ContentDetails | null): ContentDetails | null {
  const before = post.details;
  if (edited?.kind === "proposal" && before?.kind === "proposal") {
    const closing = { closed: before.closed, closedAt: before.closedAt };
    return before.options.length === edited.options.length
      ? { ...edited, ...closing, counts: before.counts, voters: before.voters }
      : { ...edited, ...closing };
  }
  if (edited?.kind === "event" && before?.kind === "event")
    return { ...edited, participantCount: before.participantCount ?? 0 };
  if ((edited?.kind === "offer" || edited?.kind === "need") && before?.kind === edited.kind)
    return before.matchedWithIri
      ? { ...edited, status: before.status, matchedWithIri: before.matchedWithIri }
      : { ...edited, status: before.status };
  return edited;
}

export type ChangeResult =
  | { ok: true; post: Post }
  | { ok: false; reason: "not-found" | "not-owner" };

/** Deletes a post if `actorIri` wrote it. */
export async function deletePost(
  db: DatabaseLike,
  iri: string,
  actorIri: string,
): Promise<ChangeResult> {
  const existing = await findPostByIri(db, iri);
  if (existing == null) return { ok: false, reason: "not-found" };
  if (existing.authorIri !== actorIri) return { ok: false, reason: "not-owner" };
  await db.delete(posts).where(eq(posts.id, existing.id));
  return { ok: true, post: existing };
}

export async function findPostByIri(db: DatabaseLike, iri: string): Promise<Post | undefined> {
  const [row] = await db.select().from(posts).where(eq(posts.iri, iri));
  return row;
}

export async function findPostById(db: DatabaseLike, id: string): Promise<Post | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await db.select().from(posts).where(eq(posts.id, id));
  return row;
}

export async function countLocalPosts(db: DatabaseLike): Promise<number> {
  const [row] = await db.select({ n: count() }).from(posts).where(eq(posts.isLocal, true));
  return row?.n ?? 0;
}

/** Whether any of these IRIs is a post stored here, or a thread one belongs to. */
export async function isKnownThread(db: DatabaseLike, iris: string[]): Promise<boolean> {
  const [known] = await db
    .select({ id: posts.id })
    .from(posts)
    .where(or(inArray(posts.iri, iris), inArray(posts.contextIri, iris)))
    .limit(1);
  return known != null;
}
