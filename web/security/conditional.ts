import { createHash } from "node:crypto";

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
  const wanted = request.headers.get("if-none-match");
  if (wanted?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}
