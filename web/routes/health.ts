import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { pendingMigrations } from "../../db/migrate.ts";
import type { WebEnv } from "../env.ts";

export function healthRoutes() {
  const app = new Hono<WebEnv>();
  app.get("/healthz", (c) => c.json({ status: "ok", version: c.get("deps").version }));
  app.get("/readyz", async (c) => {
    const { db } = c.get("deps");
    try {
      await db.execute(sql`SELECT 1`);
    } catch {
      return c.json({ status: "unavailable", database: "unreachable" }, 503);
    }
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      return c.json({ status: "unavailable", database: "ok", migrations: "pending", pending }, 503);
    }
    return c.json({ status: "ready", database: "ok", migrations: "applied" });
  });
  return app;
}
