import { eq } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type KeyPairRow, keyPairs } from "../../db/schema.ts";

export type KeyAlgorithm = KeyPairRow["algorithm"];
const ALGORITHMS: KeyAlgorithm[] = ["RSASSA-PKCS1-v1_5", "Ed25519"];

async function generate(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  const params =
    algorithm === "Ed25519"
      ? { name: "Ed25519" }
      : {
          name: "RSASSA-PKCS1-v1_5",
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: "SHA-256",
        };
  return (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
}

/** Creates the actor's RSA (for HTTP Signatures) and Ed25519 (for object proofs) keys if missing. */
export async function ensureKeyPairs(db: DatabaseLike, actorIdentifier: string): Promise<void> {
  const existing = new Set((await findKeyPairs(db, actorIdentifier)).map((row) => row.algorithm));
  for (const algorithm of ALGORITHMS.filter((a) => !existing.has(a))) {
    const pair = await generate(algorithm);
    await db
      .insert(keyPairs)
      .values({
        actorIdentifier,
        algorithm,
        publicKey: await crypto.subtle.exportKey("jwk", pair.publicKey),
        privateKey: await crypto.subtle.exportKey("jwk", pair.privateKey),
      })
      .onConflictDoNothing();
  }
}

/** The actor's stored key pairs, RSA first (the one Mastodon reads as `publicKey`). */
export async function findKeyPairs(
  db: DatabaseLike,
  actorIdentifier: string,
): Promise<KeyPairRow[]> {
  const rows = await db
    .select()
    .from(keyPairs)
    .where(eq(keyPairs.actorIdentifier, actorIdentifier));
  return ALGORITHMS.flatMap((algorithm) => rows.filter((row) => row.algorithm === algorithm));
}
