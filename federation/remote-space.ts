import type { Context } from "@fedify/fedify";
import type { Actor } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../server/deps.ts";
import { readExtension } from "./mappers/hubnet-context.ts";
import { fromSpaceExtension, type SpaceFacts } from "./mappers/space-facts.ts";

const logger = getLogger(["hubnet", "federation", "remote-space"]);

/** What a remote Group actor says of itself in Hubnet's terms (nothing, from other software). */
export async function readSpaceFacts(ctx: Context<Deps>, actor: Actor): Promise<SpaceFacts> {
  let ext = {};
  if (actor.id != null) {
    try {
      ext = await readExtension(await actor.toJsonLd(), actor.id.href, ctx.contextLoader as never);
    } catch (error) {
      logger.info("Could not read the space facts of {iri}: {error}", {
        iri: actor.id.href,
        error,
      });
    }
  }
  return fromSpaceExtension(ext);
}
