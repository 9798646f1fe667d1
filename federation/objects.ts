import type { Federation, RequestContext } from "@fedify/fedify";
import { Object as APObject } from "@fedify/vocab";
import { POST_PATH } from "../server/actors/local-iris.ts";
import type { Deps } from "../server/deps.ts";
import { findPostById } from "../server/posts/posts.ts";
import { canView } from "../server/posts/visibility.ts";
import { toPostObject } from "./mappers/post.ts";

/**
 * Local posts at `/@{identifier}/posts/{id}`. Followers-only and direct posts answer only a signed
 * fetch by an actor allowed to see them (Fedify answers 401 otherwise).
 */
export function registerObjects(federation: Federation<Deps>): void {
  federation
    .setObjectDispatcher(APObject, POST_PATH, async (ctx, { identifier, id }) => {
      const post = await findPostById(ctx.data.db, id);
      if (post == null || !post.isLocal || post.authorIri !== ctx.getActorUri(identifier).href)
        return null;
      return toPostObject(post, ctx, ctx.getFollowersUri(identifier));
    })
    .authorize(async (ctx, { id }) => {
      const post = await findPostById(ctx.data.db, id);
      if (post == null) return true;
      return canView(ctx.data.db, post, { iri: await signedActor(ctx) });
    });
}

async function signedActor(ctx: RequestContext<Deps>): Promise<string | undefined> {
  const owner = await ctx.getSignedKeyOwner().catch(() => null);
  return owner?.id?.href;
}
