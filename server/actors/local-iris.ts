/**
 * URLs of local actors and posts. Fedify routes the same templates (federation/routes.ts), so an
 * IRI made here is one Fedify serves.
 */
export const ACTOR_PATH = "/@{identifier}";
export const POST_PATH = "/@{identifier}/posts/{id}";

export function localActorIri(origin: string, handle: string): string {
  return new URL(`/@${handle}`, origin).href;
}

export function localPostIri(origin: string, handle: string, id: string): string {
  return new URL(`/@${handle}/posts/${id}`, origin).href;
}

/** The handle of a local actor IRI, or undefined when the IRI is not one of ours. */
export function localHandleOf(origin: string, iri: string): string | undefined {
  if (!URL.canParse(iri)) return undefined;
  const url = new URL(iri);
  if (url.origin !== new URL(origin).origin) return undefined;
  return url.pathname.match(/^\/@([a-z0-9_]{1,30})$/)?.[1];
}

/**
 * The handle an address names when it is a local actor: `@user@host` or `user@host` on this
 * instance's host, or the URL of a local actor. Undefined for anyone elsewhere.
 */
export function localHandleOfAddress(origin: string, address: string): string | undefined {
  const trimmed = address.trim();
  const acct = trimmed.match(/^@?([^@\s/]+)@([^@\s/]+)$/);
  if (acct) {
    const [, user = "", host = ""] = acct;
    if (host.toLowerCase() !== new URL(origin).host) return undefined;
    return /^[a-z0-9_]{1,30}$/.test(user.toLowerCase()) ? user.toLowerCase() : undefined;
  }
  return localHandleOf(origin, trimmed);
}
