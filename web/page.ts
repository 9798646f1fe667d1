import type { Context } from "hono";
import type { ZodError } from "zod";
import type { WebEnv } from "./env.ts";
import { translatorFor } from "./i18n/translator.ts";
import { localPath } from "./security/redirects.ts";
import type { PageContext } from "./views/layout.tsx";

export function pageContext(c: Context<WebEnv>): PageContext {
  const t = c.get("t") ?? translatorFor();
  const config = c.get("deps")?.config;
  const url = new URL(c.req.url);
  const origin = config?.ORIGIN ?? url.origin;
  // "//x" would read as another host, in a link or as a base: one leading slash only.
  const path = `${url.pathname.replace(/^\/+/, "/")}${url.search}`;
  return {
    person: c.get("person"),
    flash: c.get("flash"),
    unread: c.get("unread") ?? 0,
    csrfToken: c.get("csrfToken") ?? "",
    host: config ? new URL(config.ORIGIN).host : "",
    lang: t.lang,
    dir: t.dir,
    t,
    // A page answering a form (a POST) cannot be fetched again; its reader returns home.
    back: c.req.method === "GET" ? path : "/",
    url: new URL(path, origin).href,
  };
}

/**
 * Where to send the browser after a small action taken from a list (a like, an answer): the page
 * it came from when that is one of ours, else `fallback`.
 */
export function backTo(c: Context<WebEnv>, fallback: string): string {
  const referer = c.req.header("referer");
  const origin = c.get("deps").config.ORIGIN;
  if (referer == null || !URL.canParse(referer)) return fallback;
  const url = new URL(referer);
  if (url.origin !== new URL(origin).origin) return fallback;
  return localPath(`${url.pathname}${url.search}`);
}

/** Zod's issues as one message per form field, in the reader's language, beside the inputs. */
export function fieldErrors(c: Context<WebEnv>, error: ZodError): Record<string, string> {
  const t = c.get("t");
  const errors: Record<string, string> = {};
  // A structured field's problem shows beside its own input (details.place → placeName).
  const renamed: Record<string, string> = { place: "placeName" };
  for (const issue of error.issues) {
    const key = String((issue.path[0] === "details" ? issue.path[1] : issue.path[0]) ?? "form");
    const field = renamed[key] ?? key;
    errors[field] ??= t.issue(issue);
  }
  return errors;
}

/** The filled-in text fields of a submitted form (files and repeated fields are not used here). */
export async function formFields(c: Context<WebEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter(
      // An empty field is an unset one, so optional fields left blank pass and required ones read
      // "is required".
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "",
    ),
  );
}
