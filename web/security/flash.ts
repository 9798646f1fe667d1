/**
 * What the next page says about the action that led to it ("Published.", "Saved."): a form
 * answers with a redirect, so the word travels in a short-lived cookie that the next page reads
 * and clears. Only the names below are ever shown, so a forged cookie can say nothing else.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { WebEnv } from "../env.ts";
import { cookieOptions } from "./cookies.ts";

export const FLASHES = [
  "published",
  "saved",
  "deleted",
  "followed",
  "follow-requested",
  "unfollowed",
  "answered",
  "voted",
  "closed",
  "reopened",
  "matched",
  "role-changed",
  "invited",
  "invitation-revoked",
  "password-changed",
  "space-created",
  "welcome",
  "notifications-read",
  "request-answered",
  "token-revoked",
] as const;
export type Flash = (typeof FLASHES)[number];

const isFlash = (value: string | undefined): value is Flash => FLASHES.includes(value as Flash);

export function flashCookie(origin: string): string {
  const { port } = new URL(origin);
  return port === "" ? "hubnet_flash" : `hubnet_flash_${port}`;
}

/** Says `what` on the next page this browser loads. */
export function flash(c: Context<WebEnv>, what: Flash): void {
  const origin = c.get("deps").config.ORIGIN;
  setCookie(c, flashCookie(origin), what, cookieOptions(origin, 120));
}

/** Redirects (303) to `path`, saying `what` there. */
export function redirectWith(c: Context<WebEnv>, path: string, what: Flash): Response {
  flash(c, what);
  return c.redirect(path, 303);
}

/** Puts the word to say on this page, if any, on the request, and clears it for the next one. */
export const readFlash = createMiddleware<WebEnv>(async (c, next) => {
  const origin = c.get("deps").config.ORIGIN;
  const value = getCookie(c, flashCookie(origin));
  // Only a page shown to a person uses it up; a redirect or an image leaves it for the page.
  const shown = c.req.method === "GET" && (c.req.header("accept") ?? "").includes("text/html");
  c.set("flash", shown && isFlash(value) ? value : undefined);
  await next();
  if (value != null && shown && c.res.status === 200)
    deleteCookie(c, flashCookie(origin), cookieOptions(origin));
});
