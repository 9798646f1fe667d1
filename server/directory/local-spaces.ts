import { and, count, eq, max } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { posts } from "../../db/schema.ts";
import { localActorIri } from "../actors/local-iris.ts";
import { countMembers } from "../membership/lists.ts";
import { visibleTo } from "../posts/visibility.ts";
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
    const [published] = await db
      .select({ n: count(), latest: max(posts.publishedAt) })
      .from(posts)
      .where(and(eq(posts.authorIri, iri), visibleTo({ iri: undefined })));
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
        postCount: published?.n ?? 0,
        lastActivityAt: published?.latest ?? null,
        software: "hubnet",
      },
      now,
    );
  }
}
