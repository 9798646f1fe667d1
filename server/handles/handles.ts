import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { because } from "../validation.ts";

/**
 * Spaces and people share one namespace of handles (`@handle@host` must name one actor).
 * Lowercase letters, digits and underscores, as Mastodon accepts in mentions.
 */
export const HandleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{1,30}$/, because("invalid-handle"));

// Serializes handle claims so a space and a person cannot take the same handle at once.
const HANDLE_LOCK = 7_411_024_102;

/**
 * Call inside a transaction before inserting a space or a person. A deleted account's handle
 * stays taken (its tombstone: server/moderation/accounts.ts), as other servers may still hold
 * its old key.
 */
export async function isHandleTaken(tx: DatabaseLike, handle: string): Promise<boolean> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${HANDLE_LOCK})`);
  const rows = await tx.execute(
    sql`SELECT 1 FROM spaces WHERE handle = ${handle} UNION ALL SELECT 1 FROM people WHERE handle = ${handle}
      UNION ALL SELECT 1 FROM tombstones
        WHERE iri = deleted_by AND right(iri, length(${handle}) + 2) = '/@' || ${handle}`,
  );
  return rows.length > 0;
}
