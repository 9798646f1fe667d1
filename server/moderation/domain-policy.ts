/**
 * The instance's federation policy: which domains it federates with, and how. Every boundary
 * asks `federationVerdict` (federation/policy-guard.ts): the inbox gate, the delivery guard, the
 * one fetch, and reads of our documents. What the lists show is the visibility rule's part
 * (server/posts/visibility.ts, `fromListedOrigin`).
 */
import { eq, sql } from "drizzle-orm";
import type { Database, DatabaseLike } from "../../db/client.ts";
import {
  actorBlocks,
  allowedDomains,
  type DomainBlock,
  type DomainBlockLevel,
  domainBlocks,
  type ModerationAction,
  type ReportCategory,
} from "../../db/schema.ts";
import { deleteSetting, getSetting, putSetting } from "../instance/settings.ts";
import { coveringDomains, hostOf } from "./domains.ts";
import { recordAction } from "./log.ts";
import { type Purged, purgeActor, purgeDomain, refusingWrites } from "./purge.ts";

const ALLOWLIST_MODE = "federation.allowlist-mode";

/**
 * Tells every web process, once the change commits, that the policy changed: the read guard
 * remembers verdicts between changes (federation/policy-guard.ts, `rememberVerdicts`). On the
 * channel of the document change notices (federation/document-cache.ts).
 */
const announcePolicyChange = (tx: DatabaseLike) =>
  tx.execute(sql`SELECT pg_notify('hubnet_documents', 'policy')`);

export type FederationVerdict =
  | { federates: true; silenced: boolean; rejectMedia: boolean }
  | { federates: false; reason: "suspended" | "not-allowed" | "blocked-actor" };

/** How this instance treats a server, by its host (its own is always allowed). */
export async function federationVerdict(
  db: DatabaseLike,
  host: string,
  ownHost?: string,
): Promise<FederationVerdict> {
  if (host === ownHost) return { federates: true, silenced: false, rejectMedia: false };
  const candidates = coveringDomains(host);
  const list = sql.join(
    candidates.map((d) => sql`${d}`),
    sql`, `,
  );
  const [row] = await db.execute<{
    levels: DomainBlockLevel[] | null;
    allowlist: boolean;
    listed: boolean;
  }>(sql`
    SELECT
      (SELECT array_agg(level) FROM domain_blocks WHERE domain IN (${list})) AS levels,
      coalesce((SELECT value = 'true'::jsonb FROM instance_settings WHERE key = ${ALLOWLIST_MODE}), false) AS allowlist,
      EXISTS (SELECT 1 FROM allowed_domains WHERE domain IN (${list})) AS listed`);
  const levels = row?.levels ?? [];
  if (levels.includes("suspend")) return { federates: false, reason: "suspended" };
  if (row?.allowlist && !row.listed) return { federates: false, reason: "not-allowed" };
  return {
    federates: true,
    silenced: levels.includes("silence"),
    rejectMedia: levels.includes("reject-media"),
  };
}

/** The same for an actor: its domain's verdict, or refused when the actor itself is blocked. */
export async function actorVerdict(
  db: DatabaseLike,
  iri: string,
  ownHost?: string,
): Promise<FederationVerdict> {
  const host = hostOf(iri);
  if (host == null) return { federates: false, reason: "not-allowed" };
  const [blocked] = await db
    .select({ iri: actorBlocks.actorIri })
    .from(actorBlocks)
    .where(eq(actorBlocks.actorIri, iri));
  if (blocked != null) return { federates: false, reason: "blocked-actor" };
  return federationVerdict(db, host, ownHost);
}

const LOGGED: Record<DomainBlockLevel, ModerationAction> = {
  suspend: "domain-suspended",
  silence: "domain-silenced",
  "reject-media": "domain-media-rejected",
};

export interface Moderator {
  /** Who acts; null from the command line. */
  personId: string | null;
  /** When the action answers a report: its category, shown in the log (never who reported). */
  category?: ReportCategory;
}

/**
 * Blocks a domain at a level (or changes the level). A suspension deletes everything stored from
 * the domain: the block is committed first, while no write to those tables is under way, so
 * nothing from the domain can be stored after the purge.
 */
export async function blockDomain(
  db: Database,
  input: { domain: string; level: DomainBlockLevel; reason: string },
  by: Moderator,
): Promise<{ block: DomainBlock; purged: Purged | undefined }> {
  const block = await db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    if (input.level === "suspend") await refusingWrites(tx);
    const [row] = await tx
      .insert(domainBlocks)
      .values(input)
      .onConflictDoUpdate({
        target: domainBlocks.domain,
        set: { level: input.level, reason: input.reason, updatedAt: new Date() },
      })
      .returning();
    if (row == null) throw new Error("INSERT … RETURNING gave no row");
    if (input.level === "reject-media")
      await tx.execute(sql`UPDATE remote_actors SET icon_url = NULL
        WHERE icon_url IS NOT NULL AND hubnet_domain_covers(${input.domain}, hubnet_host(iri))`);
    await recordAction(tx, {
      action: LOGGED[input.level],
      target: input.domain,
      reason: input.reason,
      category: by.category,
      byPersonId: by.personId,
    });
    return row;
  });
  const purged = input.level === "suspend" ? await purgeDomain(db, input.domain) : undefined;
  return { block, purged };
}

/** Lifts a domain's block; what a suspension deleted stays deleted. */
export async function unblockDomain(
  db: Database,
  domain: string,
  reason: string,
  by: Moderator,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    const removed = await tx
      .delete(domainBlocks)
      .where(eq(domainBlocks.domain, domain))
      .returning();
    if (removed.length === 0) return false;
    await recordAction(tx, {
      action: "domain-unblocked",
      target: domain,
      reason,
      byPersonId: by.personId,
    });
    return true;
  });
}

export async function listDomainBlocks(db: DatabaseLike): Promise<DomainBlock[]> {
  return db.select().from(domainBlocks).orderBy(domainBlocks.domain);
}

export async function isAllowlistMode(db: DatabaseLike): Promise<boolean> {
  return (await getSetting<boolean>(db, ALLOWLIST_MODE)) === true;
}

/** Turns allowlist mode on or off: on, only listed domains federate with this instance. */
export async function setAllowlistMode(
  db: Database,
  on: boolean,
  reason: string,
  by: Moderator,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    if ((await isAllowlistMode(tx)) === on) return false;
    if (on) await putSetting(tx, ALLOWLIST_MODE, true);
    else await deleteSetting(tx, ALLOWLIST_MODE);
    await recordAction(tx, {
      action: on ? "allowlist-on" : "allowlist-off",
      target: "*",
      reason,
      byPersonId: by.personId,
    });
    return true;
  });
}

export async function listAllowedDomains(db: DatabaseLike): Promise<string[]> {
  const rows = await db.select().from(allowedDomains).orderBy(allowedDomains.domain);
  return rows.map((row) => row.domain);
}

/** Adds a domain to the allowlist, or takes it off; false when nothing changed. */
export async function setDomainAllowed(
  db: Database,
  domain: string,
  allowed: boolean,
  reason: string,
  by: Moderator,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    const changed = allowed
      ? await tx.insert(allowedDomains).values({ domain }).onConflictDoNothing().returning()
      : await tx.delete(allowedDomains).where(eq(allowedDomains.domain, domain)).returning();
    if (changed.length === 0) return false;
    await recordAction(tx, {
      action: allowed ? "domain-allowed" : "domain-disallowed",
      target: domain,
      reason,
      byPersonId: by.personId,
    });
    return true;
  });
}

/**
 * Blocks one remote actor on the whole instance: nothing from it is accepted again, and what was
 * stored of it is deleted, as a suspension does for a domain.
 */
export async function blockActor(
  db: Database,
  iri: string,
  reason: string,
  by: Moderator,
): Promise<Purged> {
  await db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    await refusingWrites(tx);
    await tx
      .insert(actorBlocks)
      .values({ actorIri: iri, reason })
      .onConflictDoUpdate({ target: actorBlocks.actorIri, set: { reason } });
    await recordAction(tx, {
      action: "actor-blocked",
      target: iri,
      reason,
      category: by.category,
      byPersonId: by.personId,
    });
  });
  return purgeActor(db, iri);
}

export async function unblockActor(
  db: Database,
  iri: string,
  reason: string,
  by: Moderator,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    await announcePolicyChange(tx);
    const removed = await tx.delete(actorBlocks).where(eq(actorBlocks.actorIri, iri)).returning();
    if (removed.length === 0) return false;
    await recordAction(tx, {
      action: "actor-unblocked",
      target: iri,
      reason,
      byPersonId: by.personId,
    });
    return true;
  });
}

export async function listBlockedActors(db: DatabaseLike) {
  return db.select().from(actorBlocks).orderBy(actorBlocks.actorIri);
}
