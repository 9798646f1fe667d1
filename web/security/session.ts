import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { Person } from "../../db/schema.ts";
import {
  endSession,
  personForSession,
  SESSION_LIFETIME_DAYS,
  startSession,
} from "../../server/sessions/sessions.ts";
import type { WebEnv } from "../env.ts";
import { cookieOptions, sessionCookie } from "./cookies.ts";

/** Puts the signed-in person, if any, on the request. */
export const loadSession = createMiddleware<WebEnv>(async (c, next) => {
  const token = getCookie(c, sessionCookie(c.get("deps").config.ORIGIN));
  c.set("person", token ? await personForSession(c.get("deps").db, token) : undefined);
  return next();
});

export async function signIn(c: Context<WebEnv>, person: Person): Promise<void> {
  const { db, config } = c.get("deps");
  const token = await startSession(db, person.id);
  setCookie(
    c,
    sessionCookie(config.ORIGIN),
    token,
    cookieOptions(config.ORIGIN, SESSION_LIFETIME_DAYS * 86_400),
  );
  c.set("person", person);
}

export async function signOut(c: Context<WebEnv>): Promise<void> {
  const { db, config } = c.get("deps");
  const token = getCookie(c, sessionCookie(config.ORIGIN));
  if (token) await endSession(db, token);
  deleteCookie(c, sessionCookie(config.ORIGIN), cookieOptions(config.ORIGIN));
  c.set("person", undefined);
}
