/**
 * What the operators decide for the whole instance: whether anyone may sign up without an
 * invitation (off by default: accounts come by invitation), whether people other than operators
 * may create spaces, and a short text about the instance for its home page.
 */
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { getSetting, putSetting } from "./settings.ts";

const KEY = "instance_policy";

export const InstancePolicy = z.object({
  openSignup: z.boolean().default(false),
  peopleCreateSpaces: z.boolean().default(false),
  about: z.string().trim().max(2000).default(""),
});
export type InstancePolicy = z.output<typeof InstancePolicy>;

export async function instancePolicy(db: DatabaseLike): Promise<InstancePolicy> {
  const stored = InstancePolicy.safeParse((await getSetting<unknown>(db, KEY)) ?? {});
  // A value written by a later version that this one cannot read falls back to the defaults.
  return stored.success ? stored.data : InstancePolicy.parse({});
}

export async function setInstancePolicy(
  db: DatabaseLike,
  changes: Partial<InstancePolicy>,
): Promise<InstancePolicy> {
  const next = InstancePolicy.parse({ ...(await instancePolicy(db)), ...changes });
  await putSetting(db, KEY, next);
  return next;
}
