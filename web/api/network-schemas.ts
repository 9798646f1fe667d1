/** What the API shows of memberships, the directory, engagement and the archive. */
import { z } from "@hono/zod-openapi";
import { type DirectoryEntry, type Membership, postKind } from "../../db/schema.ts";
import type { ActorCard } from "../../server/actors/actor-cards.ts";
import type { Engagement } from "../../server/engagement/engagement.ts";
import { ActorOut, LanguageMapOut, toActorOut } from "./schemas.ts";

export const MembershipOut = z
  .object({
    member: ActorOut,
    hub: ActorOut,
    state: z.enum(["pending", "accepted"]),
    suspended: z.boolean().openapi({ description: "A suspended member is not relayed" }),
    requestedAt: z.string(),
    acceptedAt: z.string().nullable(),
  })
  .openapi("Membership");

export const toMembershipOut = (row: Membership, cards: Map<string, ActorCard>) => {
  const card = (iri: string) =>
    cards.get(iri) ?? { iri, name: iri, handle: iri, url: iri, isLocal: false };
  return {
    member: toActorOut(card(row.memberIri)),
    hub: toActorOut(card(row.hubIri)),
    state: row.state,
    suspended: row.suspendedAt != null,
    requestedAt: row.createdAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
  };
};

export const DirectoryEntryOut = z
  .object({
    iri: z.string(),
    handle: z.string(),
    url: z.string().nullable(),
    isLocal: z.boolean(),
    kind: z.enum(["affiliate", "hub"]).nullable().openapi({
      description: "Null for groups of other software",
    }),
    focus: z.enum(["regional", "language", "thematic"]).nullable(),
    name: LanguageMapOut,
    regions: z.array(z.string()),
    languages: z.array(z.string()),
    themes: z.array(z.string()),
    software: z.string().nullable(),
    memberCount: z.number().int().nullable(),
    followerCount: z.number().int().nullable(),
    postCount: z.number().int().nullable(),
    lastActivityAt: z.string().nullable(),
    refreshedAt: z.string().nullable(),
    unreachableSince: z.string().nullable(),
  })
  .openapi("DirectoryEntry");

export const toDirectoryEntryOut = (e: DirectoryEntry) => ({
  iri: e.iri,
  handle: e.handle,
  url: e.url,
  isLocal: e.isLocal,
  kind: e.kind,
  focus: e.focus,
  name: e.name,
  regions: e.regions,
  languages: e.languages,
  themes: e.themes,
  software: e.software,
  memberCount: e.memberCount,
  followerCount: e.followerCount,
  postCount: e.postCount,
  lastActivityAt: e.lastActivityAt?.toISOString() ?? null,
  refreshedAt: e.refreshedAt?.toISOString() ?? null,
  unreachableSince: e.unreachableSince?.toISOString() ?? null,
});

const count = z.number().int();
export const EngagementOut = z
  .object({
    from: z.string(),
    to: z.string(),
    followers: count,
    memberSpaces: count.nullable(),
    posts: z.object(Object.fromEntries(postKind.enumValues.map((k) => [k, count]))),
    interactions: z.object({
      replies: count,
      responses: count.openapi({ description: "Replies to offers and needs" }),
      likes: count,
      boosts: count,
      rsvps: count,
      votes: count,
      total: count,
    }),
    engagedParticipants: count.openapi({
      description: "Distinct actors who interacted in the period",
    }),
    engagementRatio: z.number().nullable().openapi({
      description: "Engaged participants per follower",
    }),
  })
  .openapi("Engagement");

export const toEngagementOut = (e: Engagement) => ({
  from: e.period.from.toISOString(),
  to: e.period.to.toISOString(),
  followers: e.followers,
  memberSpaces: e.memberSpaces,
  posts: e.posts,
  interactions: e.interactions,
  engagedParticipants: e.engagedParticipants,
  engagementRatio: e.engagementRatio,
});
