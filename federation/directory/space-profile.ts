import type { Context } from "@fedify/fedify";
import type { Actor } from "@fedify/vocab";
import type { RemoteActor } from "../../db/schema.ts";
import { stripHtml } from "../../server/content/sanitize.ts";
import type { Deps } from "../../server/deps.ts";
import type { SpaceProfile } from "../../server/directory/directory.ts";
import { languageMap } from "../mappers/post-draft.ts";
import type { SpaceFacts } from "../mappers/space-facts.ts";
import { readSpaceFacts } from "../remote-space.ts";

/** A remote space's directory profile: its stored actor, its names per language and its facts. */
export async function profileOf(
  ctx: Context<Deps>,
  actor: Actor,
  stored: RemoteActor,
  facts?: SpaceFacts,
): Promise<SpaceProfile> {
  const known = facts ?? (await readSpaceFacts(ctx, actor));
  const names = Object.fromEntries(
    Object.entries(languageMap(actor.names, "und")).map(([lang, name]) => [
      lang,
      stripHtml(name).slice(0, 200),
    ]),
  );
  const [firstLanguage] = Object.keys(names);
  return {
    iri: stored.iri,
    handle: stored.handle,
    name: Object.keys(names).length > 0 ? names : { und: stored.name ?? stored.handle },
    defaultLanguage: firstLanguage ?? null,
    url: stored.url,
    iconUrl: stored.iconUrl,
    kind: known.kind,
    focus: known.focus,
    regions: known.regions,
    languages: known.languages,
    themes: known.themes,
  };
}
