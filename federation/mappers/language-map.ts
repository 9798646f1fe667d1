import { LanguageString } from "@fedify/vocab";
import type { LanguageMap } from "../../db/schema.ts";

/**
 * Values for a multilingual property: the default-language text as the plain value (what
 * Mastodon shows) followed by every translation, which Fedify compacts into `nameMap`,
 * `summaryMap` or `contentMap`.
 */
export function toLanguageValues(
  map: LanguageMap,
  defaultLanguage: string,
): (string | LanguageString)[] {
  const entries = Object.entries(map);
  if (entries.length === 0) return [];
  const plain = map[defaultLanguage] ?? (entries[0] as [string, string])[1];
  return [plain, ...entries.map(([language, text]) => new LanguageString(text, language))];
}
