import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { pendingMigrations } from "../../db/migrate.ts";
import type { WebEnv } from "../env.ts";

/** A database that does not answer within this long is unreachable, as far as readiness goes. */
const DATABASE_TIMEOUT_MS = 2_000;

export function healthRoutes() {
  const app = new Hono<WebEnv>();
  // The state of this process now: never from a cache, here or on the way.
  app.use(async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  });
  app.get("/healthz", (c) => c.json({ status: "ok", version: c.get("deps").version }));
  app.get("/readyz", async (c) => {
    const { db } = c.get("deps");
    const unreachable = () => c.json({ status: "unavailable", database: "unreachable" }, 503);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), DATABASE_TIMEOUT_MS);
    });
    try {
      // A stopped or frozen database leaves a query waiting; readiness must still answer.
      const answered = await Promise.race([db.execute(sql`SELECT 1`), timeout]);
      if (answered === "timeout") return unreachable();
    } catch {
      return unreachable();
    } finally {
      clearTimeout(timer);
    }
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      return c.json({ status: "unavailable", database: "ok", migrations: "pending", pending }, 503);
    }
    return c.json({ status: "ready", database: "ok", migrations: "applied" });
  });
  return app;
}
