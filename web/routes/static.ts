import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import type { WebEnv } from "../env.ts";

const TYPES: Record<string, string> = { css: "text/css; charset=utf-8", svg: "image/svg+xml" };
const folder = new URL("../static/", import.meta.url);

/** Serves web/static/; names are restricted to plain file names, so nothing outside is reachable. */
export function staticRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/static/:file{[a-z0-9-]+\\.(css|svg)}", async (c) => {
    const file = c.req.param("file");
    const type = TYPES[file.split(".").pop() ?? ""];
    const body = await readFile(new URL(file, folder)).catch(() => undefined);
    if (body == null || type == null) return c.notFound();
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=3600" });
  });
  return app;
}
