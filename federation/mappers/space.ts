import type { ActorKeyPair, Context } from "@fedify/fedify";
import { Group, Image, PropertyValue } from "@fedify/vocab";
import type { Space } from "../../db/schema.ts";
import { actorEndpoints } from "./actor-endpoints.ts";
import { escapeHtml } from "./html.ts";
import { withExtension } from "./hubnet-context.ts";
import { toLanguageValues } from "./language-map.ts";
import { toInstant } from "./time.ts";

/** Where a space stands in the hub network: the hubs it belongs to, by IRI and handle. */
export interface SpaceNetwork {
  memberOf: { iri: string; handle: string }[];
}

export const MEMBERS_COLLECTION = "members";

/**
 * A space as the Group actor other servers see: Hubnet's terms say what it is and whom it
 * serves (read by other Hubnet instances), and the same facts are profile fields for Mastodon.
 */
export function toGroup(
  space: Space,
  ctx: Context<unknown>,
  keys: ActorKeyPair[],
  network: SpaceNetwork = { memberOf: [] },
): Group {
  const facts: [string, string][] = [
    ["Kind", space.kind === "hub" ? `${space.focus ?? ""} hub`.trim() : "affiliate"],
    ["Regions", space.regions.join(", ")],
    ["Languages", space.languages.join(", ")],
    ["Themes", space.themes.join(", ")],
  ];
  const attachments = facts
    .filter(([, value]) => value !== "")
    .map(([name, value]) => new PropertyValue({ name, value: escapeHtml(value) }));
  if (network.memberOf.length > 0)
    attachments.push(
      new PropertyValue({
        name: "Hubs",
        value: network.memberOf
          .map((hub) => `<a href="${escapeHtml(hub.iri)}">${escapeHtml(hub.handle)}</a>`)
          .join(", "),
      }),
    );
  if (space.website != null) {
    const href = escapeHtml(space.website);
    attachments.push(
      new PropertyValue({
        name: "Website",
        value: `<a href="${href}" rel="me nofollow">${href}</a>`,
      }),
    );
  }
  const group = new Group({
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
  return withExtension(group, {
    spaceKind: space.kind,
    ...(space.focus ? { focus: space.focus } : {}),
    regions: space.regions,
    languages: space.languages,
    themes: space.themes,
    ...(space.kind === "hub"
      ? {
          members: ctx.getCollectionUri(MEMBERS_COLLECTION, { identifier: space.handle }).href,
        }
      : {}),
    memberOf: network.memberOf.map((hub) => hub.iri),
  });
}
