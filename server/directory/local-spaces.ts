import { and, desc, eq } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { posts } from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { countMembers } from "../membership/lists.ts";
import { countOutbox } from "../posts/lists.ts";
import { ANONYMOUS, visibleTo } from "../posts/visibility.ts";
import { summarizeSpaces } from "../spaces/overview.ts";
import { meetSpace, saveRefresh } from "./directory.ts";

/**
 * This instance's own spaces in the directory, with their counts read here: followers, member
 * spaces, posts anyone may read and the latest of them.
 */
export async function syncLocalSpaces(db: DatabaseLike, origin: string, now = new Date()) {
  const host = new URL(origin).host;
  for (const { space, followers } of await summarizeSpaces(db, origin)) {
    const iri = localActorIri(origin, space.handle);
    // The count is kept (server/counters); the latest is the head of the outbox's index.
    const [latest] = await db
      .select({ at: posts.publishedAt })
      .from(posts)
      .where(and(eq(posts.authorIri, iri), visibleTo(ANONYMOUS)))
      .orderBy(desc(posts.publishedAt))
      .limit(1);
    const profile = {
      iri,
      handle: `@${space.handle}@${host}`,
      name: space.name,
      defaultLanguage: space.defaultLanguage,
      url: iri,
      iconUrl: space.iconUrl,
      kind: space.kind,
      focus: space.focus,
      regions: space.regions,
      languages: space.languages,
      themes: space.themes,
    };
    await meetSpace(db, profile, "local", true);
    await saveRefresh(
      db,
      profile,
      {
        followerCount: followers,
        memberCount: space.kind === "hub" ? await countMembers(db, iri) : null,
        postCount: await countOutbox(db, iri),
        lastActivityAt: latest?.at ?? null,
        software: "hubnet",
      },
      now,
    );
  }
}
