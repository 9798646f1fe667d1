import { fileURLToPath } from "node:url";
import { sql as raw } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database, DatabaseHandle } from "./client.ts";

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));
// Any constant works; it only has to be the same in every Hubnet process sharing a database.
const MIGRATION_LOCK = 7_411_024_101;

/** Applies pending migrations; safe when several processes start against one database. */
export async function runMigrations({ db, sql }: DatabaseHandle): Promise<void> {
  const lock = await sql.reserve();
  try {
    await lock`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder });
  } finally {
    await lock`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lock.release();
  }
}

/** Names of migrations this code expects that the database has not applied. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const expected = readMigrationFiles({ migrationsFolder });
  const applied = await db
    .execute<{ created_at: string }>(raw`SELECT created_at FROM drizzle.__drizzle_migrations`)
    .catch(() => []);
  const appliedAt = new Set([...applied].map((row) => Number(row.created_at)));
  return expected.filter((m) => !appliedAt.has(m.folderMillis)).map((m) => String(m.folderMillis));
}
