import type { FC } from "hono/jsx";
import type { Translator } from "../i18n/translator.ts";
import { CsrfField } from "./layout.tsx";
import {
  fieldOf,
  LanguageControls,
  languagesOf,
  TranslationSet,
  textsOf,
} from "./translations.tsx";

/** The form to write a post (or reply) in one language and, optionally, a translation. */
export const ComposeForm: FC<{
  t: Translator;
  csrfToken: string;
  identities: { handle: string; label: string }[];
  action?: string;
  inReplyTo?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  submitLabel?: string;
  /** Inside a card already (no frame of its own). */
  bare?: boolean;
  /** The languages the space writes in, to name the translations still missing. */
  expected?: string[];
}> = ({
  t,
  csrfToken,
  identities,
  action = "/posts",
  inReplyTo,
  values = {},
  errors = {},
  submitLabel = t("compose.publish"),
  bare = false,
  expected = [],
}) => (
  <form method="post" action={action} class={bare ? "compose" : "card compose"}>
    <CsrfField token={csrfToken} />
    {inReplyTo ? <input type="hidden" name="inReplyTo" value={inReplyTo} /> : null}
    {identities.length > 1 ? (
      <p class="field">
        <label for="as">{t("compose.publish-as")}</label>
        <select id="as" name="as">
          {identities.map((i) => (
            <option value={i.handle} selected={values.as === i.handle}>
              {i.label}
            </option>
          ))}
        </select>
      </p>
    ) : (
      <input type="hidden" name="as" value={identities[0]?.handle ?? ""} />
    )}
    <p class={errors.content ? "field invalid" : "field"}>
      <label for="content">{t("compose.text")}</label>
      <textarea id="content" name="content" rows={4} required dir="auto">
        {values.content ?? ""}
      </textarea>
      {errors.content ? (
        <small class="error">{errors.content}</small>
      ) : (
        <small class="hint">{t("compose.text-hint")}</small>
      )}
    </p>
    <p class="field">
      <label for="visibility">{t("compose.visibility")}</label>
      <select id="visibility" name="visibility">
        {["public", "unlisted", "followers", "direct"].map((value) => (
          <option value={value} selected={(values.visibility ?? "public") === value}>
            {t("compose.visibility-option", { visibility: value })}
          </option>
        ))}
      </select>
    </p>
    <details open={languagesOf(values).translations.length > 0 || expected.length > 1}>
      <summary>{t("compose.add-translation")}</summary>
      <LanguageControls t={t} values={values} errors={errors} expected={expected} />
      {languagesOf(values).translations.map((lang) => (
        <TranslationSet t={t} lang={lang}>
          <p class="field">
            <label for={fieldOf("content", lang)}>{t("compose.translation")}</label>
            <textarea
              id={fieldOf("content", lang)}
              name={fieldOf("content", lang)}
              rows={3}
              dir="auto"
              lang={lang}
            >
              {values[fieldOf("content", lang)] ?? ""}
            </textarea>
          </p>
        </TranslationSet>
      ))}
    </details>
    <p class="field">
      <label for="summary">{t("compose.content-warning")}</label>
      <input id="summary" name="summary" value={values.summary ?? ""} />
    </p>
    {errors.form ? <p class="error">{errors.form}</p> : null}
    <button type="submit">{submitLabel}</button>
  </form>
);

/** Form fields → the domain's post input (validated by PostInput afterwards). */
export function postInputFromForm(form: Record<string, string>) {
  const { language } = languagesOf(form);
  const content = { ...textsOf(form)("content"), [language]: form.content ?? "" };
  return {
    content,
    defaultLanguage: language,
    summary: form.summary?.trim() || undefined,
    visibility: form.visibility,
    inReplyToIri: form.inReplyTo || undefined,
  };
}
