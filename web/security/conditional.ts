import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { DocumentCache } from "../../federation/document-cache.ts";
import type { WebEnv } from "../env.ts";

const CACHEABLE = /application\/(activity\+json|ld\+json|jrd\+json|json)/;

/**
 * Conditional requests and cache headers for federation documents (actors, objects, collections,
 * WebFinger, NodeInfo) and API reads. A document fetched anonymously is public by construction
 * (private ones need a signature, a token or a session): shared caches may keep a federation
 * document briefly, as other servers expect, but must ask again for an API answer each time (its
 * ETag makes that cheap), so a deleted post is gone from the API at once. One fetched with
 * credentials is marked private, so no shared cache hands it to someone else.
 */
export async function withCacheHeaders(
  request: Request,
  response: Response,
  fromFederation: boolean,
): Promise<Response> {
  if (request.method !== "GET" || response.status !== 200) return response;
  if (!CACHEABLE.test(response.headers.get("content-type") ?? "")) return response;
  // What says it must never be kept (health checks) is left as it is.
  if (response.headers.get("cache-control")?.includes("no-store")) return response;
  const body = await response.arrayBuffer();
  const etag = `"${createHash("sha256").update(Buffer.from(body)).digest("base64url").slice(0, 27)}"`;
  const headers = new Headers(response.headers);
  const personal = ["signature", "signature-input", "authorization", "cookie"].some((h) =>
    request.headers.has(h),
  );
  headers.set("etag", etag);
  headers.set(
    "cache-control",
    personal
      ? "private, no-cache"
      : fromFederation
        ? "public, max-age=60, must-revalidate"
        : "public, no-cache",
  );
  headers.append("vary", "Accept, Authorization, Cookie, Signature, Signature-Input");
  return answer(request, body, headers);
}

/** The document, or 304 when the client's copy (If-None-Match) is current. */
function answer(request: Request, body: BodyInit, headers: Headers): Response {
  const etag = headers.get("etag");
  const wanted = request.headers.get("if-none-match");
  if (etag && wanted?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

/**
 * Answers anonymous document fetches from the cache, and fills it with what Fedify answers: only
 * federation documents, whose every change a notice announces (federation/document-cache.ts).
 * The API's answers are built afresh each time, so none can outlive a change.
 */
export function serveCachedDocuments(documents: DocumentCache): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const key = documents.keyOf(c.req.raw);
    if (key == null) return next();
    const hit = documents.get(key);
    if (hit) {
      c.res = answer(c.req.raw, hit.body.slice(), new Headers(hit.headers));
      return;
    }
    const generation = documents.generation;
    await next();
    if (c.get("fromFederation")) await documents.store(key, generation, c.res);
  };
}
