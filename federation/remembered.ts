/**
 * A bounded memory whose entries expire: what the key caches keep of public keys between
 * database reads. At most `entries` are kept, the longest unrefreshed dropped first.
 */
export class Remembered<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(readonly limits: { entries: number; ms: number }) {}

  /** The value, unless it was never kept or its time is up. */
  get(key: string): V | undefined {
    const known = this.#entries.get(key);
    return known != null && known.until > Date.now() ? known.value : undefined;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, until: Date.now() + this.limits.ms });
    // Oldest first: a Map keeps insertion order.
    if (this.#entries.size > this.limits.entries)
      this.#entries.delete(this.#entries.keys().next().value ?? "");
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
