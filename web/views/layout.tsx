import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Person } from "../../db/schema.ts";
import { CSRF_FIELD } from "../security/csrf.ts";

export interface PageContext {
  person: Person | undefined;
  csrfToken: string;
  host: string;
}

export const Layout: FC<{ title: string; page: PageContext; children?: Child }> = ({
  title,
  page,
  children,
}) => (
  <>
    {raw("<!DOCTYPE html>")}
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Hubnet at ${page.host}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <header class="site">
          <a class="brand" href="/">
            Hubnet <span class="host">{page.host}</span>
          </a>
          <nav aria-label="Hub content">
            <a href="/lessons">Lessons</a> <a href="/resources">Offers and needs</a>{" "}
            <a href="/events">Events</a>
          </nav>
          <nav aria-label="Account">
            {page.person ? (
              <form method="post" action="/logout" class="inline">
                <CsrfField token={page.csrfToken} />
                <a href="/home">Home</a> <a href="/settings/tokens">API tokens</a>{" "}
                <span>
                  Signed in as <a href={`/@${page.person.handle}`}>@{page.person.handle}</a>
                </span>{" "}
                <button type="submit">Sign out</button>
              </form>
            ) : (
              <a href="/login">Sign in</a>
            )}
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  </>
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
