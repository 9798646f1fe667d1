import type { DocumentLoader, KeyCache, KvStore } from "@fedify/fedify";
import { CryptographicKey, Multikey } from "@fedify/vocab";

/** Where Fedify keeps verified public keys (its default `kvPrefixes.publicKey`). */
export const PUBLIC_KEY_PREFIX = ["_fedify", "publicKey"] as const;

/**
 * Public keys in Fedify's own format and place (its KvKeyCache), so a key the inbox gate
 * verified is found by the verification Fedify repeats. Unavailable keys are not remembered:
 * Fedify must see a deleted account's 410 for itself.
 */
export class SharedKeyCache implements KeyCache {
  constructor(
    readonly kv: KvStore,
    readonly loaders: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader } = {},
  ) {}

  async get(keyId: URL) {
    const stored = await this.kv.get([...PUBLIC_KEY_PREFIX, keyId.href]);
    if (stored == null) return undefined;
    return CryptographicKey.fromJsonLd(stored, this.loaders).catch(() =>
      Multikey.fromJsonLd(stored, this.loaders).catch(() => undefined),
    );
  }

  async set(keyId: URL, key: CryptographicKey | Multikey | null) {
    if (key == null) return;
    await this.kv.set([...PUBLIC_KEY_PREFIX, keyId.href], await key.toJsonLd(this.loaders));
  }
}
