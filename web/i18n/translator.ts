/**
 * What a page or an API answer says, in the reader's language: catalog messages in ICU
 * MessageFormat (plurals, selects), and lists, numbers, dates, language and region names by Intl.
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { z } from "zod";
import { type Reason, reasonOf } from "../../server/validation.ts";
import {
  CATALOGS,
  type Catalog,
  DEFAULT_LANGUAGE,
  directionOf,
  type InterfaceLanguage,
  type MessageKey,
} from "./languages.ts";

export type MessageParams = Record<string, string | number | Date>;
/** Values for a message with markup: `<link>…</link>` takes a function of its inner parts. */
export type RichParams<T> = Record<string, string | number | T | ((parts: (string | T)[]) => T)>;

/** Each message is compiled once per process and language (a bounded set: keys × languages). */
const compiled = new Map<string, IntlMessageFormat>();

function compile(lang: InterfaceLanguage, key: MessageKey): IntlMessageFormat {
  const id = `${lang}:${key}`;
  let message = compiled.get(id);
  if (message == null) {
    const source = (CATALOGS[lang] as Catalog)[key] ?? CATALOGS[DEFAULT_LANGUAGE][key];
    message = new IntlMessageFormat(source ?? key, lang);
    compiled.set(id, message);
  }
  return message;
}

/**
 * Intl's formatters cost far more to make than to use (a page of cards formats dozens of dates
 * and names), so each is made once per locale and options. Locales come from readers' browsers,
 * so the set is bounded by starting afresh when it grows large.
 */
const formatters = new Map<string, unknown>();

function formatter<T>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key) as T | undefined;
  if (found === undefined) {
    if (formatters.size >= 2_000) formatters.clear();
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** `t(key, params)` for a message, and Intl's formats, all in one reader's language. */
export interface Translator {
  (key: MessageKey, params?: MessageParams): string;
  /** The interface language, which picks the messages. */
  readonly lang: InterfaceLanguage;
  /** The reader's own tag for it (`en-GB` for `en`), which formats dates and numbers. */
  readonly locale: string;
  /** The time zone the reader chose, if they did; times are otherwise shown in UTC as well. */
  readonly timeZone: string | undefined;
  readonly dir: "ltr" | "rtl";
  /** A message with markup in it, its tags filled by `params` (a link inside a sentence). */
  rich<T>(key: MessageKey, params: RichParams<T>): string | T | (string | T)[];
  list(items: readonly string[], type?: Intl.ListFormatType): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  dateTime(value: Date | string, options: Intl.DateTimeFormatOptions): string;
  dateRange(start: Date | string, end: Date | string, options: Intl.DateTimeFormatOptions): string;
  /** A language by its name in the reader's language ("French"); the tag itself if unknown. */
  languageName(tag: string): string;
  /**
   * A region by its name ("Kenya"); a subdivision (ISO 3166-2, which Intl does not name) as its
   * country's name with the code ("Nigeria (NG-LA)").
   */
  regionName(code: string): string;
  /** A reason code from the domain, as the words shown beside a field or in an API error. */
  reason(reason: Reason): string;
  issue(issue: z.core.$ZodIssue): string;
}

export function createTranslator(
  lang: InterfaceLanguage,
  locale: string = lang,
  timeZone?: string,
): Translator {
  const t = (key: MessageKey, params?: MessageParams) => String(compile(lang, key).format(params));
  const list = (items: readonly string[], type: Intl.ListFormatType = "conjunction") =>
    formatter("list", locale, { type }, () => new Intl.ListFormat(locale, { type })).format(items);
  const reason = (why: Reason) => {
    const params: MessageParams = {};
    for (const [name, value] of Object.entries(why.params ?? {}))
      params[name] = Array.isArray(value)
        ? list(value, name === "options" ? "disjunction" : "conjunction")
        : value;
    return t(`reason.${why.code}` as MessageKey, params);
  };
  const dates = (options: Intl.DateTimeFormatOptions) =>
    formatter("date", locale, options, () => new Intl.DateTimeFormat(locale, options));
  const displayName = (type: Intl.DisplayNamesType, code: string) => {
    try {
      const names = formatter(
        "names",
        locale,
        { type },
        () => new Intl.DisplayNames(locale, { type, fallback: "none" }),
      );
      return names.of(code);
    } catch {
      return undefined;
    }
  };
  return Object.assign(t, {
    lang,
    locale,
    timeZone,
    dir: directionOf(lang),
    rich: <T>(key: MessageKey, params: RichParams<T>) =>
      compile(lang, key).format<T>(params as never),
    list,
    number: (value: number, options: Intl.NumberFormatOptions = {}) =>
      formatter("number", locale, options, () => new Intl.NumberFormat(locale, options)).format(
        value,
      ),
    dateTime: (value: Date | string, options: Intl.DateTimeFormatOptions) =>
      dates(options).format(new Date(value)),
    dateRange: (start: Date | string, end: Date | string, options: Intl.DateTimeFormatOptions) =>
      dates(options).formatRange(new Date(start), new Date(end)),
    languageName: (tag: string) => displayName("language", tag) ?? tag,
    regionName: (code: string) => {
      const [country = code, subdivision] = code.split("-");
      const name = displayName("region", country);
      if (name == null) return code;
      return subdivision ? t("region.subdivision", { country: name, code }) : name;
    },
    reason,
    issue: (issue: z.core.$ZodIssue) => reason(reasonOf(issue)),
  });
}

const byLanguage = new Map<string, Translator>();

/** A translator for an interface language with its default formats (for tests and fallbacks). */
export function translatorFor(lang: InterfaceLanguage = DEFAULT_LANGUAGE): Translator {
  let translator = byLanguage.get(lang);
  if (translator == null) {
    translator = createTranslator(lang);
    byLanguage.set(lang, translator);
  }
  return translator;
}
