/** The ceiling: a bare Hono route answering a fixed JSON document, nothing else. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { READY } from "./child.ts";

const body = process.env.BENCH_CEILING_BODY ?? '{"ok":true}';
const app = new Hono();
app.get("/", (c) =>
  c.body(body, 200, { "content-type": "application/activity+json; charset=utf-8" }),
);
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
server.once("listening", () => console.log(READY));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
