import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Person } from "../../db/schema.ts";
import { INTERFACE_LANGUAGES } from "../i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";
import { CSRF_FIELD } from "../security/csrf.ts";
import { type PagePreview, PreviewMeta } from "./preview.tsx";
import { SearchBox } from "./search.tsx";

export interface PageContext {
  person: Person | undefined;
  csrfToken: string;
  host: string;
  /** The reader's interface language and its direction, for `<html lang dir>`. */
  lang: string;
  dir: "ltr" | "rtl";
  t: Translator;
  /** Where the language menu returns to: this page, when it can be fetched again. */
  back: string;
  /** This page's own address, absolute. */
  url: string;
}

/**
 * Every page: its title, what a shared link shows (`preview`, or the title alone), the header
 * with the language menu, and the content.
 */
export const Layout: FC<{
  title: string;
  page: PageContext;
  preview?: PagePreview;
  children?: Child;
}> = ({ title, page, preview, children }) => {
  const { t } = page;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={page.lang} dir={page.dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t("layout.title", { title, host: page.host })}</title>
          <PreviewMeta
            preview={preview ?? { title, type: "website", language: page.lang }}
            url={page.url}
            siteName={t("layout.site-name", { host: page.host })}
          />
          <link rel="stylesheet" href="/static/style.css" />
        </head>
        <body>
          <header class="site">
            <a class="brand" href="/">
              Hubnet <span class="host">{page.host}</span>
            </a>
            <nav aria-label={t("layout.nav.content")}>
              <a href="/lessons">{t("layout.nav.lessons")}</a>{" "}
              <a href="/resources">{t("layout.nav.resources")}</a>{" "}
              <a href="/events">{t("layout.nav.events")}</a>{" "}
              <a href="/directory">{t("layout.nav.directory")}</a>{" "}
              <a href={page.person?.instanceRole ? "/moderation" : "/moderation/log"}>
                {t("layout.nav.moderation")}
              </a>
            </nav>
            <nav aria-label={t("layout.nav.account")}>
              {page.person ? (
                <form method="post" action="/logout" class="inline">
                  <CsrfField token={page.csrfToken} />
                  <a href="/home">{t("layout.nav.home")}</a>{" "}
                  <a href="/settings/preferences">{t("layout.nav.preferences")}</a>{" "}
                  <a href="/settings/tokens">{t("layout.nav.tokens")}</a>{" "}
                  <span>
                    {t.rich("layout.signed-in-as", {
                      handle: page.person.handle,
                      link: (parts) => <a href={`/@${page.person?.handle}`}>{parts}</a>,
                    })}
                  </span>{" "}
                  <button type="submit">{t("layout.sign-out")}</button>
                </form>
              ) : (
                <a href="/login">{t("layout.sign-in")}</a>
              )}
            </nav>
            <LanguageMenu page={page} />
            <SearchBox t={t} />
          </header>
          <main>{children}</main>
        </body>
      </html>
    </>
  );
};

/** Names a language's readers know it by where Intl's differs ("Indonesia" is the country too). */
const OWN_NAMES: Record<string, string> = { id: "Bahasa Indonesia" };

/** Each interface language by its own name, as its readers look for it. */
function autonym(lang: string): string {
  const name =
    OWN_NAMES[lang] ?? new Intl.DisplayNames([lang], { type: "language" }).of(lang) ?? lang;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

/** A plain form, so the language can be changed without JavaScript and without an account. */
const LanguageMenu: FC<{ page: PageContext }> = ({ page }) => (
  <form method="post" action="/language" class="inline language-menu">
    <CsrfField token={page.csrfToken} />
    <input type="hidden" name="back" value={page.back} />
    <label for="language-menu">{page.t("layout.language")}</label>
    <select id="language-menu" name="lang">
      {INTERFACE_LANGUAGES.map((lang) => (
        <option value={lang} lang={lang} selected={lang === page.lang}>
          {autonym(lang)}
        </option>
      ))}
    </select>
    <button type="submit" class="small">
      {page.t("layout.change-language")}
    </button>
  </form>
);

export const CsrfField: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

/** A labelled input with its error message tied to it for screen readers. */
export const Field: FC<{
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
}> = ({ name, label, type = "text", value, error, hint, required = true, autocomplete }) => (
  <p class={error ? "field invalid" : "field"}>
    <label for={name}>{label}</label>
    <input
      id={name}
      name={name}
      type={type}
      value={value ?? ""}
      required={required}
      autocomplete={autocomplete}
      aria-invalid={error ? "true" : undefined}
      aria-describedby={error || hint ? `${name}-note` : undefined}
    />
    {error || hint ? (
      <small id={`${name}-note`} class={error ? "error" : "hint"}>
        {error ?? hint}
      </small>
    ) : null}
  </p>
);

export const Notice: FC<{ kind: "error" | "info"; children?: Child }> = ({ kind, children }) => (
  <div class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
    {children}
  </div>
);
