/**
 * The interface language: the menu in every page's header (no account needed, remembered in a
 * cookie) and a signed-in person's preference, on their preferences page.
 */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { updateProfile } from "../../server/people/people.ts";
import type { WebEnv } from "../env.ts";
import { LANGUAGE_COOKIE } from "../i18n/choice.ts";
import {
  INTERFACE_LANGUAGES,
  interfaceLanguageFor,
  isInterfaceLanguage,
} from "../i18n/languages.ts";
import { formFields, pageContext } from "../page.ts";
import { cookieOptions } from "../security/cookies.ts";
import { localPath } from "../security/redirects.ts";
import { errorResponse } from "../views/error-page.tsx";
import { CsrfField, Layout, Notice } from "../views/layout.tsx";

const ONE_YEAR = 365 * 86_400;

export function languageRoutes() {
  const app = new Hono<WebEnv>();

  app.post("/language", async (c) => {
    const form = await formFields(c);
    if (!isInterfaceLanguage(form.lang)) return errorResponse(c, 400, "language.unknown");
    const { config, db } = c.get("deps");
    setCookie(c, LANGUAGE_COOKIE, form.lang, cookieOptions(config.ORIGIN, ONE_YEAR));
    const person = c.get("person");
    // The menu speaks for the person too, so their other devices follow.
    if (person != null) await updateProfile(db, person, { preferredLanguage: form.lang });
    return c.redirect(localPath(form.back), 303);
  });

  app.get("/settings/preferences", (c) => {
    if (c.get("person") == null) return c.redirect("/login?next=/settings/preferences", 303);
    return c.html(<PreferencesPage page={pageContext(c)} saved={c.req.query("saved") != null} />);
  });

  app.post("/settings/preferences", async (c) => {
    const person = c.get("person");
    if (person == null) return c.redirect("/login?next=/settings/preferences", 303);
    const form = await formFields(c);
    if (!isInterfaceLanguage(form.lang)) return errorResponse(c, 400, "language.unknown");
    await updateProfile(c.get("deps").db, person, { preferredLanguage: form.lang });
    // This browser follows at once, even over an earlier choice in the menu.
    setCookie(c, LANGUAGE_COOKIE, form.lang, cookieOptions(c.get("deps").config.ORIGIN, ONE_YEAR));
    return c.redirect("/settings/preferences?saved", 303);
  });
  return app;
}

function PreferencesPage({
  page,
  saved,
}: {
  page: ReturnType<typeof pageContext>;
  saved: boolean;
}) {
  const { t } = page;
  const preferred = page.person?.preferredLanguage;
  const current = preferred ? interfaceLanguageFor(preferred) : undefined;
  return (
    <Layout title={t("preferences.title")} page={page}>
      <h1>{t("preferences.title")}</h1>
      {saved ? <Notice kind="info">{t("preferences.saved")}</Notice> : null}
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
        <button type="submit">{t("posts.save")}</button>
      </form>
    </Layout>
  );
}
