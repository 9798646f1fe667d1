/**
 * Loaders for the parts of a remote post (its tags, a question's options, an event's place): a
 * part that cannot be loaded is left out with one warning instead of dropping the whole post, and
 * only a few parts are fetched at all, so a post naming a hundred slow URLs holds nobody up.
 */
import type { DocumentLoader } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { describeFailure } from "./failures.ts";

const logger = getLogger(["hubnet", "federation", "posts"]);

/** Parts given only by URL (every server we know embeds them) fetched for one post. */
export const PART_FETCHES = 4;

/** What a part that could not be loaded reads as: an object of no kind, which nothing uses. */
const NOTHING = { "@context": "https://www.w3.org/ns/activitystreams", type: "Object" };

export function partLoaders<L extends { documentLoader: DocumentLoader }>(loaders: L): L {
  let fetches = 0;
  const documentLoader: DocumentLoader = async (url, options) => {
    const nothing = { contextUrl: null, document: NOTHING, documentUrl: url };
    if (++fetches > PART_FETCHES) return nothing;
    try {
      return await loaders.documentLoader(url, options);
    } catch (error) {
      logger.warn("Left out a part of a post, {url}: {reason}", {
        url,
        reason: describeFailure(error),
      });
      return nothing;
    }
  };
  return { ...loaders, documentLoader };
}
