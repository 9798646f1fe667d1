import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Person } from "../../db/schema.ts";
import { mayOnInstance } from "../../server/people/instance-roles.ts";
import { INTERFACE_LANGUAGES } from "../i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";
import { CSRF_FIELD } from "../security/csrf.ts";
import type { Flash } from "../security/flash.ts";
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
  /** What to say about the action that led here ("Published."). */
  flash: Flash | undefined;
  /** Notifications the signed-in person has not read yet. */
  unread: number;
}

/** A feed of the page's content, announced to feed readers in the page's head. */
export interface FeedLink {
  title: string;
  href: string;
  type?: "application/atom+xml" | "text/calendar";
}

/**
 * Every page: its title, what a shared link shows (`preview`, or the title alone), the header
 * with the language menu, and the content.
 */
export const Layout: FC<{
  title: string;
  page: PageContext;
  preview?: PagePreview;
  feeds?: FeedLink[];
  children?: Child;
}> = ({ title, page, preview, feeds = [], children }) => {
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
          {feeds.map((feed) => (
            <link
              rel="alternate"
              type={feed.type ?? "application/atom+xml"}
              title={feed.title}
              href={feed.href}
            />
          ))}
        </head>
        <body>
          <a class="skip" href="#main">
            {t("layout.skip")}
          </a>
          <header class="site">
            <a class="brand" href="/">
              Hubnet <span class="host">{page.host}</span>
            </a>
            <nav aria-label={t("layout.nav.content")} class="links">
              <a href="/lessons">{t("layout.nav.lessons")}</a>
              <a href="/resources">{t("layout.nav.resources")}</a>
              <a href="/events">{t("layout.nav.events")}</a>
              <a href="/proposals">{t("layout.nav.proposals")}</a>
              <a href="/directory">{t("layout.nav.directory")}</a>
              <a href={page.person?.instanceRole ? "/moderation" : "/moderation/log"}>
                {t("layout.nav.moderation")}
              </a>
            </nav>
            <AccountMenu page={page} />
            <LanguageMenu page={page} />
            <SearchBox t={t} />
          </header>
          <main id="main" tabindex={-1}>
            {page.flash ? (
              <div class="notice info" role="status">
                {t(`flash.${page.flash}`)}
              </div>
            ) : null}
            {children}
          </main>
        </body>
      </html>
    </>
  );
};

/** Where a signed-in person goes: their home, notifications, settings, the operator's pages. */
const AccountMenu: FC<{ page: PageContext }> = ({ page }) => {
  const { t, person } = page;
  if (person == null)
    return (
      <nav aria-label={t("layout.nav.account")} class="links">
        <a href="/login">{t("layout.sign-in")}</a>
      </nav>
    );
  return (
    <nav aria-label={t("layout.nav.account")} class="links">
      <a href="/home">{t("layout.nav.home")}</a>
      <a href="/notifications">
        {page.unread > 0
          ? t("layout.nav.notifications-unread", { count: page.unread })
          : t("layout.nav.notifications")}
      </a>
      <a href="/settings">{t("layout.nav.settings")}</a>
      {mayOnInstance(person, "administer") ? <a href="/admin">{t("layout.nav.admin")}</a> : null}
      <span class="signed-in">
        {t.rich("layout.signed-in-as", {
          handle: person.handle,
          link: (parts) => <a href={`/@${person.handle}`}>{parts}</a>,
        })}
      </span>
      <form method="post" action="/logout" class="inline">
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="small">
          {t("layout.sign-out")}
        </button>
      </form>
    </nav>
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
