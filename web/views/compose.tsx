import type { FC } from "hono/jsx";
import type { Translator } from "../i18n/translator.ts";
import { CsrfField } from "./layout.tsx";

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
    <div class="row">
      <p class="field">
        <label for="language">{t("compose.language")}</label>
        <input id="language" name="language" value={values.language ?? t.lang} size={6} required />
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
    </div>
    <details open={Boolean(values.translation)}>
      <summary>{t("compose.add-translation")}</summary>
      <p class="field">
        <label for="translationLanguage">{t("compose.translation-language")}</label>
        <input
          id="translationLanguage"
          name="translationLanguage"
          value={values.translationLanguage ?? ""}
          size={6}
        />
      </p>
      <p class="field">
        <label for="translation">{t("compose.translation")}</label>
        <textarea id="translation" name="translation" rows={3} dir="auto">
          {values.translation ?? ""}
        </textarea>
      </p>
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
  const language = form.language?.trim() || "en";
  const content: Record<string, string> = { [language]: form.content ?? "" };
  if (form.translationLanguage?.trim() && form.translation?.trim()) {
    content[form.translationLanguage.trim()] = form.translation;
  }
  return {
    content,
    defaultLanguage: language,
    summary: form.summary?.trim() || undefined,
    visibility: form.visibility,
    inReplyToIri: form.inReplyTo || undefined,
  };
}
