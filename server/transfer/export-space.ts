import { and, asc, eq, type SQL } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import {
  type FollowRow,
  follows,
  people,
  posts,
  type RemoteActor,
  remoteActors,
  spaceRoles,
} from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { findSpaceByHandle } from "../spaces/spaces.ts";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type SpaceArchiveJson } from "./archive.ts";

export type ExportResult =
  | { ok: true; archive: SpaceArchiveJson }
  | { ok: false; reason: "not-found" };

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date == null ? null : date.toISOString());

/**
 * One space as an archive: its profile and settings, its people with their roles (never their
 * password hashes), its followers and whom it follows, and the posts it published.
 */
export async function exportSpace(
  db: DatabaseLike,
  origin: string,
  handle: string,
  software: string,
): Promise<ExportResult> {
  const space = await findSpaceByHandle(db, handle);
  if (space == null) return { ok: false, reason: "not-found" };
  const spaceIri = localActorIri(origin, space.handle);
  const members = await db
    .select({ person: people, role: spaceRoles.role })
    .from(spaceRoles)
    .innerJoin(people, eq(people.id, spaceRoles.personId))
    .where(eq(spaceRoles.spaceId, space.id))
    .orderBy(asc(people.handle));
  const written = await db
    .select()
    .from(posts)
    .where(and(eq(posts.authorIri, spaceIri), eq(posts.isLocal, true)))
    .orderBy(asc(posts.publishedAt));
  return {
    ok: true,
    archive: {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: iso(new Date()),
      origin,
      software,
      space: {
        handle: space.handle,
        kind: space.kind,
        focus: space.focus,
        defaultLanguage: space.defaultLanguage,
        name: space.name,
        summary: space.summary,
        regions: space.regions,
        languages: space.languages,
        themes: space.themes,
        website: space.website,
        iconUrl: space.iconUrl,
        manuallyApprovesFollowers: space.manuallyApprovesFollowers,
        createdAt: iso(space.createdAt),
      },
      people: members.map(({ person, role }) => ({
        handle: person.handle,
        displayName: person.displayName,
        email: person.email,
        preferredLanguage: person.preferredLanguage,
        role,
      })),
      followers: await followsOf(db, eq(follows.followeeIri, spaceIri), "followerIri"),
      following: await followsOf(db, eq(follows.followerIri, spaceIri), "followeeIri"),
      posts: written.map((post) => ({
        id: post.id,
        iri: post.iri,
        url: post.url,
        kind: post.kind,
        title: post.title,
        defaultLanguage: post.defaultLanguage,
        // Local posts always keep what was written (createLocalPost); the import needs it.
        source: post.source ?? {},
        contentHtml: post.contentHtml,
        summary: post.summary,
        details: post.details,
        sensitive: post.sensitive,
        visibility: post.visibility,
        inReplyToIri: post.inReplyToIri,
        contextIri: post.contextIri,
        mentions: post.mentions,
        hashtags: post.hashtags,
        publishedAt: iso(post.publishedAt),
        updatedAt: isoOrNull(post.updatedAt),
      })),
    },
  };
}

/** Follows on one side of the space, each with what is known of the actor on the other side. */
async function followsOf(db: DatabaseLike, where: SQL, other: "followerIri" | "followeeIri") {
  const rows = await db
    .select({ follow: follows, actor: remoteActors })
    .from(follows)
    .leftJoin(remoteActors, eq(remoteActors.iri, follows[other]))
    .where(where)
    .orderBy(asc(follows.createdAt));
  return rows.map(({ follow, actor }) => toArchivedFollow(follow, follow[other], actor));
}

function toArchivedFollow(follow: FollowRow, actorIri: string, actor: RemoteActor | null) {
  return {
    actorIri,
    state: follow.state,
    activityIri: follow.activityIri,
    createdAt: iso(follow.createdAt),
    acceptedAt: isoOrNull(follow.acceptedAt),
    actor:
      actor == null
        ? null
        : {
            type: actor.type,
            handle: actor.handle,
            name: actor.name,
            url: actor.url,
            iconUrl: actor.iconUrl,
            inboxIri: actor.inboxIri,
            sharedInboxIri: actor.sharedInboxIri,
            followersIri: actor.followersIri,
            manuallyApprovesFollowers: actor.manuallyApprovesFollowers,
          },
  };
}
