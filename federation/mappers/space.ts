import type { ActorKeyPair, Context } from "@fedify/fedify";
import { Group, Image, PropertyValue } from "@fedify/vocab";
import type { Space } from "../../db/schema.ts";
import { actorEndpoints } from "./actor-endpoints.ts";
import { escapeHtml } from "./html.ts";
import { toLanguageValues } from "./language-map.ts";
import { toInstant } from "./time.ts";

/** A space as the Group actor other servers see. */
export function toGroup(space: Space, ctx: Context<unknown>, keys: ActorKeyPair[]): Group {
  const facts: [string, string][] = [
    ["Kind", space.kind === "hub" ? `${space.focus ?? ""} hub`.trim() : "affiliate"],
    ["Regions", space.regions.join(", ")],
    ["Languages", space.languages.join(", ")],
    ["Themes", space.themes.join(", ")],
  ];
  const attachments = facts
    .filter(([, value]) => value !== "")
    .map(([name, value]) => new PropertyValue({ name, value: escapeHtml(value) }));
  if (space.website != null) {
    const href = escapeHtml(space.website);
    attachments.push(
      new PropertyValue({
        name: "Website",
        value: `<a href="${href}" rel="me nofollow">${href}</a>`,
      }),
    );
  }
  return new Group({
    ...actorEndpoints(ctx, space.handle),
    preferredUsername: space.handle,
    names: toLanguageValues(space.name, space.defaultLanguage),
    summaries: toLanguageValues(space.summary, space.defaultLanguage),
    url: ctx.getActorUri(space.handle),
    icon: space.iconUrl ? new Image({ url: new URL(space.iconUrl) }) : null,
    attachments,
    manuallyApprovesFollowers: space.manuallyApprovesFollowers,
    discoverable: true,
    indexable: true,
    published: toInstant(space.createdAt),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
  });
}
