import type { DatabaseLike } from "../db/client.ts";
import type { Post } from "../db/schema.ts";
import { actorCards } from "../server/actors/actor-cards.ts";
import { countReactions } from "../server/reactions/reactions.ts";
import type { PostView } from "./views/post.tsx";

/** Posts with their authors and counts, ready for PostCard. */
export async function postViews(
  db: DatabaseLike,
  origin: string,
  posts: Post[],
): Promise<PostView[]> {
  const cards = await actorCards(
    db,
    origin,
    posts.map((p) => p.authorIri),
  );
  return Promise.all(
    posts.map(async (post) => {
      const author = cards.get(post.authorIri);
      if (author == null) throw new Error(`no card for ${post.authorIri}`);
      return {
        post,
        author,
        counts: await countReactions(db, post.iri),
        href: post.isLocal ? new URL(post.iri).pathname : (post.url ?? post.iri),
      };
    }),
  );
}
