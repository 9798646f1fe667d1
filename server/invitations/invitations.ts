/**
 * Invitations: a link with a one-time token that makes an account (or lets a signed-in person
 * join), with a role in a space when it was made for one. Only the token's hash is stored; a
 * token works once, until it expires or is withdrawn.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DatabaseLike } from "../../db/client.ts";
import {
  type Invitation,
  invitations,
  type Person,
  type Space,
  type SpaceRole,
  spaces,
} from "../../db/schema.ts";
import { createPerson, type NewPersonInput, roleIn, setRole } from "../people/people.ts";

const LIFETIME_DAYS = 14;

export interface NewInvitation {
  /** The space the invited person joins, with their role there; none for the instance alone. */
  space?: { id: string; role: SpaceRole };
  invitedBy: string;
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh invitation and its token (shown once: only the hash is kept). */
export async function createInvitation(
  db: DatabaseLike,
  input: NewInvitation,
  now = new Date(),
): Promise<{ invitation: Invitation; token: string }> {
  const token = randomBytes(24).toString("base64url");
  const [invitation] = await db
    .insert(invitations)
    .values({
      tokenHash: hashOf(token),
      spaceId: input.space?.id ?? null,
      role: input.space?.role ?? null,
      invitedBy: input.invitedBy,
      expiresAt: new Date(now.getTime() + LIFETIME_DAYS * 86_400_000),
    })
    .returning();
  if (invitation == null) throw new Error("INSERT … RETURNING gave no row");
  return { invitation, token };
}

/** The invitation a token opens, with its space, while it can still be used. */
export async function findOpenInvitation(
  db: DatabaseLike,
  token: string,
  now = new Date(),
): Promise<{ invitation: Invitation; space: Space | undefined } | undefined> {
  if (token === "" || token.length > 200) return undefined;
  const [row] = await db
    .select({ invitation: invitations, space: spaces })
    .from(invitations)
    .leftJoin(spaces, eq(spaces.id, invitations.spaceId))
    .where(
      and(
        eq(invitations.tokenHash, hashOf(token)),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return row ? { invitation: row.invitation, space: row.space ?? undefined } : undefined;
}

/** Invitations of a space (or of the instance alone) not yet used nor expired, newest first. */
export async function openInvitations(db: DatabaseLike, spaceId: string | null, now = new Date()) {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        spaceId == null ? isNull(invitations.spaceId) : eq(invitations.spaceId, spaceId),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/** Withdraws an invitation of a space (or of the instance alone); false if there is none. */
export async function revokeInvitation(
  db: DatabaseLike,
  id: string,
  spaceId: string | null,
): Promise<boolean> {
  const rows = await db
    .delete(invitations)
    .where(
      and(
        eq(invitations.id, id),
        spaceId == null ? isNull(invitations.spaceId) : eq(invitations.spaceId, spaceId),
        isNull(invitations.acceptedAt),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export type AcceptResult =
  | { ok: true; person: Person; space: Space | undefined }
  | { ok: false; reason: "invalid-invitation" | "handle-taken" | "email-taken" };

/**
 * Uses an invitation: a new account (`account`) or a signed-in person (`person`) takes it, and
 * gets its role in its space. The invitation row is locked, so two people racing for one link
 * cannot both use it.
 */
export async function acceptInvitation(
  db: Database,
  token: string,
  who: { account: z.output<typeof NewPersonInput> } | { person: Person },
  now = new Date(),
): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const open = await findOpenInvitation(tx, token, now);
    if (open == null) return { ok: false, reason: "invalid-invitation" } as const;
    const [locked] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, open.invitation.id), isNull(invitations.acceptedAt)))
      .for("update");
    if (locked == null) return { ok: false, reason: "invalid-invitation" } as const;
    let person: Person;
    if ("person" in who) person = who.person;
    else {
      const created = await createPerson(tx, who.account);
      if (!created.ok) return created;
      person = created.person;
    }
    const { space, invitation } = open;
    if (space != null && invitation.role != null) {
      // An invitation never lowers a role its person already has there.
      const current = await roleIn(tx, space.id, person.id);
      if (current == null || rank(invitation.role) < rank(current))
        await setRole(tx, space.id, person.id, invitation.role);
    }
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: person.id })
      .where(eq(invitations.id, invitation.id));
    return { ok: true, person, space } as const;
  });
}

const ORDER: SpaceRole[] = ["owner", "admin", "editor", "member"];
const rank = (role: SpaceRole) => ORDER.indexOf(role);
