import { LanguageString } from "@fedify/vocab";
import type { LanguageMap } from "../../db/schema.ts";

/** The map's entries, the default language's first (Mastodon takes the first key as the language). */
function defaultFirst(map: LanguageMap, defaultLanguage: string): [string, string][] {
  const entries = Object.entries(map);
  return [
    ...entries.filter(([language]) => language === defaultLanguage),
    ...entries.filter(([language]) => language !== defaultLanguage),
  ];
}

/**
 * Values for a multilingual property: the default-language text as the plain value (what servers
 * without JSON-LD show, e.g. `content`) followed by every language tagged, default first, which
 * Fedify compacts into `contentMap`, `nameMap` or `summaryMap`.
 */
export function toLanguageValues(
  map: LanguageMap,
  defaultLanguage: string,
): (string | LanguageString)[] {
  const entries = defaultFirst(map, defaultLanguage);
  const plain = entries[0]?.[1];
  if (plain == null) return [];
  return [plain, ...toTaggedValues(map, defaultLanguage)];
}

/**
 * Only the language-tagged values (`nameMap` without `name`): JSON-LD readers get the same
 * property, while servers that show a plain `name` as a content warning (GoToSocial) or as a
 * link line above the content (Pleroma, Akkoma) find none.
 */
export function toTaggedValues(map: LanguageMap, defaultLanguage: string): LanguageString[] {
  return defaultFirst(map, defaultLanguage).map(
    ([language, text]) => new LanguageString(text, language),
  );
}
