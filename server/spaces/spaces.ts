import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type Space, spaces } from "../../db/schema.ts";
import { HandleSchema, isHandleTaken } from "../handles/handles.ts";
import { LanguageMapSchema, LanguageTagSchema } from "../i18n/languages.ts";
import { ensureKeyPairs } from "../keys/key-pairs.ts";
import { RegionSchema } from "../regions/regions.ts";
import { because } from "../validation.ts";

export const NewSpaceInput = z
  .object({
    handle: HandleSchema,
    kind: z.enum(["affiliate", "hub"]).default("affiliate"),
    focus: z.enum(["regional", "language", "thematic"]).optional(),
    defaultLanguage: LanguageTagSchema.default("en"),
    name: LanguageMapSchema,
    summary: LanguageMapSchema.default({}),
    regions: z.array(RegionSchema).max(50).default([]),
    languages: z.array(LanguageTagSchema).max(50).default([]),
    themes: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    website: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((space) => space.kind === "hub" || space.focus == null, {
    path: ["focus"],
    ...because("focus-only-for-hubs"),
  })
  .refine((space) => space.name[space.defaultLanguage] != null, {
    path: ["name"],
    ...because("name-in-default-language"),
  });
export type NewSpaceInput = z.input<typeof NewSpaceInput>;

export type CreateSpaceResult = { ok: true; space: Space } | { ok: false; reason: "handle-taken" };

/** Creates a space with its signing keys; call within a transaction shared with its first owner. */
export async function createSpace(
  tx: DatabaseLike,
  input: z.output<typeof NewSpaceInput>,
): Promise<CreateSpaceResult> {
  if (await isHandleTaken(tx, input.handle)) return { ok: false, reason: "handle-taken" };
  const [space] = await tx
    .insert(spaces)
    .values({ ...input, focus: input.focus ?? null, website: input.website ?? null })
    .returning();
  if (space == null) throw new Error("INSERT … RETURNING gave no row");
  await ensureKeyPairs(tx, space.handle);
  return { ok: true, space };
}

export async function findSpaceByHandle(db: DatabaseLike, handle: string) {
  return db.query.spaces.findFirst({ where: eq(spaces.handle, handle) });
}

export async function listSpaces(db: DatabaseLike): Promise<Space[]> {
  return db.select().from(spaces).orderBy(asc(spaces.createdAt));
}

export async function setManualApproval(db: DatabaseLike, handle: string, manual: boolean) {
  await db
    .update(spaces)
    .set({ manuallyApprovesFollowers: manual, updatedAt: new Date() })
    .where(eq(spaces.handle, handle));
}

export const SpaceUpdate = z.object({
  name: LanguageMapSchema.optional(),
  summary: LanguageMapSchema.optional(),
  defaultLanguage: LanguageTagSchema.optional(),
  regions: z.array(RegionSchema).max(50).optional(),
  languages: z.array(LanguageTagSchema).max(50).optional(),
  themes: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  manuallyApprovesFollowers: z.boolean().optional(),
  /** For hubs: requests to join are accepted at once, or wait for an admin. */
  membershipApproval: z.enum(["automatic", "manual"]).optional(),
  /** A hub's focus; null for none. Affiliates have none. */
  focus: z.enum(["regional", "language", "thematic"]).nullable().optional(),
});

export type UpdateSpaceResult =
  | { ok: true; space: Space }
  | { ok: false; reason: "no-default-name" | "focus-only-for-hubs" };

/** Changes a space's profile or settings; the name must stay available in the default language. */
export async function updateSpace(
  db: DatabaseLike,
  space: Space,
  changes: z.output<typeof SpaceUpdate>,
): Promise<UpdateSpaceResult> {
  const next = {
    ...space,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
  };
  if (next.name[next.defaultLanguage] == null) return { ok: false, reason: "no-default-name" };
  if (next.kind !== "hub" && next.focus != null)
    return { ok: false, reason: "focus-only-for-hubs" };
  const [updated] = await db
    .update(spaces)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(spaces.id, space.id))
    .returning();
  return updated ? { ok: true, space: updated } : { ok: false, reason: "no-default-name" };
}
