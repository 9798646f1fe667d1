/**
 * Who may read this instance's federation documents. A signed fetch by a server the federation
 * policy refuses gets 403, whatever it asks for. In authorized-fetch mode (AUTHORIZED_FETCH=true)
 * actors, posts and collections are served only to signed fetches that verify, so a refused
 * server cannot read them anonymously either; the instance actor, WebFinger and NodeInfo stay
 * open (other servers need them to verify our own signatures).
 *
 * It runs before the document cache (federation/document-cache.ts), which answers signed fetches
 * of public documents too, so a refused server gets nothing, cached or not: ADRs 7 and 8.
 */
import { type Federation, verifyRequestDetailed } from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { SharedKeyCache } from "./key-cache.ts";
import { INSTANCE_ACTOR } from "./mappers/instance-actor.ts";
import { policyGuard } from "./policy-guard.ts";
import { isSigned, signatureKeyIds } from "./signature-key.ts";
import { HubnetKvStore } from "./stores.ts";

export type ReadVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

const FEDERATION_JSON = /application\/(activity\+json|ld\+json|json)/i;
const INSTANCE_ACTOR_PATH = new RegExp(`^/@${INSTANCE_ACTOR.replace(".", "\\.")}(/|$)`);

/** An actor, post or collection asked for as ActivityPub JSON (not its HTML page). */
export function isProtectedRead(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return (
    pathname.startsWith("/@") &&
    !INSTANCE_ACTOR_PATH.test(pathname) &&
    FEDERATION_JSON.test(request.headers.get("accept") ?? "")
  );
}

export function createReadGuard(
  federation: Federation<Deps>,
  deps: Deps,
): (request: Request) => Promise<ReadVerdict> {
  const policy = policyGuard(deps);
  const keyCache = new SharedKeyCache(new HubnetKvStore(deps.sql));
  const refused = (iri: string): ReadVerdict => ({
    ok: false,
    status: 403,
    message: `This instance does not share its documents with ${URL.parse(iri)?.host ?? iri}.`,
  });
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return { ok: true };
    for (const keyId of signatureKeyIds(request.headers))
      if (await policy.refusesUrl(keyId)) return refused(keyId);
    if (!deps.config.AUTHORIZED_FETCH || !isProtectedRead(request)) return { ok: true };
    const unsigned: ReadVerdict = {
      ok: false,
      status: 401,
      message: "This instance serves actors and objects to signed fetches only (authorized fetch).",
    };
    if (!isSigned(request.headers)) return unsigned;
    const ctx = federation.createContext(request, deps);
    const verification = await verifyRequestDetailed(request.clone(), {
      documentLoader: ctx.documentLoader,
      contextLoader: ctx.contextLoader,
      keyCache,
    });
    if (!verification.verified) return unsigned;
    const owner = verification.key.ownerId ?? verification.key.id;
    return owner != null && (await policy.refusesActor(owner)) ? refused(owner.href) : { ok: true };
  };
}
