/** The interface languages: those with a catalog here, and how each is chosen from a tag. */
import ar from "./ar.json" with { type: "json" };
import bn from "./bn.json" with { type: "json" };
import en from "./en.json" with { type: "json" };
import es from "./es.json" with { type: "json" };
import fr from "./fr.json" with { type: "json" };
import hi from "./hi.json" with { type: "json" };
import id from "./id.json" with { type: "json" };
import pt from "./pt.json" with { type: "json" };
import ru from "./ru.json" with { type: "json" };
import zhHans from "./zh-Hans.json" with { type: "json" };

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

/** Every interface language with its catalog, English first (the fallback). */
export const CATALOGS = {
  en,
  es,
  fr,
  ar,
  hi,
  bn,
  pt,
  ru,
  id,
  "zh-Hans": zhHans,
} satisfies Record<string, Catalog>;

export type InterfaceLanguage = keyof typeof CATALOGS;
export const INTERFACE_LANGUAGES = Object.keys(CATALOGS) as InterfaceLanguage[];
export const DEFAULT_LANGUAGE: InterfaceLanguage = "en";

const RIGHT_TO_LEFT = new Set<string>(["ar"]);
export const directionOf = (lang: string): "ltr" | "rtl" =>
  RIGHT_TO_LEFT.has(lang) ? "rtl" : "ltr";

export const isInterfaceLanguage = (tag: string | undefined): tag is InterfaceLanguage =>
  tag != null && (INTERFACE_LANGUAGES as string[]).includes(tag);

/** Chinese written in Simplified characters: the mainland, Singapore, or no region named. */
const SIMPLIFIED_CHINESE = /^zh(-hans(-.*)?|-cn|-sg|-my)?$/i;

/**
 * The interface language that serves a BCP 47 tag: the same language (`fr-CA` → `fr`), with
 * `zh`, `zh-CN` and `zh-SG` read as Simplified Chinese; undefined when none does.
 */
export function interfaceLanguageFor(tag: string): InterfaceLanguage | undefined {
  const primary = tag.toLowerCase().split("-")[0] ?? "";
  if (primary === "zh") {
    const simplified = (INTERFACE_LANGUAGES as string[]).includes("zh-Hans");
    return simplified && SIMPLIFIED_CHINESE.test(tag)
      ? ("zh-Hans" as InterfaceLanguage)
      : undefined;
  }
  return INTERFACE_LANGUAGES.find((lang) => lang === primary);
}
