import type { Config } from "../config.ts";
import { type OpenDatabase, openDatabase } from "../runtime/database.ts";

/** Opens (and migrates) the instance's database for one command, and closes it however it ends. */
export async function withDatabase<T>(
  config: Config,
  work: (database: OpenDatabase) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config, { poolSize: 2, role: "command" });
  try {
    return await work(database);
  } finally {
    await database.shutdown();
  }
}
