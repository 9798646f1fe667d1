import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { BuildGate } from "../../federation/build-gate.ts";
import {
  type CachedDocument,
  type DocumentCache,
  withoutSignature,
} from "../../federation/document-cache.ts";
import { isSigned } from "../../federation/signature-key.ts";
import type { WebEnv } from "../env.ts";
import { errorCode } from "../error-codes.ts";

const CACHEABLE = /application\/(activity\+json|ld\+json|jrd\+json|json)/;

/**
 * Conditional requests and cache headers for federation documents (actors, objects, collections,
 * WebFinger, NodeInfo) and API reads. A document fetched anonymously is public by construction
 * (private ones need a signature, a token or a session): shared caches may keep a federation
 * document briefly, as other servers expect, but must ask again for an API answer each time (its
 * ETag makes that cheap), so a deleted post is gone from the API at once. One fetched with
 * credentials is marked private, so no shared cache hands it to someone else; a signed fetch
 * answered with the public document is built from the request without its signature (server/
 * app.ts), so it is marked public, as it is.
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
 * Answers document fetches from the cache, anonymous or signed by a server (whose signer the read
 * guard judged before), and fills it with what Fedify answers: only federation documents, whose
 * every change a notice announces (federation/document-cache.ts). The API's answers are built
 * afresh each time, so none can outlive a change.
 *
 * A signed miss is built as the public document (`publicRequest`, see server/app.ts), so it is
 * the one an anonymous fetch gets and can be kept. Misses of a document are built once for all who
 * ask at the same moment, a few documents at a time (federation/build-gate.ts); past the wait,
 * 503 with Retry-After.
 */
export function serveCachedDocuments(
  documents: DocumentCache,
  gate: BuildGate,
): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const request = c.req.raw;
    const key = documents.keyOf(request);
    if (key == null) return next();
    const hit = documents.get(key);
    if (hit) {
      c.res = answer(request, hit.body.slice(), new Headers(hit.headers));
      return;
    }
    if (isSigned(request.headers)) c.set("publicRequest", withoutSignature(request));
    const build = async () => {
      const generation = documents.generation;
      await next();
      return c.get("fromFederation") ? documents.store(key, generation, c.res) : undefined;
    };
    // Pages for people are not held back by one another.
    if (!documents.isDocumentRequest(request)) {
      await build();
      return;
    }
    const turn = await gate.enter(key);
    switch (turn.kind) {
      case "shared":
        c.res = answer(request, turn.document.body.slice(), new Headers(turn.document.headers));
        return;
      case "busy":
        c.header("retry-after", String(turn.retryAfterSeconds));
        return c.json(
          {
            error: {
              code: errorCode(503),
              message: "Too many documents are being built at once; ask again shortly.",
            },
          },
          503,
        );
      case "alone":
        try {
          await build();
        } finally {
          turn.release();
        }
        return;
      case "build": {
        let stored: CachedDocument | undefined;
        try {
          stored = await build();
        } finally {
          turn.done(stored);
        }
      }
    }
  };
}
