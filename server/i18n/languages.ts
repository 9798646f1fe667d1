import { z } from "zod";
import type { LanguageMap } from "../../db/schema.ts";

/** Canonical BCP 47 casing (`pt-br` → `pt-BR`); undefined when the tag is not well-formed. */
export function normalizeLanguageTag(tag: string): string | undefined {
  const trimmed = tag.trim();
  // What fetch sends by default (`Accept-Language: *`, every delivery from a Node server) is no
  // tag, and a thrown RangeError costs more than the request's other header work.
  if (trimmed === "*" || trimmed === "") return undefined;
  try {
    return Intl.getCanonicalLocales(trimmed)[0];
  } catch {
    return undefined;
  }
}

export const LanguageTagSchema = z.string().transform((tag, ctx) => {
  const normalized = normalizeLanguageTag(tag);
  if (normalized == null)
    ctx.addIssue({ code: "custom", message: "invalid-language-tag", params: { tag } });
  return normalized ?? tag;
});

/** A text in one or more languages; empty values are dropped and tags normalized. */
export const LanguageMapSchema = z
  .record(LanguageTagSchema, z.string().trim().max(10_000))
  .transform((map) => Object.fromEntries(Object.entries(map).filter(([, text]) => text !== "")));

export interface LocalizedText {
  text: string;
  language: string;
  /** True when none of the wanted languages was available and another one is shown. */
  isFallback: boolean;
}

/**
 * Picks the best text for a reader: an exact tag, then the same primary language (`en-GB` reads
 * `en`, and `en` reads `en-GB`), then the default language, then any.
 */
export function pickLanguage(
  map: LanguageMap,
  wanted: readonly string[],
  defaultLanguage: string,
): LocalizedText | undefined {
  const available = Object.keys(map);
  if (available.length === 0) return undefined;
  const primary = (tag: string) => tag.toLowerCase().split("-")[0];
  for (const tag of wanted) {
    const match =
      available.find((a) => a.toLowerCase() === tag.toLowerCase()) ??
      available.find((a) => primary(a) === primary(tag));
    if (match != null) return { text: map[match] as string, language: match, isFallback: false };
  }
  const language = map[defaultLanguage] != null ? defaultLanguage : (available[0] as string);
  return { text: map[language] as string, language, isFallback: wanted.length > 0 };
}

/** Languages from an Accept-Language header, most wanted first. */
export function parseAcceptLanguage(header: string | undefined | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: normalizeLanguageTag(tag), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry): entry is { tag: string; q: number } => entry.tag != null && entry.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((entry) => entry.tag);
}
