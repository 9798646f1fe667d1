import type { DocumentLoader, KeyCache, KvStore } from "@fedify/fedify";
import { CryptographicKey, Multikey } from "@fedify/vocab";
import { Remembered } from "./remembered.ts";

/** Where Fedify keeps verified public keys (its default `kvPrefixes.publicKey`). */
export const PUBLIC_KEY_PREFIX = ["_fedify", "publicKey"] as const;

/** Keys kept in memory besides, so a busy peer's deliveries cost no database read each. */
const MEMORY = { entries: 1_000, ms: 5 * 60_000 };

type Key = CryptographicKey | Multikey;

/**
 * Public keys in Fedify's own format and place (its KvKeyCache), so a key the inbox gate
 * verified is found by the verification Fedify repeats. Unavailable keys are not remembered:
 * Fedify must see a deleted account's 410 for itself.
 */
export class SharedKeyCache implements KeyCache {
  readonly #memory = new Remembered<Key>(MEMORY);

  constructor(
    readonly kv: KvStore,
    readonly loaders: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader } = {},
  ) {}

  async get(keyId: URL): Promise<Key | undefined> {
    const remembered = this.#memory.get(keyId.href);
    if (remembered != null) return remembered;
    const stored = await this.kv.get([...PUBLIC_KEY_PREFIX, keyId.href]);
    if (stored == null) return undefined;
    const key = await CryptographicKey.fromJsonLd(stored, this.loaders).catch(() =>
      Multikey.fromJsonLd(stored, this.loaders).catch(() => undefined),
    );
    if (key != null) this.#memory.set(keyId.href, key);
    return key;
  }

  async set(keyId: URL, key: Key | null) {
    if (key == null) return;
    this.#memory.set(keyId.href, key);
    await this.kv.set([...PUBLIC_KEY_PREFIX, keyId.href], await key.toJsonLd(this.loaders));
  }
}
