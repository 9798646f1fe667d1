import type { CookieOptions } from "hono/utils/cookie";

export const SESSION_COOKIE = "hubnet_session";
export const CSRF_COOKIE = "hubnet_csrf";

/** HttpOnly and SameSite=Lax always; Secure when the instance is served over https. */
export function cookieOptions(origin: string, maxAgeSeconds?: number): CookieOptions {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: origin.startsWith("https:"),
    ...(maxAgeSeconds != null ? { maxAge: maxAgeSeconds } : {}),
  };
}
