/**
 * The page cache's two places in the request pipeline (web/page-cache.ts): answering kept pages
 * early, and keeping what the page routes build for anonymous readers.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { WebEnv } from "./env.ts";
import { CACHEABLE, type CachedPage, type PageCache, pageFor } from "./page-cache.ts";
import { csrfCookie, sessionCookie } from "./security/cookies.ts";
import { csrfTokenOf } from "./security/csrf.ts";
import { flashCookie } from "./security/flash.ts";

/** Headers and cookies that make a request someone's own: never answered from here. */
const CREDENTIALS = ["signature", "signature-input", "authorization"];

/**
 * What a page is kept under: the Accept header (which decides whether Fedify hands the request on
 * to the page at all), the interface language, the reader's languages for posts (which
 * translation a card shows) and time zone, and the address; undefined when the page is the
 * reader's own (a session, a flash to show) or not one kept here.
 */
function pageKey(c: Context<WebEnv>): string | undefined {
  if (c.req.method !== "GET" || CREDENTIALS.some((h) => c.req.raw.headers.has(h))) return undefined;
  const url = new URL(c.req.url);
  if (!CACHEABLE.test(url.pathname)) return undefined;
  const origin = c.get("deps").config.ORIGIN;
  if (getCookie(c, sessionCookie(origin)) != null || getCookie(c, flashCookie(origin)) != null)
    return undefined;
  const t = c.get("t");
  const accept = c.req.header("accept") ?? "";
  const reader = `${t.lang}|${t.locale}|${t.timeZone ?? ""}|${c.get("languages").join(",")}`;
  const key = `${accept}\n${reader}\n${url.pathname}${url.search}`;
  return key.length <= 1_000 ? key : undefined;
}

/**
 * Answers from `pages` before Fedify and the session are looked at: only what a reader with the
 * same Accept header was handed by the page routes (servePages stored it), so a request Fedify
 * would answer with a document never finds a page here.
 */
export function servePagesEarly(pages: PageCache): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const key = pageKey(c);
    const hit = key == null ? undefined : pages.get(key);
    if (hit == null) return next();
    return c.body(pageFor(hit, csrfTokenOf(c)), 200, Object.fromEntries(hit.headers));
  };
}

/**
 * Answers anonymous readers' page requests from `pages`, and keeps what the routes answer them.
 * Runs after the CSRF, session, flash and language middleware, so everything the key and the
 * served page depend on is known.
 */
export function servePages(pages: PageCache): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const key = pageKey(c);
    if (key == null || c.get("person") != null || c.get("flash") != null) return next();
    const token = c.get("csrfToken");
    const serve = (page: CachedPage) =>
      c.body(pageFor(page, token), 200, Object.fromEntries(page.headers));
    // A failed build is each waiter's own to retry.
    const hit = pages.get(key) ?? (await pages.building(key)?.catch(() => undefined));
    if (hit) return serve(hit);
    await pages.build(key, async () => {
      const generation = pages.generation;
      c.set("csrfToken", pages.placeholder);
      await next();
      c.set("csrfToken", token);
      if (!(c.res.headers.get("content-type") ?? "").startsWith("text/html")) return undefined;
      const html = await c.res.text();
      const headers = new Headers(c.res.headers);
      headers.delete("content-length");
      c.res = new Response(html.split(pages.placeholder).join(token), {
        status: c.res.status,
        headers,
      });
      // A page that sets a cookie of its own (beyond the CSRF seed) is someone's, not everyone's.
      const seed = `${csrfCookie(c.get("deps").config.ORIGIN)}=`;
      if (c.res.status !== 200 || !headers.getSetCookie().every((v) => v.startsWith(seed)))
        return undefined;
      const kept = [...headers].filter(([name]) => name !== "set-cookie");
      return pages.store(key, generation, html, kept);
    });
  };
}
