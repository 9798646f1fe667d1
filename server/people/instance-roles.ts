/**
 * Roles on the whole instance, apart from any space: admins run it (accounts, spaces, roles, the
 * allowlist), moderators and admins keep it safe (reports, blocks, content removal,
 * suspensions). A suspended account holds no role's powers.
 */
import { count, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { type InstanceRole, type Person, people } from "../../db/schema.ts";
import { recordAction } from "../moderation/log.ts";
import { findPersonByHandle } from "./people.ts";

export type InstanceAction = "moderate" | "administer";

const ALLOWED: Record<InstanceAction, InstanceRole[]> = {
  moderate: ["admin", "moderator"],
  administer: ["admin"],
};

/** Whether an instance role allows an action. */
export const instanceRoleMay = (role: InstanceRole | null, action: InstanceAction) =>
  role != null && ALLOWED[action].includes(role);

/** Whether a person may take an action on the instance. */
export const mayOnInstance = (person: Person | undefined, action: InstanceAction) =>
  person != null && person.suspendedAt == null && instanceRoleMay(person.instanceRole, action);

export type SetInstanceRoleResult =
  | { ok: true; previous: InstanceRole | null; role: InstanceRole | null }
  | { ok: false; reason: "person-not-found" | "last-admin" };

/**
 * Gives a person an instance role, or takes it away (null). The instance keeps at least one
 * admin, or nobody could ever appoint one again. Each change is in the moderation log.
 */
export async function setInstanceRole(
  db: Database,
  handle: string,
  role: InstanceRole | null,
  byPersonId: string | null,
): Promise<SetInstanceRoleResult> {
  return db.transaction(async (tx) => {
    // One change of instance roles at a time, so two cannot each see "another admin remains".
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('instance-roles', 0))`);
    const person = await findPersonByHandle(tx, handle);
    if (person == null) return { ok: false, reason: "person-not-found" } as const;
    const previous = person.instanceRole;
    if (previous === role) return { ok: true, previous, role } as const;
    if (previous === "admin") {
      const [admins] = await tx
        .select({ n: count() })
        .from(people)
        .where(eq(people.instanceRole, "admin"));
      if ((admins?.n ?? 0) <= 1) return { ok: false, reason: "last-admin" } as const;
    }
    await tx
      .update(people)
      .set({ instanceRole: role, updatedAt: new Date() })
      .where(eq(people.id, person.id));
    await recordAction(tx, {
      action: role == null ? "role-revoked" : "role-granted",
      target: `@${handle}`,
      detail: role ?? previous,
      byPersonId,
    });
    return { ok: true, previous, role } as const;
  });
}
