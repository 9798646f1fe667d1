/**
 * The text a request brings is checked once, here, before routes, Fedify or PostgreSQL see it.
 * PostgreSQL cannot store a NUL character nor half of a UTF-16 surrogate pair, and refused with a
 * database error (a 500) what should have been a 400 from the start; a page cursor that this
 * server did not give out is refused here too, whichever list or collection it was meant for.
 *
 * Two layers: the address (path and query) of every request, before Fedify answers WebFinger,
 * actors and collections; and the bodies the web pages and the API read. Inbound activities are
 * Fedify's to read (their bodies never reach the second layer), so its inbox stays untouched.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { decodeCursor } from "../../server/paging/keyset.ts";
import type { WebEnv } from "../env.ts";
import type { MessageKey } from "../i18n/languages.ts";
import type { MessageParams } from "../i18n/translator.ts";
import { errorResponse } from "../views/error-page.tsx";

/** The query parameters that carry a page cursor, on every list, page and collection. */
const CURSOR_PARAMETERS = new Set(["before", "cursor"]);
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;
const WITHOUT_BODY = new Set(["GET", "HEAD", "OPTIONS", "DELETE"]);
/** What is wrong with a request, as a message for its reader. */
type Problem = { status: 400 | 415; key: MessageKey; params?: MessageParams };
const NOT_TEXT: Problem = { status: 400, key: "error.not-text" };

/** Text PostgreSQL can store: no NUL, no lone surrogate. */
export const isStorableText = (text: string) => !text.includes("\0") && text.isWellFormed();

/** A percent-encoded part of an address, decoded; undefined when it is not UTF-8. */
function decodePart(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

/** What is wrong with an address, or undefined. */
export function addressProblem(url: URL): Problem | undefined {
  const path = decodePart(url.pathname.replaceAll("+", "%2B"));
  if (path == null || !isStorableText(path)) return NOT_TEXT;
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const name = decodePart(at < 0 ? pair : pair.slice(0, at));
    const value = decodePart(at < 0 ? "" : pair.slice(at + 1));
    if (name == null || value == null || !isStorableText(name) || !isStorableText(value))
      return NOT_TEXT;
    if (CURSOR_PARAMETERS.has(name) && decodeCursor(value) == null)
      return { status: 400, key: "error.bad-cursor", params: { name } };
  }
  return undefined;
}

/** Whether every string in a parsed JSON value (keys included) is storable text. */
function isStorableJson(root: unknown): boolean {
  // A loop, not recursion: a body of a million nested arrays must not overflow the stack.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (!isStorableText(value)) return false;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value != null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) {
        if (!isStorableText(key)) return false;
        pending.push(item);
      }
  }
  return true;
}

/** Every request: its path and query. */
export const checkAddress = createMiddleware<WebEnv>(async (c, next) => {
  const problem = addressProblem(new URL(c.req.url));
  if (problem) return errorResponse(c, problem.status, problem.key, problem.params);
  return next();
});

/** Requests for the web pages and the API: their form or JSON body. */
export const checkBody = createMiddleware<WebEnv>(async (c, next) => {
  if (WITHOUT_BODY.has(c.req.method) || c.req.raw.body == null) return next();
  const problem = c.req.path.startsWith("/api/") ? await apiBodyProblem(c) : await formProblem(c);
  if (problem) return errorResponse(c, problem.status, problem.key, problem.params);
  return next();
});

/** The API reads JSON only: anything else is a 415, broken JSON or text a 400. */
async function apiBodyProblem(c: Context<WebEnv>): Promise<Problem | undefined> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) return undefined;
  if (!JSON_TYPE.test(c.req.header("content-type") ?? ""))
    return { status: 415, key: "error.json-only" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return NOT_TEXT;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400, key: "error.bad-json" };
  }
  return isStorableJson(value) ? undefined : NOT_TEXT;
}

async function formProblem(c: Context<WebEnv>): Promise<Problem | undefined> {
  if (!FORM_TYPE.test(c.req.header("content-type") ?? "")) return undefined;
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    return { status: 400, key: "error.bad-form" };
  }
  for (const [name, value] of Object.entries(form))
    for (const item of Array.isArray(value) ? value : [value])
      if (!isStorableText(name) || (typeof item === "string" && !isStorableText(item)))
        return NOT_TEXT;
  return undefined;
}

/** The page cursor a request names in `name` (checked above by checkAddress), if any. */
export function pageCursor(c: Context, name: "before" | "cursor" = "before") {
  const raw = c.req.query(name);
  return raw ? decodeCursor(raw) : undefined;
}
