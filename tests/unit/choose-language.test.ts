import { describe, expect, it } from "vitest";
import { chooseLanguage, contentLanguages } from "../../web/i18n/choice.ts";
import { interfaceLanguageFor } from "../../web/i18n/languages.ts";
import { createTranslator } from "../../web/i18n/translator.ts";

describe("choosing the interface language", () => {
  it("takes the menu's choice, then the account's, then the browser's, then English", () => {
    const wanted = ["de", "fr-CA", "en"];
    expect(chooseLanguage({ chosen: "ar", preferred: "ru", wanted })).toMatchObject({
      lang: "ar",
      by: "menu",
    });
    expect(chooseLanguage({ preferred: "ru", wanted })).toMatchObject({
      lang: "ru",
      by: "preference",
    });
    expect(chooseLanguage({ preferred: "sw", wanted })).toMatchObject({
      lang: "fr",
      by: "browser",
    });
    expect(chooseLanguage({ wanted: ["de", "sw"] })).toMatchObject({ lang: "en", by: "default" });
  });

  it("formats in the reader's own variant of the language", () => {
    expect(chooseLanguage({ wanted: ["pt-PT"] })).toMatchObject({ lang: "pt", locale: "pt-PT" });
    expect(chooseLanguage({ wanted: ["en-GB", "en"] }).locale).toBe("en-GB");
    expect(chooseLanguage({ chosen: "es", wanted: ["en-GB"] }).locale).toBe("es");
  });

  it("reads zh, zh-CN and zh-SG as Simplified Chinese, and not Traditional", () => {
    for (const tag of ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-CN"])
      expect(interfaceLanguageFor(tag), tag).toBe("zh-Hans");
    for (const tag of ["zh-TW", "zh-HK", "zh-Hant"])
      expect(interfaceLanguageFor(tag), tag).toBeUndefined();
    expect(chooseLanguage({ wanted: ["zh-CN"] })).toMatchObject({
      lang: "zh-Hans",
      locale: "zh-Hans",
    });
  });

  it("reads posts first in the language chosen in the menu, else as the browser asks", () => {
    const wanted = ["de"];
    expect(contentLanguages(chooseLanguage({ chosen: "fr", wanted }), wanted)).toEqual([
      "fr",
      "de",
    ]);
    expect(contentLanguages(chooseLanguage({ preferred: "fr", wanted }), wanted)).toEqual(["de"]);
  });
});

describe("the translator", () => {
  it("puts plurals, lists, numbers, language and region names in the reader's language", () => {
    const ar = createTranslator("ar");
    expect(ar("post.replies", { count: 2 })).toBe("ردّان");
    expect(ar("post.replies", { count: 11 })).toBe(`${ar.number(11)} ردًّا`);
    const ru = createTranslator("ru");
    expect([1, 3, 5, 21].map((count) => ru("post.replies", { count }))).toEqual([
      "1 ответ",
      "3 ответа",
      "5 ответов",
      "21 ответ",
    ]);
    const en = createTranslator("en");
    expect(en("post.replies", { count: 1 })).toBe("1 reply");
    expect(en("proposal.voters", { count: 1 })).toBe("1 voter");
    expect(en.list(["a", "b", "c"])).toBe("a, b, and c");
    const fr = createTranslator("fr");
    expect(fr.languageName("en")).toBe("anglais");
    expect(fr.regionName("KE")).toBe("Kenya");
    expect(fr.regionName("NG-LA")).toBe("Nigeria (NG-LA)");
    expect(fr.regionName("not a region")).toBe("not a region");
    expect(fr("post.fallback", { language: fr.languageName("en") })).toContain("en anglais");
  });

  it("puts the domain's reasons into words, with their parameters", () => {
    const es = createTranslator("es");
    expect(es.reason({ code: "too-short", params: { limit: 10 } })).toBe(
      "debe tener al menos 10 caracteres",
    );
    expect(es.reason({ code: "invalid-option", params: { options: ["a", "b"] } })).toBe(
      "debe ser a o b",
    );
  });
});
