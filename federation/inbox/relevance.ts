import type { NewPost } from "../../db/schema.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { isFollowedHere } from "../../server/follows/follows.ts";
import { isKnownThread } from "../../server/posts/posts.ts";

/**
 * Whether a remote post concerns this instance: its author is followed from here, it mentions a
 * local actor or is addressed to a local hub, or it answers a post stored here. Anything else is not kept.
 */
export async function concernsUs(deps: Deps, draft: NewPost): Promise<boolean> {
  if (draft.mentions?.some((m) => localHandleOf(deps.config.ORIGIN, m.href) != null)) return true;
  // Addressed to a local hub (FEP-1b12's `audience`), which may pass it on.
  if (draft.audienceIri && localHandleOf(deps.config.ORIGIN, draft.audienceIri) != null)
    return true;
  if (await isFollowedHere(deps.db, draft.authorIri)) return true;
  const related = [draft.inReplyToIri, draft.contextIri].filter(
    (iri): iri is string => iri != null,
  );
  return related.length > 0 && (await isKnownThread(deps.db, related));
}
