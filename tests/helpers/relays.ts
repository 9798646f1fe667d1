import { and, eq } from "drizzle-orm";
import { relays } from "../../db/schema.ts";
import type { HarnessInstance } from "./federation-harness.ts";

/** The record that a hub relayed a post, as `instance` keeps it. */
export async function findRelay(instance: HarnessInstance, hubIri: string, postIri: string) {
  const [row] = await instance.deps.db
    .select()
    .from(relays)
    .where(and(eq(relays.hubIri, hubIri), eq(relays.postIri, postIri)));
  return row;
}
