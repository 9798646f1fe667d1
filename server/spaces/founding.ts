import type { z } from "zod";
import type { Database } from "../../db/client.ts";
import type { Person, Space } from "../../db/schema.ts";
import { findPersonByHandle, setRole } from "../people/people.ts";
import { createSpace, type NewSpaceInput } from "./spaces.ts";

export type FoundSpaceResult =
  | { ok: true; space: Space; owner: Person | undefined }
  | { ok: false; reason: "handle-taken" | "owner-not-found" };

/**
 * Creates a space and, when `ownerHandle` is given, makes that person its owner, in one
 * transaction: a space is never left without the owner it was created for.
 */
export async function foundSpace(
  db: Database,
  input: z.output<typeof NewSpaceInput>,
  ownerHandle: string | undefined,
): Promise<FoundSpaceResult> {
  return db.transaction(async (tx) => {
    const owner = ownerHandle == null ? undefined : await findPersonByHandle(tx, ownerHandle);
    if (ownerHandle != null && owner == null)
      return { ok: false, reason: "owner-not-found" } as const;
    const created = await createSpace(tx, input);
    if (!created.ok) return created;
    if (owner != null) await setRole(tx, created.space.id, owner.id, "owner");
    return { ok: true, space: created.space, owner } as const;
  });
}
