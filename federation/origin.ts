/**
 * What a remote object or activity may claim, judged by origins (scheme, host and port): a
 * server speaks only for what lives on its own origin. Every inbound handler relies on these;
 * FEDERATION.md ("Trust rules") states them for peers.
 */
import type { Activity, Object as APObject } from "@fedify/vocab";

/** The origin of an http(s) IRI; undefined for anything else (`javascript:`, `urn:` …). */
export function webOrigin(iri: URL | string | null | undefined): string | undefined {
  const url = typeof iri === "string" ? URL.parse(iri) : iri;
  return url != null && (url.protocol === "https:" || url.protocol === "http:")
    ? url.origin
    : undefined;
}

/** Whether two IRIs are http(s) on the same origin; never for IRIs without one. */
export function sameOrigin(a: URL | string | null | undefined, b: URL | string | null | undefined) {
  const origin = webOrigin(a);
  return origin != null && origin === webOrigin(b);
}

/** Whether an IRI names something on this instance, which no other server may speak for. */
export const isOwnOrigin = (origin: string, iri: URL | string | null | undefined) =>
  sameOrigin(new URL(origin), iri);

/**
 * An activity speaks for its actor only from the actor's own origin: its id must be there too
 * (an activity without an id claims nothing). Fedify has already checked the signer is the
 * actor, so whatever the activity embeds from the same origin comes from the signer's server.
 */
export function isActivityOfItsActor(activity: Activity): boolean {
  return (
    activity.actorId != null && (activity.id == null || sameOrigin(activity.id, activity.actorId))
  );
}

/** A remote object belongs to its author's origin: the id and `attributedTo` share it. */
export function isObjectOfItsAuthor(object: APObject, origin: string): boolean {
  return (
    object.id != null &&
    sameOrigin(object.id, object.attributionId) &&
    !isOwnOrigin(origin, object.id)
  );
}
