import { randomBytes } from "node:crypto";
import { eq, inArray, or } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";
import { follows, type Person, posts, remoteActors, type Space, spaces } from "../../db/schema.ts";
import { localActorIri, localHandleOf } from "../actors/local-iris.ts";
import { type ContentDetails, DETAILS_SCHEMAS, isStructuredKind } from "../content/details.ts";
import { renderMarkdownMap } from "../content/markdown.ts";
import { isHandleTaken } from "../handles/handles.ts";
import { createPerson, findPersonByEmail, findPersonByHandle, setRole } from "../people/people.ts";
import { createSpace, findSpaceByHandle, NewSpaceInput } from "../spaces/spaces.ts";
import { type ArchivedActor, type SpaceArchive, toSpaceInput } from "./archive.ts";

export type ImportResult =
  | {
      ok: true;
      space: Space;
      /** Accounts made for the archive's people; their passwords are random and unknown. */
      created: Person[];
      /** People who already had an account here (same handle), now with their role. */
      existing: Person[];
      skipped: { handle: string; reason: "handle-is-a-space" | "email-taken" }[];
      posts: number;
      follows: number;
      /** Follows with a local actor of the old instance that has no counterpart here. */
      droppedFollows: number;
    }
  | { ok: false; reason: "handle-taken" | "posts-exist" };

class Refused extends Error {
  constructor(readonly reason: "handle-taken" | "posts-exist") {
    super(reason);
  }
}

/**
 * Restores an archived space on this instance, in one transaction: the space with new keys, its
 * people (made when missing), their roles, its posts and its follows. IRIs under the old origin
 * move to this one. Other servers are not told (no Move activity).
 */
export async function importSpace(
  db: Database,
  origin: string,
  archive: SpaceArchive,
): Promise<ImportResult> {
  const rebase = rebaser(archive.origin, origin);
  try {
    return await db.transaction(async (tx) => {
      const created = await createSpace(tx, NewSpaceInput.parse(toSpaceInput(archive.space)));
      if (!created.ok) throw new Refused("handle-taken");
      const [space = created.space] = await tx
        .update(spaces)
        .set({
          iconUrl: archive.space.iconUrl,
          manuallyApprovesFollowers: archive.space.manuallyApprovesFollowers,
          createdAt: archive.space.createdAt,
        })
        .where(eq(spaces.id, created.space.id))
        .returning();
      const people = await restorePeople(tx, space, archive.people);
      const restoredPosts = await restorePosts(tx, origin, space, archive.posts, rebase);
      const restoredFollows = await restoreFollows(tx, origin, space, archive, rebase);
      return { ok: true, space, ...people, posts: restoredPosts, ...restoredFollows } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** Moves an IRI under the old origin to the new one; others are left as they are. */
function rebaser(from: string, to: string) {
  return <T extends string | null>(iri: T): T =>
    (iri?.startsWith(`${from}/`) ? `${to}${iri.slice(from.length)}` : iri) as T;
}

async function restorePeople(tx: DatabaseLike, space: Space, archived: SpaceArchive["people"]) {
  const result = { created: [] as Person[], existing: [] as Person[], skipped: [] as Skipped[] };
  for (const { role, ...entry } of archived) {
    let person = await findPersonByHandle(tx, entry.handle);
    if (person != null) result.existing.push(person);
    else if (await isHandleTaken(tx, entry.handle)) {
      result.skipped.push({ handle: entry.handle, reason: "handle-is-a-space" });
      continue;
    } else if (await findPersonByEmail(tx, entry.email)) {
      result.skipped.push({ handle: entry.handle, reason: "email-taken" });
      continue;
    } else {
      // Nobody knows this password: the person (or the operator) sets one with a reset.
      const made = await createPerson(tx, {
        ...entry,
        password: randomBytes(32).toString("base64url"),
        instanceRole: null,
      });
      if (!made.ok) throw new Error(`could not create @${entry.handle}: ${made.reason}`);
      person = made.person;
      result.created.push(person);
    }
    await setRole(tx, space.id, person.id, role);
  }
  return result;
}
type Skipped = { handle: string; reason: "handle-is-a-space" | "email-taken" };

async function restorePosts(
  tx: DatabaseLike,
  origin: string,
  space: Space,
  archived: SpaceArchive["posts"],
  rebase: ReturnType<typeof rebaser>,
): Promise<number> {
  if (archived.length === 0) return 0;
  const ids = archived.map((post) => post.id);
  const iris = archived.map((post) => rebase(post.iri));
  const [clash] = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(or(inArray(posts.id, ids), inArray(posts.iri, iris)))
    .limit(1);
  if (clash != null) throw new Refused("posts-exist");
  const tagUrl = (tag: string) => new URL(`/tags/${encodeURIComponent(tag)}`, origin).href;
  await tx.insert(posts).values(
    archived.map((post) => {
      const mentions = post.mentions.map((m) => ({ ...m, href: rebase(m.href) }));
      // The HTML is rendered again from the text rather than taken from the file, which anyone
      // could have edited; this also points its mentions and hashtags at the new origin.
      const contentHtml = renderMarkdownMap(post.source, { mentions, tagUrl });
      const parsed =
        isStructuredKind(post.kind) && post.details
          ? DETAILS_SCHEMAS[post.kind].safeParse(post.details)
          : undefined;
      return {
        id: post.id,
        iri: rebase(post.iri),
        authorIri: localActorIri(origin, space.handle),
        isLocal: true,
        kind: parsed?.success ? post.kind : post.kind === "note" ? "note" : "article",
        title: post.title,
        details: parsed?.success ? ({ kind: post.kind, ...parsed.data } as ContentDetails) : null,
        defaultLanguage: post.defaultLanguage,
        contentHtml,
        source: post.source,
        summary: post.summary,
        sensitive: post.sensitive,
        visibility: post.visibility,
        inReplyToIri: rebase(post.inReplyToIri),
        contextIri: rebase(post.contextIri),
        url: rebase(post.url),
        mentions,
        hashtags: post.hashtags,
        publishedAt: post.publishedAt,
        updatedAt: post.updatedAt,
      };
    }),
  );
  return archived.length;
}

async function restoreFollows(
  tx: DatabaseLike,
  origin: string,
  space: Space,
  archive: SpaceArchive,
  rebase: ReturnType<typeof rebaser>,
) {
  const spaceIri = localActorIri(origin, space.handle);
  const sides = [
    ...archive.followers.map((f) => ({
      f,
      followerIri: rebase(f.actorIri),
      followeeIri: spaceIri,
    })),
    ...archive.following.map((f) => ({
      f,
      followerIri: spaceIri,
      followeeIri: rebase(f.actorIri),
    })),
  ];
  let restored = 0;
  let dropped = 0;
  for (const { f, followerIri, followeeIri } of sides) {
    const other = followerIri === spaceIri ? followeeIri : followerIri;
    const localHandle = localHandleOf(origin, other);
    if (localHandle != null && !(await isLocalActor(tx, localHandle))) {
      dropped++;
      continue;
    }
    if (localHandle == null && f.actor != null) await rememberActor(tx, other, f.actor);
    const rows = await tx
      .insert(follows)
      .values({
        followerIri,
        followeeIri,
        state: f.state,
        activityIri: rebase(f.activityIri),
        createdAt: f.createdAt,
        acceptedAt: f.acceptedAt,
      })
      .onConflictDoNothing()
      .returning({ id: follows.id });
    restored += rows.length;
  }
  return { follows: restored, droppedFollows: dropped };
}

async function isLocalActor(tx: DatabaseLike, handle: string) {
  return (
    (await findSpaceByHandle(tx, handle)) != null || (await findPersonByHandle(tx, handle)) != null
  );
}

/** Keeps the old instance's copy of a remote actor, dated long ago so it is fetched again soon. */
async function rememberActor(tx: DatabaseLike, iri: string, actor: ArchivedActor) {
  await tx
    .insert(remoteActors)
    .values({ iri, ...actor, fetchedAt: new Date(0) })
    .onConflictDoNothing();
}
