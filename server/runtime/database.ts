import { join } from "node:path";
import { getLogger } from "@logtape/logtape";
import { createDb, type DatabaseHandle } from "../../db/client.ts";
import { startEmbeddedPostgres } from "../../db/embedded.ts";
import { runMigrations } from "../../db/migrate.ts";
import type { Config } from "../config.ts";

const logger = getLogger(["hubnet", "database"]);

export interface OpenDatabase extends DatabaseHandle {
  /** Closes the pool, and stops the embedded PostgreSQL if this process started it. */
  shutdown(): Promise<void>;
}

/** DATABASE_URL when given, else an embedded PostgreSQL under DATA_DIR; migrated either way. */
export async function openDatabase(
  config: Config,
  options: { poolSize?: number } = {},
): Promise<OpenDatabase> {
  let url = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  if (url == null) {
    const directory = join(config.DATA_DIR, "postgres");
    logger.info("Starting the embedded PostgreSQL in {directory}", { directory });
    const embedded = await startEmbeddedPostgres(directory, (line) => logger.debug(line));
    await embedded.createDatabase("hubnet");
    url = embedded.urlFor("hubnet");
    stopEmbedded = () => embedded.stop();
  }
  const handle = createDb(url, { max: options.poolSize });
  try {
    await runMigrations(handle);
  } catch (error) {
    await handle.close();
    await stopEmbedded();
    throw error;
  }
  return {
    ...handle,
    shutdown: async () => {
      await handle.close().catch(() => {});
      await stopEmbedded();
    },
  };
}
