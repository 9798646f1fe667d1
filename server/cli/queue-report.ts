import type postgres from "postgres";
import { z } from "zod";

/**
 * Where Fedify keeps its delivery circuit breaker: `createFederation`'s default
 * `kvPrefixes.circuitBreaker` (["_fedify", "circuit"]) followed by the remote host, in the KV table
 * of federation/stores.ts. Fedify creates that table on first use, so it may not exist yet.
 */
const KV_TABLE = "fedify_kv_v2";
const CIRCUIT_PREFIX = ["_fedify", "circuit"];

/** One host's state as Fedify 2.3 stores it; other keys (a version marker) are ignored. */
const CircuitState = z.object({
  state: z.enum(["closed", "open", "half-open"]),
  failures: z.array(z.string()).default([]),
  opened: z.string().optional(),
});

export interface HostTrouble {
  host: string;
  /** closed: still delivering, open: deliveries held back, half-open: one probe is allowed. */
  circuit: "closed" | "open" | "half-open" | undefined;
  /** Recent failed deliveries Fedify counts towards opening the circuit. */
  recentFailures: number;
  lastFailure: Date | undefined;
  /** Deliveries in the queue that already failed at least once, and the most attempts among them. */
  retrying: number;
  maxAttempt: number;
}

/** Messages waiting, by queue (inbox, outbox, fanout) and activity type. */
export async function countByActivity(sql: postgres.Sql) {
  const rows = await sql<{ queue: string | null; activity: string | null; n: number }[]>`
    SELECT message->>'type' AS queue,
           coalesce(message->>'activityType', message->'activity'->>'type') AS activity,
           count(*)::int AS n
    FROM queue_messages GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`;
  // Outbox messages carry the full type IRI (https://www.w3.org/ns/activitystreams#Follow).
  return rows.map((r) => ({
    queue: r.queue ?? "?",
    activity: r.activity?.replace(/^.*#/, "") ?? "?",
    count: r.n,
  }));
}

/** Messages being handled now (leased to a worker), and how long the oldest due one has waited. */
export async function queueTiming(sql: postgres.Sql) {
  const [row] = await sql<{ handling: number; oldest_due_seconds: number | null }[]>`
    SELECT count(*) FILTER (WHERE locked_until > now())::int AS handling,
           extract(epoch FROM now() - min(run_at) FILTER (
             WHERE run_at <= now() AND (locked_until IS NULL OR locked_until < now())))::float8
             AS oldest_due_seconds
    FROM queue_messages`;
  return { handling: row?.handling ?? 0, oldestDueSeconds: row?.oldest_due_seconds ?? undefined };
}

/** Hosts that failed recently: Fedify's circuit breaker state, plus deliveries being retried. */
export async function hostsInTrouble(sql: postgres.Sql): Promise<HostTrouble[]> {
  const hosts = new Map<string, HostTrouble>();
  const entry = (host: string) => {
    const found = hosts.get(host);
    if (found) return found;
    const fresh: HostTrouble = {
      host,
      circuit: undefined,
      recentFailures: 0,
      lastFailure: undefined,
      retrying: 0,
      maxAttempt: 0,
    };
    hosts.set(host, fresh);
    return fresh;
  };
  for (const { key, value } of await circuitRows(sql)) {
    const parsed = CircuitState.safeParse(value);
    const host = key[CIRCUIT_PREFIX.length];
    if (!parsed.success || host == null) continue;
    const times = parsed.data.failures.map((t) => new Date(t)).filter((d) => !Number.isNaN(+d));
    if (parsed.data.state === "closed" && times.length === 0) continue;
    Object.assign(entry(host), {
      circuit: parsed.data.state,
      recentFailures: times.length,
      lastFailure: times.sort((a, b) => +a - +b).at(-1),
    });
  }
  const retries = await sql<{ host: string | null; n: number; max_attempt: number }[]>`
    SELECT substring(message->>'inbox' FROM '^[a-z]+://([^/]+)') AS host, count(*)::int AS n,
           max((message->>'attempt')::int) AS max_attempt
    FROM queue_messages
    WHERE message->>'type' = 'outbox' AND (message->>'attempt')::int > 0
    GROUP BY 1`;
  for (const r of retries)
    if (r.host != null) Object.assign(entry(r.host), { retrying: r.n, maxAttempt: r.max_attempt });
  return [...hosts.values()].sort(
    (a, b) => b.recentFailures - a.recentFailures || b.retrying - a.retrying,
  );
}

async function circuitRows(sql: postgres.Sql) {
  const [table] = await sql<{ exists: boolean }[]>`
    SELECT to_regclass(${KV_TABLE}) IS NOT NULL AS exists`;
  if (!table?.exists) return [];
  // Exactly prefix + host: longer keys under the prefix are Fedify's own bookkeeping.
  return sql<{ key: string[]; value: unknown }[]>`
    SELECT key, value FROM ${sql(KV_TABLE)}
    WHERE key[1:${CIRCUIT_PREFIX.length}::int] = ${sql.array(CIRCUIT_PREFIX)}::text[]
      AND cardinality(key) = ${CIRCUIT_PREFIX.length + 1}::int
      AND (ttl IS NULL OR created + ttl > now())`;
}
