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
    // Fedify enqueues a delivery per inbox, one call each, all in the same tick: they are
    // gathered here and written in one statement (and one NOTIFY) instead of one each.
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    if (this.#pending.length === 0) queueMicrotask(() => this.#flushPending());
    this.#pending.push({ message, options, resolve, reject });
    return promise;
  }

  async enqueueMany(
    messages: readonly unknown[],
    options?: MessageQueueEnqueueOptions,
  ): Promise<void> {
    await this.#insert(messages.map((message) => ({ message, options })));
  }

  #pending: {
    message: unknown;
    options: MessageQueueEnqueueOptions | undefined;
    resolve(): void;
    reject(error: unknown): void;
  }[] = [];

  #flushPending(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#insert(batch).then(
      () => {
        for (const entry of batch) entry.resolve();
      },
      (error) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }

  async #insert(
    entries: readonly { message: unknown; options: MessageQueueEnqueueOptions | undefined }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ message, options }) => ({
      message: JSON.stringify(message),
      ordering_key: options?.orderingKey ?? null,
      delay: Math.max(0, options?.delay?.total("millisecond") ?? 0),
    }));
    const sql = this.#sql;
    // The NOTIFY in the same statement: one round trip, and it is sent when the rows commit.
    await sql`
      WITH added AS (
        INSERT INTO queue_messages (channel, message, ordering_key, run_at)
        SELECT ${this.#options.channel}, m.message::jsonb, m.ordering_key,
               now() + m.delay * interval '1 millisecond'
        FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS m(message text, ordering_key text, delay double precision)
        RETURNING 1)
      SELECT pg_notify(${this.#notices}, '')
      WHERE ${rows.some((row) => row.delay === 0)} AND EXISTS (SELECT 1 FROM added)`;
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

  /**
   * One loop per listening process takes as many due messages as it has free workers in one
   * statement, runs them concurrently, and removes the handled ones in one statement per round;
   * so a busy queue costs two round trips per batch rather than two per message.
   */
  async listen(
    handler: (message: unknown) => Promise<void> | void,
    options: MessageQueueListenOptions = {},
  ) {
    const { signal } = options;
    // Woken by NOTIFY, by a worker that finished, or by stopping; a wake-up that comes while the
    // loop is busy is kept, so the next rest ends at once.
    let woken = false;
    let endRest = () => {};
    const wake = () => {
      woken = true;
      endRest();
    };
    const rest = (ms: number) =>
      new Promise<void>((resolve) => {
        if (woken) {
          woken = false;
          return resolve();
        }
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          endRest = () => {};
          woken = false;
          resolve();
        }
        endRest = done;
      });
    const listening = await this.#sql.listen(this.#notices, () => wake());
    const outage = outageReporter(logger, `The ${this.#options.channel} queue`);
    signal?.addEventListener("abort", () => wake(), { once: true });
    const running = new Set<Promise<void>>();
    let handled: number[] = [];
    const removeHandled = async () => {
      if (handled.length === 0) return;
      const ids = handled;
      handled = [];
      await this.#sql`DELETE FROM queue_messages WHERE id = ANY(${ids}::bigint[])`.catch(
        (error) => {
          if (!outage(error)) logger.error("Could not remove handled messages: {error}", { error });
        },
      );
    };
    const run = (job: { id: number; message: unknown }) => {
      const task = (async () => {
        try {
          await handler(job.message);
        } catch (error) {
          if (!outage(error)) logger.error("A queued message failed: {error}", { error });
        }
        handled.push(job.id);
      })().finally(() => {
        running.delete(task);
        // A free worker, and a message to remove: the loop goes round again.
        wake();
      });
      running.add(task);
    };
    const loop = async () => {
      while (!signal?.aborted) {
        woken = false;
        await removeHandled();
        const free = this.#options.workers - running.size;
        if (free <= 0) {
          await rest(this.#options.pollMilliseconds);
          continue;
        }
        const jobs = await this.#claim(free).catch((error) => {
          if (!signal?.aborted && !outage(error))
            logger.error("Could not take messages: {error}", { error });
          return [];
        });
        for (const job of jobs) run(job);
        if (jobs.length === 0) await rest(this.#options.pollMilliseconds);
      }
    };
    const looping = loop();
    const finish = async () => {
      await looping;
      // Finish what is being handled; what does not finish in time is left to its lease.
      await Promise.race([
        Promise.all(running),
        new Promise((resolve) => setTimeout(resolve, this.#options.drainMilliseconds)),
      ]);
      await removeHandled();
      await listening.unlisten().catch(() => {});
    };
    if (signal == null) return looping;
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    await finish();
  }

  /**
   * Leases up to `limit` of the oldest due messages, at most one per ordering key and none whose
   * key has a message in progress or an older one waiting.
   */
  async #claim(limit: number): Promise<{ id: number; message: unknown }[]> {
    const lease = this.#options.leaseSeconds;
    const rows = await this.#sql<{ id: string; message: unknown }[]>`
      UPDATE queue_messages SET locked_until = now() + ${lease} * interval '1 second'
      WHERE id IN (
        SELECT q.id FROM queue_messages q
        WHERE q.channel = ${this.#options.channel} AND q.run_at <= now()
          AND (q.locked_until IS NULL OR q.locked_until < now())
          AND (q.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM queue_messages o
            WHERE o.ordering_key = q.ordering_key AND o.id <> q.id
              AND (o.locked_until > now() OR o.id < q.id)))
        ORDER BY q.run_at, q.id
        FOR UPDATE SKIP LOCKED
        LIMIT ${limit})
      RETURNING id, message`;
    return rows
      .map((row) => ({ id: Number(row.id), message: row.message }))
      .sort((a, b) => a.id - b.id);
  }
}
