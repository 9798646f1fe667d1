import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { PostgresKvStore } from "@fedify/postgres";
import type postgres from "postgres";
import { PUBLIC_KEY_PREFIX } from "./key-cache.ts";
import { Remembered } from "./remembered.ts";

const KV_TABLE = "fedify_kv_v2";

/**
 * Fedify reads a signer's public key from the store on every inbox POST it verifies; the keys
 * change only when a server rotates one (then Fedify fetches it again and sets it here), so they
 * are kept in memory besides, as the inbox gate's key cache keeps them (federation/key-cache.ts).
 */
const REMEMBERED = { entries: 1_000, ms: 5 * 60_000 };
const remembersKey = (key: KvKey) =>
  key.length === PUBLIC_KEY_PREFIX.length + 1 &&
  PUBLIC_KEY_PREFIX.every((part, i) => key[i] === part);

/**
 * @fedify/postgres 1.8 predates Fedify 2's `KvStore.list` (required) and `cas` (which keeps the
 * delivery circuit breaker's per-host state consistent across workers). This adds both over the
 * same table.
 */
export class HubnetKvStore extends PostgresKvStore implements KvStore {
  readonly #sql: postgres.Sql;
  readonly #remembered = new Remembered<unknown>(REMEMBERED);

  constructor(sql: postgres.Sql) {
    super(sql, { tableName: KV_TABLE });
    this.#sql = sql;
  }

  override async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    if (!remembersKey(key)) return super.get<T>(key);
    const name = key.join("\u0000");
    const known = this.#remembered.get(name);
    if (known != null) return known as T;
    const value = await super.get<T>(key);
    if (value != null) this.#remembered.set(name, value);
    return value;
  }

  async cas(
    key: KvKey,
    expectedValue: unknown,
    newValue: unknown,
    options?: KvStoreSetOptions,
  ): Promise<boolean> {
    await this.initialize();
    const sql = this.#sql;
    const ttl = options?.ttl == null ? null : options.ttl.toString();
    // As plain JSON text cast in SQL: how postgres.js serializes sql.json() depends on its setup.
    const value = JSON.stringify(newValue);
    const rows =
      expectedValue === undefined
        ? await sql`
            INSERT INTO ${sql(KV_TABLE)} AS kv (key, value, ttl) VALUES (${[...key]}, ${value}::jsonb, ${ttl})
            ON CONFLICT (key) DO UPDATE
              SET value = EXCLUDED.value, ttl = EXCLUDED.ttl, created = CURRENT_TIMESTAMP
              WHERE kv.ttl IS NOT NULL AND kv.created + kv.ttl <= CURRENT_TIMESTAMP
            RETURNING 1`
        : await sql`
            UPDATE ${sql(KV_TABLE)}
              SET value = ${value}::jsonb, ttl = ${ttl}, created = CURRENT_TIMESTAMP
            WHERE key = ${[...key]} AND value = ${JSON.stringify(expectedValue)}::jsonb
              AND (ttl IS NULL OR created + ttl > CURRENT_TIMESTAMP)
            RETURNING 1`;
    return rows.length > 0;
  }

  /**
   * Unlike @fedify/postgres, no sweep of expired rows on every write (a scan of the whole table
   * each time): reads ignore expired rows, and `expire` clears them now and then.
   */
  override async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    await this.initialize();
    const sql = this.#sql;
    const ttl = options?.ttl == null ? null : options.ttl.toString();
    if (remembersKey(key)) this.#remembered.delete(key.join("\u0000"));
    await sql`
      INSERT INTO ${sql(KV_TABLE)} (key, value, ttl)
      VALUES (${[...key]}, ${JSON.stringify(value)}::jsonb, ${ttl})
      ON CONFLICT (key) DO UPDATE
        SET value = EXCLUDED.value, ttl = EXCLUDED.ttl, created = CURRENT_TIMESTAMP`;
  }

  override async delete(key: KvKey): Promise<void> {
    await this.initialize();
    if (remembersKey(key)) this.#remembered.delete(key.join("\u0000"));
    await this.#sql`DELETE FROM ${this.#sql(KV_TABLE)} WHERE key = ${[...key]}`;
  }

  /** Removes expired entries; returns how many. */
  async expire(): Promise<number> {
    await this.initialize();
    const removed = await this.#sql`
      DELETE FROM ${this.#sql(KV_TABLE)}
      WHERE ttl IS NOT NULL AND created + ttl < CURRENT_TIMESTAMP`;
    return removed.count;
  }

  async *list(prefix: KvKey = [] as unknown as KvKey): AsyncIterable<KvStoreListEntry> {
    await this.initialize();
    const keyPrefix = [...prefix];
    const rows = await this.#sql<{ key: string[]; value: unknown }[]>`
      SELECT key, value FROM ${this.#sql(KV_TABLE)}
      WHERE (${keyPrefix.length}::int = 0 OR key[1:${keyPrefix.length}::int] = ${this.#sql.array(keyPrefix)}::text[])
        AND (ttl IS NULL OR created + ttl > CURRENT_TIMESTAMP)
      ORDER BY key`;
    for (const row of rows) yield { key: row.key as unknown as KvKey, value: row.value };
  }
}
