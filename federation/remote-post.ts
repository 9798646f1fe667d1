/**
 * Reading a remote post of any kind into a draft row: its tags, poll options and place are
 * dereferenced, and its Hubnet fields are read from the document exactly as received.
 */
import type { Context } from "@fedify/fedify";
import {
  type Activity,
  type Object as APObject,
  Collection,
  Event,
  Place,
  Question,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { NewPost } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import { type ExtensionFields, readExtension } from "./mappers/hubnet-context.ts";
import type { PostObject } from "./mappers/post.ts";
import { fromPostObject, type ResolvedParts } from "./mappers/post-draft.ts";
import { partLoaders } from "./part-loaders.ts";

const logger = getLogger(["hubnet", "federation", "remote-post"]);

type Loaders = {
  documentLoader: Context<Deps>["documentLoader"];
  contextLoader: Context<Deps>["contextLoader"];
  crossOrigin: "ignore";
};

async function resolveParts(object: PostObject, given: Loaders): Promise<ResolvedParts> {
  const loaders = partLoaders(given);
  const tags = await Array.fromAsync(object.getTags(loaders));
  if (object instanceof Event) {
    // Where the event takes place is its author's word, whatever server the Place's id names
    // (Mobilizon gives addresses ids of their own): taken as embedded, never fetched.
    const place = await object.getLocation({ ...loaders, crossOrigin: "trust" }).catch(() => null);
    return { tags, placeName: place instanceof Place ? place.name?.toString() : undefined };
  }
  if (object instanceof Question) {
    const exclusive = await Array.fromAsync(object.getExclusiveOptions(loaders));
    const inclusive = await Array.fromAsync(object.getInclusiveOptions(loaders));
    const options = exclusive.length > 0 ? exclusive : inclusive;
    return {
      tags,
      poll: {
        choice: exclusive.length > 0 || inclusive.length === 0 ? "single" : "multiple",
        options: await Promise.all(
          options.map(async (option: APObject) => {
            const replies = await option.getReplies(loaders).catch(() => null);
            return {
              names: option.names,
              count: replies instanceof Collection ? (replies.totalItems ?? 0) : 0,
            };
          }),
        ),
      },
    };
  }
  return { tags };
}

/** Hubnet's fields of `object`, from the activity that carried it or else from the object itself. */
async function extensionOf(
  ctx: Context<Deps>,
  object: PostObject,
  received: Activity | undefined,
): Promise<ExtensionFields> {
  if (object.id == null) return {};
  try {
    for (const document of [received, object]) {
      if (document == null) continue;
      const ext = await readExtension(
        await document.toJsonLd(),
        object.id.href,
        ctx.contextLoader as never,
      );
      if (Object.keys(ext).length > 0) return ext;
    }
  } catch (error) {
    logger.info("Could not read the extension fields of {id}: {error}", {
      id: object.id.href,
      error,
    });
  }
  return {};
}

export async function draftFromRemote(
  ctx: Context<Deps>,
  object: PostObject,
  author: { iri: string; followersIri: string | null },
  loaders: Loaders,
  received?: Activity,
): Promise<NewPost | undefined> {
  const [parts, ext] = await Promise.all([
    resolveParts(object, loaders),
    extensionOf(ctx, object, received),
  ]);
  return fromPostObject(object, parts, author, ext);
}
