import { createMiddleware } from "hono/factory";
import { clientAddress } from "../api/auth.ts";
import type { RateLimiter } from "../api/rate-limit.ts";
import type { WebEnv } from "../env.ts";
import { errorResponse } from "../views/error-page.tsx";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The same write budget for the web UI's forms as for the API: per signed-in person and per
 * client address (sign-in has its own, stricter one; the API counts its own calls).
 */
export function limitWebWrites(writes: RateLimiter) {
  return createMiddleware<WebEnv>(async (c, next) => {
    if (SAFE.has(c.req.method) || c.req.path === "/login" || c.req.path.startsWith("/api/"))
      return next();
    const person = c.get("person");
    const address = clientAddress(c);
    for (const key of [person && `caller:${person.id}`, address && `address:${address}`]) {
      if (!key) continue;
      const verdict = writes.take(key);
      if (!verdict.ok) {
        c.header("retry-after", String(verdict.retryAfter));
        return errorResponse(c, 429, "api.too-many-changes", { seconds: verdict.retryAfter });
      }
    }
    return next();
  });
}
