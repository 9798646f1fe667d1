import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresWorkQueue } from "../federation/queue.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/database.ts";
import { eventually } from "./helpers/federation-harness.ts";
import { type RunningScript, startScript } from "./helpers/spawn.ts";

/**
 * The queue shared by separate processes, as WORKER_PROCESSES runs it, and a server with helper
 * processes stopping cleanly. Real processes; nothing here measures time.
 */
let database: TestDatabase;
const started: RunningScript[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const script of started) if (script.child.exitCode == null) script.child.kill("SIGKILL");
  await database.drop();
});

function start(script: string, env: Record<string, string>) {
  const running = startScript(script, env);
  started.push(running);
  return running;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the work queue across processes", () => {
  it("two processes consume one queue and handle every message once", {
    timeout: 240_000,
  }, async () => {
    await database.sql`CREATE TABLE handled (n int NOT NULL, pid int NOT NULL)`;
    const env = { QUEUE_DATABASE_URL: database.url };
    const consumers = [
      start("tests/helpers/queue-consumer.ts", env),
      start("tests/helpers/queue-consumer.ts", env),
    ];
    await Promise.all(consumers.map((c) => c.waitFor(/QUEUE_CONSUMER_READY/, 180_000)));
    const queue = new PostgresWorkQueue(database.sql, { channel: "processes" });
    // Some at once, as a fan-out enqueues them, and some one by one.
    await queue.enqueueMany(Array.from({ length: 250 }, (_, n) => ({ n })));
    for (let n = 250; n < 300; n++) await queue.enqueue({ n });
    await eventually(
      async () => {
        const [row] = await database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM handled`;
        expect(row?.n).toBeGreaterThanOrEqual(300);
      },
      { timeout: 120_000 },
    );
    await sleep(500);
    const rows = await database.sql<{ n: number; pid: number }[]>`SELECT n, pid FROM handled`;
    expect(rows.map((r) => r.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, n) => n),
    );
    expect(new Set(rows.map((r) => r.pid))).toEqual(
      new Set(consumers.map((c) => c.child.pid as number)),
    );
    const [left] = await database.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM queue_messages WHERE channel = 'processes'`;
    expect(left?.n).toBe(0);
    for (const consumer of consumers) consumer.child.kill("SIGTERM");
    for (const consumer of consumers) expect((await consumer.exited).code).toBe(0);
  });
});

describe("a server with helper queue processes", () => {
  const serve = async () => {
    const server = start("server/main.ts", {
      DATABASE_URL: database.url,
      PORT: String(await freePort()),
      LOG_LEVEL: "info",
      WORKER_PROCESSES: "2",
    });
    const [, pids = ""] = await server.waitFor(
      /2 queue helper process\(es\) run beside it: '?([\d, ]+)/,
      240_000,
    );
    const helpers = pids.split(",").map((pid) => Number(pid.trim()));
    expect(helpers.every(alive)).toBe(true);
    return { server, helpers };
  };

  it("stops them with itself on SIGTERM, and on Ctrl-C to the whole group", {
    timeout: 600_000,
  }, async () => {
    // A service manager signals the server alone…
    const first = await serve();
    first.server.child.kill("SIGTERM");
    expect(await first.server.exited).toEqual({ code: 0, signal: null });
    expect(first.server.output()).toMatch(/Stopped\./);
    expect(first.helpers.some(alive)).toBe(false);

    // …a terminal signals every process of the group at once.
    const second = await serve();
    process.kill(-(second.server.child.pid as number), "SIGINT");
    expect(await second.server.exited).toEqual({ code: 0, signal: null });
    expect(second.server.output()).not.toMatch(/Stopping at once/);
    expect(second.helpers.some(alive)).toBe(false);
  });

  it("starts a helper again when it dies, and a helper outlives no server", {
    timeout: 600_000,
  }, async () => {
    const { server, helpers } = await serve();
    const [dead = 0, other = 0] = helpers;
    process.kill(dead, "SIGKILL");
    await server.waitFor(new RegExp(`Queue helper ${dead} stopped .*another starts`), 60_000);
    const [, again = "0"] = await server.waitFor(
      new RegExp(`Queue helper (?!${dead}\\b|${other}\\b)(\\d+) runs`),
      240_000,
    );
    expect(alive(Number(again))).toBe(true);
    // A server killed outright leaves no helper running on its own.
    server.child.kill("SIGKILL");
    await server.exited;
    await eventually(() => expect([other, Number(again)].some(alive)).toBe(false), {
      timeout: 30_000,
    });
  });
});
