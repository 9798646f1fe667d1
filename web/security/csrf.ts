import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { WebEnv } from "../env.ts";
import { errorResponse } from "../views/error-page.tsx";
import { cookieOptions, csrfCookie, sessionCookie } from "./cookies.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_FIELD = "_csrf";

/**
 * Every form carries a token bound to a random per-browser cookie by an HMAC with the instance's
 * secret: another site can neither read the cookie nor forge the token. A cross-site Origin
 * header is refused outright as a second line.
 */
export const csrfProtection = createMiddleware<WebEnv>(async (c, next) => {
  // API calls without the session cookie carry no ambient authority to abuse: bearer tokens
  // or nothing, which the API itself refuses.
  const { config } = c.get("deps");
  if (c.req.path.startsWith("/api/") && getCookie(c, sessionCookie(config.ORIGIN)) == null)
    return next();
  const expected = csrfTokenOf(c);
  c.set("csrfToken", expected);
  // A bearer token is never sent by a browser on its own, so a request carrying one is no forgery.
  if (SAFE_METHODS.has(c.req.method) || c.req.header("authorization") != null) return next();

  const origin = c.req.header("origin");
  const fromForm = c.req.header("content-type")?.match(/form-data|x-www-form-urlencoded/)
    ? (await c.req.parseBody())[CSRF_FIELD]
    : undefined;
  const given = c.req.header("x-csrf-token") ?? (typeof fromForm === "string" ? fromForm : "");
  const sameOrigin = origin == null || origin === config.ORIGIN;
  if (!sameOrigin || !equal(given, expected)) {
    return errorResponse(c, 403, "error.csrf");
  }
  return next();
});

/** The token this browser's forms carry, its cookie seed set first when it has none yet. */
export function csrfTokenOf(c: Context<WebEnv>): string {
  const { config, secretKey } = c.get("deps");
  let seed = getCookie(c, csrfCookie(config.ORIGIN));
  if (seed == null || !/^[A-Za-z0-9_-]{32,}$/.test(seed)) {
    seed = freshSeed();
    setCookie(c, csrfCookie(config.ORIGIN), seed, cookieOptions(config.ORIGIN));
  }
  return createHmac("sha256", secretKey).update(`csrf:${seed}`).digest("base64url");
}

/**
 * A first visitor's seed: 24 bytes cut from a buffer of random bytes refilled when spent, since
 * every anonymous visitor's first page needs one and asking the system for each was a tenth of
 * serving a kept page.
 */
const SEED_BYTES = 24;
let seeds = Buffer.alloc(0);
let seedsUsed = 0;
function freshSeed(): string {
  if (seedsUsed + SEED_BYTES > seeds.length) {
    seeds = randomBytes(SEED_BYTES * 512);
    seedsUsed = 0;
  }
  seedsUsed += SEED_BYTES;
  return seeds.subarray(seedsUsed - SEED_BYTES, seedsUsed).toString("base64url");
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
