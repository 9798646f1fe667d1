import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseLike } from "../../db/client.ts";
import { type ApiToken, apiTokens, type Person, people, type TokenScope } from "../../db/schema.ts";
import { because } from "../validation.ts";

export const TOKEN_PREFIX = "hubnet_";
export const SCOPES = ["read", "write", "admin"] as const satisfies readonly TokenScope[];

export const NewTokenInput = z.object({
  name: z.string().trim().min(1, because("token-name-required")).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1, because("choose-a-scope")).default(["read"]),
});

/** Each scope includes the ones below it: admin ⊃ write ⊃ read. */
export function effectiveScopes(scopes: readonly TokenScope[]): Set<TokenScope> {
  const rank = Math.max(...scopes.map((s) => SCOPES.indexOf(s)));
  return new Set(SCOPES.slice(0, rank + 1));
}

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a token; the returned secret is the only copy anyone will ever see. */
export async function createToken(
  db: DatabaseLike,
  personId: string,
  input: z.output<typeof NewTokenInput>,
) {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [token] = await db
    .insert(apiTokens)
    .values({
      personId,
      name: input.name,
      tokenHash: hash(secret),
      scopes: [...new Set(input.scopes)],
    })
    .returning();
  if (token == null) throw new Error("INSERT … RETURNING gave no row");
  return { token, secret };
}

/** The person and scopes behind a bearer token, if it is valid and not revoked. */
export async function authenticateToken(
  db: DatabaseLike,
  secret: string,
): Promise<{ person: Person; token: ApiToken } | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .select({ token: apiTokens, person: people })
    .from(apiTokens)
    .innerJoin(people, eq(people.id, apiTokens.personId))
    .where(
      and(
        eq(apiTokens.tokenHash, hash(secret)),
        isNull(apiTokens.revokedAt),
        isNull(people.suspendedAt),
      ),
    );
  if (row == null) return undefined;
  // To the minute is precise enough for "last used", and spares a write on every request.
  const last = row.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - last > 60_000)
    await db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(eq(apiTokens.id, row.token.id));
  return row;
}

export async function listTokens(db: DatabaseLike, personId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token of `personId` (or any token, for an operator passing `undefined`). */
export async function revokeToken(db: DatabaseLike, tokenId: string, personId: string | undefined) {
  if (!z.uuid().safeParse(tokenId).success) return false;
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, tokenId),
        isNull(apiTokens.revokedAt),
        personId ? eq(apiTokens.personId, personId) : undefined,
      ),
    )
    .returning();
  return rows.length > 0;
}
