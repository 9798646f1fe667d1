/** A signed-in person's own preferences: the interface language and the zone they read times in. */
import { Hono } from "hono";
import { TimeZoneSchema } from "../../server/content/details.ts";
import { updateProfile } from "../../server/people/people.ts";
import type { WebEnv } from "../env.ts";
import {
  INTERFACE_LANGUAGES,
  interfaceLanguageFor,
  isInterfaceLanguage,
} from "../i18n/languages.ts";
import { fieldErrors, formFields, pageContext } from "../page.ts";
import { redirectWith } from "../security/flash.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout, type PageContext } from "../views/layout.tsx";
import { rememberLanguage } from "./language.tsx";

const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

export function preferenceRoutes() {
  const app = new Hono<WebEnv>();

  app.get("/settings/preferences", (c) => {
    if (c.get("person") == null) return c.redirect("/login?next=/settings/preferences", 303);
    return c.html(<PreferencesPage page={pageContext(c)} />);
  });

  app.post("/settings/preferences", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/preferences", 303);
    const form = await formFields(c);
    if (!isInterfaceLanguage(form.lang)) return errorResponse(c, 400, "language.unknown");
    const zone = form.timeZone ? TimeZoneSchema.safeParse(form.timeZone) : undefined;
    if (zone && !zone.success) {
      const errors = fieldErrors(c, zone.error);
      return c.html(<PreferencesPage page={pageContext(c)} error={errors.form} />, 400);
    }
    await updateProfile(c.get("deps").db, person, {
      preferredLanguage: form.lang,
      timeZone: zone?.data ?? null,
    });
    // This browser follows at once, even over an earlier choice in the menu.
    rememberLanguage(c, form.lang);
    return redirectWith(c, "/settings/preferences", "saved");
  });
  return app;
}

function PreferencesPage(props: { page: PageContext; error?: string }) {
  const { page } = props;
  const { t } = page;
  const preferred = page.person?.preferredLanguage;
  const current = preferred ? interfaceLanguageFor(preferred) : undefined;
  return (
    <Layout title={t("preferences.title")} page={page}>
      <h1>{t("preferences.title")}</h1>
      <form method="post" action="/settings/preferences" class="card">
        <CsrfField token={page.csrfToken} />
        <p class="field">
          <label for="lang">{t("preferences.language")}</label>
          <select id="lang" name="lang" aria-describedby="lang-note">
            {INTERFACE_LANGUAGES.map((lang) => (
              <option value={lang} selected={lang === current}>
                {t.languageName(lang)}
              </option>
            ))}
          </select>
          <small id="lang-note" class="hint">
            {t("preferences.language-hint")}
          </small>
        </p>
        <p class={props.error ? "field invalid" : "field"}>
          <label for="timeZone">{t("preferences.time-zone")}</label>
          <select id="timeZone" name="timeZone" aria-describedby="timeZone-note">
            <option value="">{t("preferences.no-time-zone")}</option>
            {TIME_ZONES.map((zone) => (
              <option value={zone} selected={zone === page.person?.timeZone}>
                {zone}
              </option>
            ))}
          </select>
          <small id="timeZone-note" class={props.error ? "error" : "hint"}>
            {props.error ?? t("preferences.time-zone-hint")}
          </small>
        </p>
        <button type="submit">{t("posts.save")}</button>
      </form>
    </Layout>
  );
}
