import type { DatabaseLike } from "../db/client.ts";
import type { Post } from "../db/schema.ts";
import { rsvpCounts } from "../server/events/rsvps.ts";
import type { PostFigures } from "./mappers/post.ts";

/** The live figures a post shows on the wire, read when it is served or sent. */
export async function postFigures(db: DatabaseLike, post: Post): Promise<PostFigures> {
  if (post.kind !== "event") return {};
  return { participantCount: (await rsvpCounts(db, post.iri)).going };
}
