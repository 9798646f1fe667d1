/**
 * A space's own blocks, set by its owners and admins: a remote actor, or every actor of a
 * domain, may no longer follow the space, reply to its posts, vote on its proposals, answer its
 * events or join it. Their follows of the space, and their memberships of it when it is a hub,
 * end when the block is set (the federation layer tells their servers,
 * federation/actions/space-blocks.ts). Each block is in the moderation log.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseLike } from "../../db/client.ts";
import {
  type FollowRow,
  follows,
  type Membership,
  memberships,
  type Space,
  type SpaceBlock,
  spaceBlocks,
} from "../../db/schema.ts";
import { localActorIri, localHandleOf } from "../actors/local-iris.ts";
import { keyset, type Page, type PageCursor } from "../paging/keyset.ts";
import { normalizeDomain } from "./domains.ts";
import { recordAction } from "./log.ts";

export const SpaceBlockReason = z.string().trim().max(500).default("");

/** What a block names: an actor by its IRI, or a domain. */
export type BlockTarget = { kind: "actor"; target: string } | { kind: "domain"; target: string };

/** An actor's https IRI or a bare domain; `@user@host` is looked up first by the caller. */
export function blockTargetOf(value: string): BlockTarget | undefined {
  const text = value.trim();
  const url = URL.parse(text);
  if (
    url != null &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.pathname !== "/"
  )
    return { kind: "actor", target: url.href };
  const domain = normalizeDomain(text);
  return domain ? { kind: "domain", target: domain } : undefined;
}

/** The SQL condition: a block of space `spaceId` covers the actor `actorIri`. */
const covering = (actorIri: string): SQL =>
  sql`((${spaceBlocks.kind} = 'actor' AND ${spaceBlocks.target} = ${actorIri})
    OR (${spaceBlocks.kind} = 'domain' AND hubnet_domain_covers(${spaceBlocks.target}, hubnet_host(${actorIri}))))`;

/** Whether the local space `handle` blocks `actorIri` (false for anyone who is not a space). */
export async function isBlockedBySpace(
  db: DatabaseLike,
  handle: string,
  actorIri: string,
): Promise<boolean> {
  const rows = await db.execute(sql`SELECT 1 FROM ${spaceBlocks}
    JOIN spaces s ON s.id = ${spaceBlocks.spaceId}
    WHERE s.handle = ${handle} AND ${covering(actorIri)} LIMIT 1`);
  return rows.length > 0;
}

/** Whether `localIri` is a space of this instance that blocks `actorIri`. */
export async function isRefusedBySpace(
  db: DatabaseLike,
  origin: string,
  localIri: string,
  actorIri: string,
): Promise<boolean> {
  const handle = localHandleOf(origin, localIri);
  return handle != null && (await isBlockedBySpace(db, handle, actorIri));
}

/**
 * Blocks an actor or a domain in a space, and ends their follows of it. Returns the follows that
 * ended, whose servers are then told (a Reject of each Follow).
 */
export async function blockInSpace(
  db: Database,
  origin: string,
  space: Space,
  block: BlockTarget & { reason: string },
  byPersonId: string | null,
): Promise<{ block: SpaceBlock; ended: FollowRow[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(spaceBlocks)
      .values({ spaceId: space.id, ...block })
      .onConflictDoUpdate({
        target: [spaceBlocks.spaceId, spaceBlocks.target],
        set: { kind: block.kind, reason: block.reason },
      })
      .returning();
    if (row == null) throw new Error("INSERT … RETURNING gave no row");
    const follower = (column: SQL) =>
      block.kind === "actor"
        ? sql`${column} = ${block.target}`
        : sql`hubnet_domain_covers(${block.target}, hubnet_host(${column}))`;
    const ended = await tx
      .delete(follows)
      .where(
        and(
          eq(follows.followeeIri, localActorIri(origin, space.handle)),
          follower(sql`${follows.followerIri}`),
        ),
      )
      .returning();
    await recordAction(tx, {
      action: "space-blocked",
      target: block.target,
      space: space.handle,
      reason: block.reason,
      byPersonId,
    });
    return { block: row, ended };
  });
}

/** Lifts a space's block of an actor or domain; false when there was none. */
export async function unblockInSpace(
  db: Database,
  space: Space,
  target: string,
  byPersonId: string | null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(spaceBlocks)
      .where(and(eq(spaceBlocks.spaceId, space.id), eq(spaceBlocks.target, target)))
      .returning();
    if (removed.length === 0) return false;
    await recordAction(tx, { action: "space-unblocked", target, space: space.handle, byPersonId });
    return true;
  });
}

/** The memberships of the hub `space` (or requests to join it) that a block covers. */
export async function membershipsCoveredBy(
  db: DatabaseLike,
  origin: string,
  space: Space,
  block: BlockTarget,
): Promise<Membership[]> {
  const member =
    block.kind === "actor"
      ? sql`${memberships.memberIri} = ${block.target}`
      : sql`hubnet_domain_covers(${block.target}, hubnet_host(${memberships.memberIri}))`;
  return db
    .select()
    .from(memberships)
    .where(and(eq(memberships.hubIri, localActorIri(origin, space.handle)), member));
}

const byCreation = keyset<SpaceBlock>(spaceBlocks.createdAt, spaceBlocks.id, (block) => ({
  time: block.createdAt,
  id: block.id,
}));

/** A space's blocks, newest first. */
export async function spaceBlocksPage(
  db: DatabaseLike,
  space: Space,
  cursor?: PageCursor,
  limit = 50,
): Promise<Page<SpaceBlock>> {
  const rows = await db
    .select()
    .from(spaceBlocks)
    .where(and(eq(spaceBlocks.spaceId, space.id), byCreation.after(cursor)))
    .orderBy(...byCreation.order)
    .limit(limit + 1);
  return byCreation.page(rows, limit);
}
