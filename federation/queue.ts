import type {
  MessageQueue,
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type postgres from "postgres";
import { outageReporter } from "../db/outage.ts";

const logger = getLogger(["hubnet", "queue"]);

/** Fedify's three queues, each a channel of the one table. */
export const QUEUE_CHANNELS = ["inbox", "outbox", "fanout"] as const;

export interface QueueOptions {
  /** Which queue this is, when several share the table (Fedify's inbox, outbox and fanout). */
  channel?: string;
  /** Messages handled at once by one listening process. */
  workers?: number;
  /** How long a message stays leased to a worker; a worker that dies lets it go after this. */
  leaseSeconds?: number;
  /** How often idle workers look for delayed messages that have come due. */
  pollMilliseconds?: number;
  /** How long stopping waits for messages being handled before it leaves them to their lease. */
  drainMilliseconds?: number;
}

/**
 * Fedify's queue in the instance's PostgreSQL: at least once (a message is deleted only after
 * it was handled), shared by any number of processes (`FOR UPDATE SKIP LOCKED`), woken by
 * NOTIFY, and stopped gracefully (messages being handled are finished).
 */
export class PostgresWorkQueue implements MessageQueue {
  readonly #sql: postgres.Sql;
  readonly #options: Required<QueueOptions>;
  /** The NOTIFY channel that wakes this queue's workers. */
  readonly #notices: string;

  constructor(sql: postgres.Sql, options: QueueOptions = {}) {
    this.#sql = sql;
    this.#notices = `hubnet_queue_${options.channel ?? "work"}`;
    this.#options = {
      channel: "work",
      workers: 4,
      leaseSeconds: 300,
      pollMilliseconds: 1000,
      drainMilliseconds: 5_000,
      ...options,
    };
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(
    messages: readonly unknown[],
    options?: MessageQueueEnqueueOptions,
  ): Promise<void> {
    if (messages.length === 0) return;
    const delay = Math.max(0, options?.delay?.total("millisecond") ?? 0);
    const rows = messages.map((message) => ({
      message: JSON.stringify(message),
      ordering_key: options?.orderingKey ?? null,
    }));
    const sql = this.#sql;
    await sql`
      INSERT INTO queue_messages (channel, message, ordering_key, run_at)
      SELECT ${this.#options.channel}, m.message::jsonb, m.ordering_key,
             now() + ${delay} * interval '1 millisecond'
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS m(message text, ordering_key text)`;
    if (delay === 0) await sql`SELECT pg_notify(${this.#notices}, '')`;
  }

  async getDepth(): Promise<MessageQueueDepth> {
    const [row] = await this.#sql<{ queued: string; ready: string }[]>`
      SELECT count(*) AS queued, count(*) FILTER (WHERE run_at <= now()) AS ready
      FROM queue_messages
      WHERE channel = ${this.#options.channel} AND (locked_until IS NULL OR locked_until < now())`;
    const queued = Number(row?.queued ?? 0);
    const ready = Number(row?.ready ?? 0);
    return { queued, ready, delayed: queued - ready };
  }

  async listen(
    handler: (message: unknown) => Promise<void> | void,
    options: MessageQueueListenOptions = {},
  ) {
    const { signal } = options;
    const sleepers = new Set<() => void>();
    const wakeAll = () => {
      for (const wake of sleepers) wake();
    };
    const listening = await this.#sql.listen(this.#notices, wakeAll);
    const outage = outageReporter(logger, `The ${this.#options.channel} queue`);
    signal?.addEventListener("abort", wakeAll, { once: true });
    const sleep = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#options.pollMilliseconds);
        function done() {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        }
        sleepers.add(done);
      });
    const worker = async () => {
      while (!signal?.aborted) {
        const job = await this.#claim().catch((error) => {
          if (!signal?.aborted && !outage(error))
            logger.error("Could not take a message: {error}", { error });
          return undefined;
        });
        if (job == null) {
          await sleep();
          continue;
        }
        try {
          await handler(job.message);
        } catch (error) {
          if (!outage(error)) logger.error("A queued message failed: {error}", { error });
        }
        await this.#sql`DELETE FROM queue_messages WHERE id = ${job.id}`.catch((error) => {
          if (!outage(error))
            logger.error("Could not remove a handled message: {error}", { error });
        });
      }
    };
    const workers = Promise.all(Array.from({ length: this.#options.workers }, worker));
    if (signal == null) return workers.then(() => {});
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    // Finish what is being handled; what does not finish in time is left to its lease.
    await Promise.race([
      workers,
      new Promise((resolve) => setTimeout(resolve, this.#options.drainMilliseconds)),
    ]);
    await listening.unlisten().catch(() => {});
  }

  /** Leases the oldest due message whose ordering key has no message in progress. */
  async #claim(): Promise<{ id: number; message: unknown } | undefined> {
    const lease = this.#options.leaseSeconds;
    const [row] = await this.#sql<{ id: string; message: unknown }[]>`
      UPDATE queue_messages SET locked_until = now() + ${lease} * interval '1 second'
      WHERE id = (
        SELECT q.id FROM queue_messages q
        WHERE q.channel = ${this.#options.channel} AND q.run_at <= now()
          AND (q.locked_until IS NULL OR q.locked_until < now())
          AND (q.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM queue_messages o
            WHERE o.ordering_key = q.ordering_key AND o.id <> q.id
              AND (o.locked_until > now() OR o.id < q.id)))
        ORDER BY q.run_at, q.id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING id, message`;
    return row ? { id: Number(row.id), message: row.message } : undefined;
  }
}
