import type { Actor } from "@fedify/vocab";
import { getTypeId, Link } from "@fedify/vocab";
import type { NewRemoteActor } from "../../db/schema.ts";
import { sanitizeRemoteHtml, stripHtml, webUrl } from "../../server/content/sanitize.ts";

/** What Hubnet keeps of another server's actor; undefined when it cannot be followed or answered. */
export function fromActor(actor: Actor, iconUrl?: URL | null): NewRemoteActor | undefined {
  if (actor.id == null || actor.inboxId == null) return undefined;
  const url = actor.url instanceof Link ? actor.url.href : actor.url;
  return {
    iri: actor.id.href,
    type: getTypeId(actor).href.split("#").pop() ?? "Actor",
    handle: `@${actor.preferredUsername?.toString() ?? actor.id.pathname.split("/").pop()}@${actor.id.host}`,
    name: actor.name ? stripHtml(actor.name.toString()).slice(0, 200) : null,
    summaryHtml: actor.summary ? sanitizeRemoteHtml(actor.summary.toString()) : null,
    url: webUrl(url),
    iconUrl: webUrl(iconUrl),
    inboxIri: actor.inboxId.href,
    sharedInboxIri: actor.endpoints?.sharedInbox?.href ?? null,
    followersIri: actor.followersId?.href ?? null,
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
  };
}
