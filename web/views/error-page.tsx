import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { WebEnv } from "../env.ts";
import { errorCode } from "../error-codes.ts";
import { Layout } from "./layout.tsx";

/** An error as JSON for API and federation clients, as a page for browsers. */
export function errorResponse(c: Context<WebEnv>, status: ContentfulStatusCode, message: string) {
  const accept = c.req.header("accept") ?? "";
  const wantsHtml = accept.includes("text/html") && !c.req.path.startsWith("/api/");
  if (!wantsHtml) return c.json({ error: { code: errorCode(status), message } }, status);
  const config = c.get("deps")?.config;
  const page = {
    person: c.get("person"),
    csrfToken: c.get("csrfToken") ?? "",
    host: config ? new URL(config.ORIGIN).host : "",
  };
  return c.html(
    <Layout title={message} page={page}>
      <h1>{message}</h1>
      <p>
        <a href="/">Back to the home page</a>
      </p>
    </Layout>,
    status,
  );
}
