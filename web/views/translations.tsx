/**
 * Writing a post in any number of languages without scripts: the form lists its translations
 * (`translations`, comma-separated tags), each with its own fields (`title@fr`); "Add" and
 * "Remove" buttons send the form back to be shown again with one more or one fewer, and the
 * languages of the space that have no translation yet are named, each a button to add it.
 */
import type { FC } from "hono/jsx";
import { normalizeLanguageTag } from "../../server/i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";

type Values = Record<string, string>;

/** The form field of `name` in a language: the plain name in the default language. */
export const fieldOf = (name: string, lang: string | undefined) =>
  lang ? `${name}@${lang}` : name;

/** The default language and the translations a submitted form carries. */
export function languagesOf(form: Values): { language: string; translations: string[] } {
  const language =
    normalizeLanguageTag(form.language?.trim() ?? "") ?? (form.language?.trim() || "en");
  const translations = (form.translations ?? "")
    .split(",")
    .map((tag) => normalizeLanguageTag(tag.trim()))
    .filter((tag): tag is string => tag != null && tag !== language);
  return { language, translations: [...new Set(translations)].slice(0, 20) };
}

/** A language's texts from the form: `map("title")` → `{ en: …, fr: … }`, empty ones left out. */
export function textsOf(form: Values) {
  const { language, translations } = languagesOf(form);
  return (name: string) => {
    const texts: Record<string, string> = {};
    if (form[name]) texts[language] = form[name] as string;
    for (const lang of translations) {
      const value = form[fieldOf(name, lang)];
      if (value) texts[lang] = value;
    }
    return texts;
  };
}

/**
 * The form as it should be shown again when the person pressed "Add" or "Remove" (not
 * "Publish"), or undefined. A language that is not a tag stays out, with the reason beside it.
 */
export function changedLanguages(
  form: Values,
  t: Translator,
): { values: Values; errors: Values } | undefined {
  if (form.addLanguage == null && form.removeLanguage == null) return undefined;
  const { language, translations } = languagesOf(form);
  const errors: Values = {};
  let next = translations;
  if (form.removeLanguage) next = next.filter((lang) => lang !== form.removeLanguage);
  if (form.addLanguage != null) {
    const wanted = (
      form.addLanguage === "new" ? (form.newLanguage ?? "") : form.addLanguage
    ).trim();
    const tag = normalizeLanguageTag(wanted);
    if (tag == null)
      errors.newLanguage = t.reason({ code: "invalid-language-tag", params: { tag: wanted } });
    else if (tag !== language && !next.includes(tag)) next = [...next, tag];
  }
  const values: Values = { ...form, translations: next.join(","), newLanguage: "" };
  delete values.addLanguage;
  delete values.removeLanguage;
  return { values, errors };
}

/** The languages of the post, the missing ones of its space, and adding another. */
export const LanguageControls: FC<{
  t: Translator;
  values: Values;
  errors: Values;
  /** The languages the space writes in, to name those still missing. */
  expected?: string[];
}> = ({ t, values, errors, expected = [] }) => {
  const { language, translations } = languagesOf(values);
  const missing = expected.filter((lang) => lang !== language && !translations.includes(lang));
  return (
    <fieldset class="languages">
      <legend>{t("translations.legend")}</legend>
      <input type="hidden" name="translations" value={translations.join(",")} />
      <p class={errors.language ? "field invalid" : "field"}>
        <label for="language">{t("compose.language")}</label>
        <input
          id="language"
          name="language"
          value={values.language ?? t.lang}
          size={8}
          required
          aria-describedby="language-note"
        />
        <small id="language-note" class={errors.language ? "error" : "hint"}>
          {errors.language ?? t("form.language-hint")}
        </small>
      </p>
      <p class="muted" data-translations>
        {translations.length === 0
          ? t("translations.none")
          : t("translations.some", { languages: t.list(translations.map(t.languageName)) })}
      </p>
      {missing.length > 0 ? (
        <p data-missing>
          {t("translations.missing", { languages: t.list(missing.map(t.languageName)) })}{" "}
          {missing.map((lang) => (
            <button type="submit" name="addLanguage" value={lang} class="small" formnovalidate>
              {t("translations.add-named", { language: t.languageName(lang) })}
            </button>
          ))}
        </p>
      ) : null}
      <p class={errors.newLanguage ? "field invalid row-field" : "field row-field"}>
        <label for="newLanguage">{t("translations.add-label")}</label>
        <span class="inline">
          <input
            id="newLanguage"
            name="newLanguage"
            size={8}
            value={values.newLanguage ?? ""}
            aria-describedby="newLanguage-note"
          />
          <button type="submit" name="addLanguage" value="new" class="small" formnovalidate>
            {t("translations.add")}
          </button>
        </span>
        <small id="newLanguage-note" class={errors.newLanguage ? "error" : "hint"}>
          {errors.newLanguage ?? t("form.language-hint")}
        </small>
      </p>
    </fieldset>
  );
};

/** The fieldset of one translation, with its remove button. */
export const TranslationSet: FC<{ t: Translator; lang: string; children?: unknown }> = ({
  t,
  lang,
  children,
}) => (
  <fieldset class="translation" data-translation={lang}>
    <legend>{t("translations.of", { language: t.languageName(lang), tag: lang })}</legend>
    {children as never}
    <button type="submit" name="removeLanguage" value={lang} class="small danger" formnovalidate>
      {t("translations.remove", { language: t.languageName(lang) })}
    </button>
  </fieldset>
);
