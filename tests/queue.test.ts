import { Temporal } from "@js-temporal/polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresWorkQueue } from "../federation/queue.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { eventually } from "./helpers/federation-harness.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Runs a listener until `stop` is called; what it handled is in `handled`. */
function listen(
  queue: PostgresWorkQueue,
  handle: (message: { n: number }) => Promise<void> | void = () => {},
) {
  const handled: number[] = [];
  const controller = new AbortController();
  const done = queue.listen(
    async (message) => {
      await handle(message as { n: number });
      handled.push((message as { n: number }).n);
    },
    { signal: controller.signal },
  );
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { handled, stop };
}

const depth = async () =>
  (await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM queue_messages`)[0]?.n;

describe("the work queue", () => {
  it("hands each message to one of several listeners, once", async () => {
    const queue = new PostgresWorkQueue(database.sql, { workers: 3 });
    const [a, b] = [listen(queue), listen(new PostgresWorkQueue(database.sql, { workers: 3 }))];
    await queue.enqueueMany(Array.from({ length: 40 }, (_, n) => ({ n })));
    await eventually(() => expect(a.handled.length + b.handled.length).toBe(40));
    await Promise.all([a.stop(), b.stop()]);
    expect([...a.handled, ...b.handled].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, n) => n),
    );
    expect(await depth()).toBe(0);
  });

  it("keeps queues apart: an inbox listener never takes outbox messages, and neither waits on the other", async () => {
    const inbox = new PostgresWorkQueue(database.sql, { channel: "inbox", workers: 2 });
    const outbox = new PostgresWorkQueue(database.sql, { channel: "outbox", workers: 2 });
    // A backlog of outbox messages, with nobody handling the outbox yet…
    await outbox.enqueueMany(Array.from({ length: 30 }, (_, n) => ({ n: 1000 + n })));
    const inboxWorker = listen(inbox);
    await inbox.enqueueMany(Array.from({ length: 5 }, (_, n) => ({ n })));
    // …does not hold up the inbox.
    await eventually(() =>
      expect(inboxWorker.handled.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4]),
    );
    expect((await outbox.getDepth()).queued).toBe(30);
    const outboxWorker = listen(outbox);
    await eventually(() => expect(outboxWorker.handled.length).toBe(30));
    await Promise.all([inboxWorker.stop(), outboxWorker.stop()]);
    expect(inboxWorker.handled.every((n) => n < 1000)).toBe(true);
  });

  it("keeps a delayed message until it is due", async () => {
    const queue = new PostgresWorkQueue(database.sql, { pollMilliseconds: 50 });
    const listener = listen(queue);
    const sent = Date.now();
    await queue.enqueue(
      { n: 1 },
      {
        delay: Temporal.Duration.from({
          milliseconds: 700,
        }) as unknown as globalThis.Temporal.Duration,
      },
    );
    expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
    await eventually(() => expect(listener.handled).toEqual([1]));
    expect(Date.now() - sent).toBeGreaterThanOrEqual(700);
    await listener.stop();
  });

  it("handles messages with the same ordering key one after another, in order", async () => {
    const queue = new PostgresWorkQueue(database.sql, { workers: 4 });
    let running = 0;
    let overlapped = false;
    const listener = listen(queue, async () => {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
    });
    for (const n of [1, 2, 3, 4, 5])
      await queue.enqueue({ n }, { orderingKey: "https://a.test/post/1" });
    await eventually(() => expect(listener.handled).toEqual([1, 2, 3, 4, 5]));
    expect(overlapped).toBe(false);
    await listener.stop();
  });

  it("keeps each message's own ordering key and delay when many are enqueued at once", async () => {
    const queue = new PostgresWorkQueue(database.sql, { workers: 4, pollMilliseconds: 50 });
    const later = Temporal.Duration.from({
      milliseconds: 600,
    }) as unknown as globalThis.Temporal.Duration;
    // As Fedify enqueues a delivery per inbox: one call each, in the same tick.
    await Promise.all([
      ...[1, 2, 3].map((n) => queue.enqueue({ n }, { orderingKey: "https://a.test/post/2" })),
      queue.enqueue({ n: 4 }, { orderingKey: "https://b.test/post/2" }),
      queue.enqueue({ n: 5 }, { delay: later }),
    ]);
    expect(await queue.getDepth()).toEqual({ queued: 5, ready: 4, delayed: 1 });
    const listener = listen(queue, () => new Promise((resolve) => setTimeout(resolve, 20)));
    await eventually(() => expect(listener.handled.length).toBe(4));
    expect(listener.handled.filter((n) => n <= 3)).toEqual([1, 2, 3]);
    expect(listener.handled).not.toContain(5);
    await eventually(() => expect(listener.handled).toContain(5));
    await listener.stop();
    expect(await depth()).toBe(0);
  });

  it("finishes the message being handled when stopped", async () => {
    const queue = new PostgresWorkQueue(database.sql, { workers: 1 });
    let release = () => {};
    let started = () => {};
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const listener = listen(queue, () => {
      started();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await queue.enqueue({ n: 7 });
    await isStarted;
    const stopped = listener.stop();
    release();
    await stopped;
    expect(listener.handled).toEqual([7]);
    expect(await depth()).toBe(0);
  });

  it("gives a message whose worker died to another once its lease ends", async () => {
    // A worker that takes the message and never finishes, as a killed process would.
    const dying = new PostgresWorkQueue(database.sql, { leaseSeconds: 1, drainMilliseconds: 0 });
    let taken = () => {};
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const dead = listen(dying, () => {
      taken();
      return new Promise<void>(() => {});
    });
    await dying.enqueue({ n: 9 });
    await isTaken;
    await dead.stop();
    const survivor = listen(new PostgresWorkQueue(database.sql, { pollMilliseconds: 100 }));
    await eventually(() => expect(survivor.handled).toEqual([9]));
    await survivor.stop();
  });
});
