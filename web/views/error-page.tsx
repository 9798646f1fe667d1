import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { WebEnv } from "../env.ts";
import { errorCode } from "../error-codes.ts";
import type { MessageKey } from "../i18n/languages.ts";
import type { MessageParams } from "../i18n/translator.ts";
import { pageContext } from "../page.ts";
import { Layout } from "./layout.tsx";

/** An error as JSON for API and federation clients, as a page for browsers, in their language. */
export function errorResponse(
  c: Context<WebEnv>,
  status: ContentfulStatusCode,
  key: MessageKey,
  params?: MessageParams,
) {
  const page = pageContext(c);
  const message = page.t(key, params);
  const accept = c.req.header("accept") ?? "";
  const wantsHtml = accept.includes("text/html") && !c.req.path.startsWith("/api/");
  if (!wantsHtml) return c.json({ error: { code: errorCode(status), message } }, status);
  return c.html(
    <Layout title={message} page={page}>
      <h1>{message}</h1>
      <p>
        <a href="/">{page.t("error.back-home")}</a>
      </p>
    </Layout>,
    status,
  );
}
