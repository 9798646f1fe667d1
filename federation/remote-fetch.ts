/**
 * The one way Hubnet reads from another server (actors, keys, objects, contexts, icons,
 * WebFinger): every hop checked like any remote URL, redirects followed by hand, the whole
 * exchange bounded in time and the body in size. A server that accepts the connection and never
 * answers costs a request at most FETCH_LIMITS.timeoutMs.
 */
import { signRequest, UrlError, validatePublicUrl } from "@fedify/fedify";

export const FETCH_LIMITS = {
  /** For the whole exchange, redirects and body included. */
  timeoutMs: 10_000,
  /** The same as an inbox request body. */
  bytes: 1024 * 1024,
  redirects: 5,
};

export interface FetchPolicy {
  /** Loopback test instances only (Deps.allowPrivateAddress). */
  allowPrivateAddress: boolean;
  userAgent: string;
  /** Whether the federation policy refuses the server of a URL (a suspended domain …). */
  refuses?: (url: URL) => Promise<boolean>;
  /**
   * Who signs when a server answers an unsigned fetch with 401 (it requires signed fetches, as
   * Hubnet in authorized-fetch mode and Mastodon in secure mode do): the instance actor.
   */
  fallbackSigner?: () => Promise<Signer>;
}

/** A body larger than FETCH_LIMITS.bytes: the document is refused, not retried. */
export class DocumentTooLargeError extends Error {
  override name = "DocumentTooLargeError";
  constructor(readonly url: string) {
    super(`${url} sent more than ${FETCH_LIMITS.bytes} bytes`);
  }
}

/**
 * Whether `url` may be fetched or posted to: http(s) only, and (unless private addresses are
 * allowed, in tests) a host that resolves to public addresses only.
 */
export async function isPublicUrl(url: string | URL, allowPrivateAddress: boolean) {
  const parsed = typeof url === "string" ? URL.parse(url) : url;
  if (parsed == null || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) return false;
  if (allowPrivateAddress) return true;
  try {
    await validatePublicUrl(parsed.href);
    return true;
  } catch (error) {
    if (error instanceof UrlError) return false;
    throw error;
  }
}

export class ForbiddenUrlError extends UrlError {
  constructor(url: string) {
    super(`Refused to fetch ${url}: not a public http(s) address`);
  }
}

/** A URL on a server this instance does not federate with: never fetched, never retried. */
export class RefusedByPolicyError extends UrlError {
  constructor(url: string) {
    super(`Refused to fetch ${url}: this instance does not federate with its server`);
  }
}

/** Signs a request as one of the instance's actors (for servers that require signed fetches). */
export type Signer = (
  request: Request,
  spec: "draft-cavage-http-signatures-12" | "rfc9421",
) => Promise<Request>;

export function signerFor(identity: { keyId: URL; privateKey: CryptoKey }): Signer {
  return (request, spec) => signRequest(request, identity.privateKey, identity.keyId, { spec });
}

interface FetchOptions {
  policy: FetchPolicy;
  accept: string;
  sign?: Signer;
  signal?: AbortSignal;
}

/**
 * GETs `url`; returns the final URL and a response whose body is already read (at most
 * FETCH_LIMITS.bytes). Signed requests try draft-cavage signatures first (what every fediverse
 * server reads) and RFC 9421 when that is refused.
 */
export async function fetchRemote(
  url: string,
  options: FetchOptions,
): Promise<{ url: string; response: Response }> {
  const timeout = AbortSignal.timeout(FETCH_LIMITS.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = url;
  for (let hop = 0; hop <= FETCH_LIMITS.redirects; hop++) {
    if (!(await isPublicUrl(current, options.policy.allowPrivateAddress)))
      throw new ForbiddenUrlError(current);
    if (await options.policy.refuses?.(new URL(current))) throw new RefusedByPolicyError(current);
    const response = await send(current, options, signal);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location != null) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return { url: current, response: await buffered(current, response) };
  }
  throw new UrlError(`Too many redirections from ${url}`);
}

async function send(url: string, options: FetchOptions, signal: AbortSignal) {
  const request = () =>
    new Request(url, {
      headers: { accept: options.accept, "user-agent": options.policy.userAgent },
      redirect: "manual",
      signal,
    });
  const init = { redirect: "manual", signal } as const;
  let sign = options.sign;
  if (sign == null) {
    const unsigned = await fetch(request(), init);
    if (unsigned.status !== 401 || options.policy.fallbackSigner == null) return unsigned;
    await unsigned.body?.cancel();
    sign = await options.policy.fallbackSigner();
  }
  const first = await fetch(await sign(request(), "draft-cavage-http-signatures-12"), init);
  if (first.status !== 401) return first;
  await first.body?.cancel();
  return fetch(await sign(request(), "rfc9421"), init);
}

/** The response with its body read, refusing more than FETCH_LIMITS.bytes. */
async function buffered(url: string, response: Response): Promise<Response> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > FETCH_LIMITS.bytes) {
    await response.body?.cancel();
    throw new DocumentTooLargeError(url);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body != null) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > FETCH_LIMITS.bytes) {
        await response.body.cancel().catch(() => {});
        throw new DocumentTooLargeError(url);
      }
      chunks.push(chunk);
    }
  }
  const headers = new Headers(response.headers);
  // The body is decoded already; its encoding and length no longer describe it.
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(
    response.status === 204 || response.status === 304 ? null : Buffer.concat(chunks),
    {
      status: response.status,
      statusText: response.statusText,
      headers,
    },
  );
}
