import { getLogger } from "@logtape/logtape";
import { createDb, type DatabaseHandle } from "../../db/client.ts";
import { type EmbeddedRole, openEmbeddedPostgres } from "../../db/embedded.ts";
import { runMigrations } from "../../db/migrate.ts";
import type { Config } from "../config.ts";

const logger = getLogger(["hubnet", "database"]);
/** How often a server checks that its embedded PostgreSQL still runs. */
const WATCH_MS = 2_000;

export interface OpenDatabase extends DatabaseHandle {
  /** Where the database is: DATABASE_URL, or the embedded one's (for helper processes). */
  url: string;
  /** Closes the pool, and stops the embedded PostgreSQL if this process owns it. */
  shutdown(): Promise<void>;
}

/**
 * DATABASE_URL when given, else the embedded PostgreSQL of DATA_DIR (shared with any Hubnet
 * process already using it); migrated either way. A server (`role: "server"`) watches the
 * embedded database and starts it again if it stops under it; its pool then reconnects.
 */
export async function openDatabase(
  config: Config,
  options: { poolSize?: number; role?: EmbeddedRole } = {},
): Promise<OpenDatabase> {
  const role = options.role ?? "server";
  let url = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  let watcher: NodeJS.Timeout | undefined;
  if (url == null) {
    const embedded = await openEmbeddedPostgres(config.DATA_DIR, {
      role,
      log: (line) => logger.info(line),
    });
    await embedded.createDatabase("hubnet");
    url = embedded.urlFor("hubnet");
    stopEmbedded = () => embedded.stop();
    if (role === "server") watcher = watch(() => embedded.restartIfStopped());
  }
  const handle = createDb(url, { max: options.poolSize });
  const shutdown = async () => {
    clearInterval(watcher);
    await handle.close().catch(() => {});
    await stopEmbedded();
  };
  try {
    await runMigrations(handle);
  } catch (error) {
    await shutdown();
    throw error;
  }
  return { ...handle, url, shutdown };
}

function watch(restartIfStopped: () => Promise<boolean>): NodeJS.Timeout {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    restartIfStopped()
      .then((restarted) => {
        if (restarted) logger.warning("The embedded PostgreSQL had stopped; it runs again.");
      })
      .catch((error: Error) =>
        logger.warning("The embedded PostgreSQL is down and could not start: {message}", {
          message: error.message,
        }),
      )
      .finally(() => {
        busy = false;
      });
  }, WATCH_MS);
  timer.unref();
  return timer;
}
