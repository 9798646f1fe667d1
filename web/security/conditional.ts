import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { DocumentCache } from "../../federation/document-cache.ts";

const CACHEABLE = /application\/(activity\+json|ld\+json|jrd\+json|json)/;

/**
 * Conditional requests and cache headers for federation documents (actors, objects, collections,
 * WebFinger, NodeInfo, API reads). A document fetched anonymously is public by construction
 * (private ones need a signature, a token or a session), so shared caches may keep it briefly;
 * one fetched with credentials is marked private, so no shared cache hands it to someone else.
 */
export async function withCacheHeaders(request: Request, response: Response): Promise<Response> {
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
    personal ? "private, no-cache" : "public, max-age=60, must-revalidate",
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

/** Answers anonymous document fetches from the cache, and fills it with what Fedify answers. */
export function serveCachedDocuments(documents: DocumentCache): MiddlewareHandler {
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
    await documents.store(key, generation, c.res);
  };
}
