import { z } from "@hono/zod-openapi";
import {
  type Notification,
  type Person,
  type Post,
  postKind,
  type Space,
  type SpaceRole,
} from "../../db/schema.ts";
import type { ActorCard } from "../../server/actors/actor-cards.ts";

/** What the API shows of spaces, people, posts and the rest, and the mappers from rows: one place. */

export const LanguageMapOut = z
  .record(z.string(), z.string())
  .openapi("LanguageMap", { example: { en: "Wikimedia Kenya", sw: "Wikimedia Kenya" } });

export const SpaceOut = z
  .object({
    handle: z.string(),
    address: z.string().openapi({ example: "@kenya@hub.example.org" }),
    url: z.string(),
    kind: z.enum(["affiliate", "hub"]),
    focus: z.enum(["regional", "language", "thematic"]).nullable(),
    defaultLanguage: z.string(),
    name: LanguageMapOut,
    summary: LanguageMapOut,
    regions: z.array(z.string()),
    languages: z.array(z.string()),
    themes: z.array(z.string()),
    website: z.string().nullable(),
    manuallyApprovesFollowers: z.boolean(),
    membershipApproval: z.enum(["automatic", "manual"]).openapi({
      description: "For hubs: whether requests to join are accepted at once or by an admin",
    }),
    createdAt: z.string(),
  })
  .openapi("Space");

export function toSpaceOut(space: Space, origin: string): z.infer<typeof SpaceOut> {
  return {
    handle: space.handle,
    address: `@${space.handle}@${new URL(origin).host}`,
    url: new URL(`/@${space.handle}`, origin).href,
    kind: space.kind,
    focus: space.focus,
    defaultLanguage: space.defaultLanguage,
    name: space.name,
    summary: space.summary,
    regions: space.regions,
    languages: space.languages,
    themes: space.themes,
    website: space.website,
    manuallyApprovesFollowers: space.manuallyApprovesFollowers,
    membershipApproval: space.membershipApproval,
    createdAt: space.createdAt.toISOString(),
  };
}

export const PersonOut = z
  .object({
    handle: z.string(),
    address: z.string(),
    url: z.string(),
    displayName: z.string(),
    preferredLanguage: z.string(),
    instanceRole: z.enum(["admin", "moderator"]).nullable().openapi({
      description: "admin or moderator of this instance, or null",
    }),
    /** Only to the person themself and to operators. */
    email: z.string().optional(),
    /** The zone they read times in, if they chose one; only to themself and to operators. */
    timeZone: z.string().nullable().optional(),
  })
  .openapi("Person");

export function toPersonOut(
  person: Person,
  origin: string,
  withEmail = false,
): z.infer<typeof PersonOut> {
  return {
    handle: person.handle,
    address: `@${person.handle}@${new URL(origin).host}`,
    url: new URL(`/@${person.handle}`, origin).href,
    displayName: person.displayName,
    preferredLanguage: person.preferredLanguage,
    instanceRole: person.instanceRole,
    ...(withEmail ? { email: person.email, timeZone: person.timeZone } : {}),
  };
}

export const MemberOut = z
  .object({ person: PersonOut, role: z.enum(["owner", "admin", "editor", "member"]) })
  .openapi("Member");
export const toMemberOut = (person: Person, role: SpaceRole, origin: string) => ({
  person: toPersonOut(person, origin),
  role,
});

export const ActorOut = z
  .object({
    iri: z.string(),
    handle: z.string(),
    name: z.string(),
    url: z.string(),
    isLocal: z.boolean(),
  })
  .openapi("Actor");

export const toActorOut = (card: ActorCard) => ({
  iri: card.iri,
  handle: card.handle,
  name: card.name,
  url: card.url,
  isLocal: card.isLocal,
});

export const PostOut = z
  .object({
    id: z.string().uuid(),
    iri: z.string(),
    url: z.string().nullable(),
    author: ActorOut,
    isLocal: z.boolean(),
    kind: z.enum(postKind.enumValues).openapi({
      description: "note, article (titled announcement), offer, need, lesson, event or proposal",
    }),
    defaultLanguage: z.string(),
    title: LanguageMapOut.nullable(),
    content: LanguageMapOut.openapi({ description: "Sanitized HTML per language" }),
    source: LanguageMapOut.nullable().openapi({
      description: "The text as written, for local posts",
    }),
    summary: LanguageMapOut.nullable().openapi({
      description: "An abstract per language; on a sensitive note, its content warning",
    }),
    details: z.record(z.string(), z.unknown()).nullable().openapi({
      description: "The structured fields of an offer, need, lesson, event or proposal",
    }),
    sensitive: z.boolean(),
    visibility: z.enum(["public", "unlisted", "followers", "direct"]),
    inReplyTo: z.string().nullable(),
    context: z.string().nullable(),
    mentions: z.array(z.object({ href: z.string(), name: z.string() })),
    hashtags: z.array(z.string()),
    publishedAt: z.string(),
    updatedAt: z.string().nullable(),
    likes: z.number().int(),
    boosts: z.number().int(),
  })
  .openapi("Post");

export function toPostOut(
  post: Post,
  author: ActorCard,
  counts: { likes: number; boosts: number },
) {
  return {
    id: post.id,
    iri: post.iri,
    url: post.url,
    author: toActorOut(author),
    isLocal: post.isLocal,
    kind: post.kind,
    defaultLanguage: post.defaultLanguage,
    title: post.title,
    content: post.contentHtml,
    source: post.source,
    summary: post.summary,
    details: post.details as Record<string, unknown> | null,
    sensitive: post.sensitive,
    visibility: post.visibility,
    inReplyTo: post.inReplyToIri,
    context: post.contextIri,
    mentions: post.mentions,
    hashtags: post.hashtags,
    publishedAt: post.publishedAt.toISOString(),
    updatedAt: post.updatedAt?.toISOString() ?? null,
    likes: counts.likes,
    boosts: counts.boosts,
  };
}

export const NotificationOut = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(["follow", "follow_request", "reply", "mention", "like", "boost", "join_request"]),
    recipient: z.string(),
    actor: ActorOut,
    object: z.string().nullable(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi("Notification");

export const toNotificationOut = (n: Notification, actor: ActorCard) => ({
  id: n.id,
  kind: n.kind,
  recipient: n.recipientIri,
  actor: toActorOut(actor),
  object: n.objectIri,
  createdAt: n.createdAt.toISOString(),
  read: n.readAt != null,
});

export const TokenOut = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    scopes: z.array(z.enum(["read", "write", "admin"])),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("Token");

/** A page of items with the cursor for the next one (absent on the last page). */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), next: z.string().nullable() }).openapi(name);

export const Cursor = z.object({
  before: z.string().optional().openapi({
    description: "The `next` cursor of the previous page, as given (any other value is a 400)",
  }),
});
