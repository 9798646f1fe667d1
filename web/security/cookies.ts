import type { CookieOptions } from "hono/utils/cookie";

/**
 * Cookies are shared by every port of a host name, so two instances on localhost:3000 and
 * localhost:3001 would sign each other out; an explicit port in ORIGIN goes into the names.
 */
function cookieName(base: string, origin: string): string {
  const { port } = new URL(origin);
  return port === "" ? base : `${base}_${port}`;
}

export const sessionCookie = (origin: string) => cookieName("hubnet_session", origin);
export const csrfCookie = (origin: string) => cookieName("hubnet_csrf", origin);

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
