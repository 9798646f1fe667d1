/**
 * The language menu in every page's header: no account needed, remembered in a cookie, and for a
 * signed-in person kept as their preference too.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { updateProfile } from "../../server/people/people.ts";
import type { WebEnv } from "../env.ts";
import { LANGUAGE_COOKIE } from "../i18n/choice.ts";
import { type InterfaceLanguage, isInterfaceLanguage } from "../i18n/languages.ts";
import { formFields } from "../page.ts";
import { cookieOptions } from "../security/cookies.ts";
import { localPath } from "../security/redirects.ts";
import { errorResponse } from "../views/error-page.tsx";

const ONE_YEAR = 365 * 86_400;

/** This browser reads pages in `lang` from now on, over what it asks for. */
export function rememberLanguage(c: Context<WebEnv>, lang: InterfaceLanguage) {
  setCookie(c, LANGUAGE_COOKIE, lang, cookieOptions(c.get("deps").config.ORIGIN, ONE_YEAR));
}

export function languageRoutes() {
  const app = new Hono<WebEnv>();
  app.post("/language", async (c) => {
    const form = await formFields(c);
    if (!isInterfaceLanguage(form.lang)) return errorResponse(c, 400, "language.unknown");
    rememberLanguage(c, form.lang);
    const person = c.get("person");
    // The menu speaks for the person too, so their other devices follow.
    if (person != null)
      await updateProfile(c.get("deps").db, person, { preferredLanguage: form.lang });
    return c.redirect(localPath(form.back), 303);
  });
  return app;
}
