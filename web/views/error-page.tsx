import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { WebEnv } from "../env.ts";
import { Layout } from "./layout.tsx";

/** An error as JSON for API and federation clients, as a page for browsers. */
export function errorResponse(c: Context<WebEnv>, status: ContentfulStatusCode, message: string) {
  const accept = c.req.header("accept") ?? "";
  const wantsHtml = accept.includes("text/html") && !c.req.path.startsWith("/api/");
  if (!wantsHtml) return c.json({ error: { code: codeFor(status), message } }, status);
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

function codeFor(status: number): string {
  const codes: Record<number, string> = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    422: "unprocessable",
    429: "rate_limited",
  };
  return codes[status] ?? "internal_error";
}
