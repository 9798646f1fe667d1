import { describe, expect, it } from "vitest";
import {
  normalizeLanguageTag,
  parseAcceptLanguage,
  pickLanguage,
} from "../../server/i18n/languages.ts";

describe("languages", () => {
  it("normalizes BCP 47 tags and refuses malformed ones", () => {
    expect(normalizeLanguageTag("pt-br")).toBe("pt-BR");
    expect(normalizeLanguageTag("EN")).toBe("en");
    expect(normalizeLanguageTag("not a tag")).toBeUndefined();
  });

  it("reads Accept-Language in order of preference", () => {
    expect(parseAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")).toEqual([
      "fr-CH",
      "fr",
      "en",
    ]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage("*")).toEqual([]);
  });

  it("picks the reader's language, a regional variant of it, or falls back visibly", () => {
    const map = { en: "Hello", "pt-BR": "Olá", sw: "Habari" };
    expect(pickLanguage(map, ["sw"], "en")).toEqual({
      text: "Habari",
      language: "sw",
      isFallback: false,
    });
    expect(pickLanguage(map, ["en-GB"], "sw")).toEqual({
      text: "Hello",
      language: "en",
      isFallback: false,
    });
    expect(pickLanguage(map, ["pt"], "en")).toEqual({
      text: "Olá",
      language: "pt-BR",
      isFallback: false,
    });
    expect(pickLanguage(map, ["ar"], "en")).toEqual({
      text: "Hello",
      language: "en",
      isFallback: true,
    });
    expect(pickLanguage(map, [], "sw")).toEqual({
      text: "Habari",
      language: "sw",
      isFallback: false,
    });
  });
});
