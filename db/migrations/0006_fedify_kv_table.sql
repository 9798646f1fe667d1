-- Fedify's key-value store (@fedify/postgres), created here rather than on first use: several
-- requests touching the store at once on a fresh database raced to create it (duplicate pg_type).
-- The same definition as PostgresKvStore.initialize(), whose CREATE … IF NOT EXISTS then does nothing.
CREATE UNLOGGED TABLE IF NOT EXISTS "fedify_kv_v2" (
  "key" text[] PRIMARY KEY,
  "value" jsonb NOT NULL,
  "created" timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
  "ttl" interval
);
