import { eq, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { instanceSettings } from "../../db/schema.ts";

export async function getSetting<T>(db: DatabaseLike, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, key));
  return row?.value as T | undefined;
}

export async function putSetting(db: DatabaseLike, key: string, value: unknown): Promise<void> {
  await db
    .insert(instanceSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: sql`now()` } });
}

export async function deleteSetting(db: DatabaseLike, key: string): Promise<void> {
  await db.delete(instanceSettings).where(eq(instanceSettings.key, key));
}
