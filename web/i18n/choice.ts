/**
 * One translator per request. The interface language is, in order: the one chosen in the
 * language menu (a cookie), the signed-in person's preference, the browser's Accept-Language,
 * English.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { Person } from "../../db/schema.ts";
import { parseAcceptLanguage } from "../../server/i18n/languages.ts";
import type { WebEnv } from "../env.ts";
import {
  DEFAULT_LANGUAGE,
  type InterfaceLanguage,
  interfaceLanguageFor,
  isInterfaceLanguage,
} from "./languages.ts";
import { createTranslator } from "./translator.ts";

export const LANGUAGE_COOKIE = "hubnet_lang";

export interface LanguageChoice {
  lang: InterfaceLanguage;
  /** The reader's own tag for it, for dates and numbers (`pt-PT` for `pt`). */
  locale: string;
  /** What decided: the menu, the account's preference, the browser, or nothing. */
  by: "menu" | "preference" | "browser" | "default";
}

/** The interface language for a request, from what the reader chose and what the browser asks. */
export function chooseLanguage(input: {
  chosen?: string | undefined;
  preferred?: string | undefined;
  wanted: readonly string[];
}): LanguageChoice {
  const pick = (tag: string | undefined) => (tag ? interfaceLanguageFor(tag) : undefined);
  const [lang, by] = ((): [InterfaceLanguage, LanguageChoice["by"]] => {
    const chosen = pick(input.chosen);
    if (chosen) return [chosen, "menu"];
    const preferred = pick(input.preferred);
    if (preferred) return [preferred, "preference"];
    const wanted = input.wanted.map(pick).find((l) => l != null);
    return wanted ? [wanted, "browser"] : [DEFAULT_LANGUAGE, "default"];
  })();
  // The browser's own variant of the language, if it names one: en-GB dates for a British reader
  // (Chinese keeps its script subtag, which a browser's zh-CN would drop).
  const variant = lang.includes("-") ? undefined : input.wanted.find((t) => pick(t) === lang);
  return { lang, locale: variant ?? lang, by };
}

/**
 * The languages to read posts in, most wanted first: the one chosen in this browser's menu, then
 * what the browser asks. (An account's language picks the interface only: for most accounts it
 * is the default they were made with, which should not hide a post's fallback note.)
 */
export function contentLanguages(choice: LanguageChoice, wanted: readonly string[]): string[] {
  return choice.by === "menu" ? [choice.lang, ...wanted] : [...wanted];
}

/** Puts the translator and the reader's content languages on the request. */
function useLanguage(c: Context<WebEnv>, person?: Pick<Person, "preferredLanguage" | "timeZone">) {
  const wanted = parseAcceptLanguage(c.req.header("accept-language"));
  const chosen = getCookie(c, LANGUAGE_COOKIE);
  const choice = chooseLanguage({
    chosen: isInterfaceLanguage(chosen) ? chosen : undefined,
    preferred: person?.preferredLanguage,
    wanted,
  });
  c.set("t", createTranslator(choice.lang, choice.locale, person?.timeZone ?? undefined));
  c.set("languages", contentLanguages(choice, wanted));
}

/**
 * The first choice, before anyone is signed in: cookie, then browser. Pages differ by both, so
 * no cache may hand one reader's page to another asking in another language.
 */
export const chooseRequestLanguage = createMiddleware<WebEnv>(async (c, next) => {
  useLanguage(c);
  await next();
  const type = c.res.headers.get("content-type") ?? "";
  if (type.startsWith("text/html") || (type.includes("json") && c.res.status >= 400)) {
    const headers = new Headers(c.res.headers);
    headers.append("vary", "Accept-Language, Cookie");
    c.res = new Response(c.res.body, { status: c.res.status, headers });
  }
});

/**
 * Once the session is known: the signed-in person's language, unless the menu chose, and the
 * time zone they read times in.
 */
export const preferSignedInLanguage = createMiddleware<WebEnv>(async (c, next) => {
  const person = c.get("person");
  if (person != null) useLanguage(c, person);
  return next();
});
