/**
 * Fedify's three queues (inbox, outbox, fan-out), in PostgreSQL by default or in Redis when
 * QUEUE=redis. Each is separate, so a burst of one kind of work never waits behind another.
 */
import type { FederationQueueOptions, MessageQueue } from "@fedify/fedify";
import { RedisMessageQueue } from "@fedify/redis";
import { Redis } from "ioredis";
import type { Deps } from "../server/deps.ts";
import { GuardedOutbox } from "./delivery-guard.ts";
import { policyGuard } from "./policy-guard.ts";
import { PostgresWorkQueue, QUEUE_CHANNELS } from "./queue.ts";

export interface Queues {
  queue: FederationQueueOptions;
  /** Closes what the queues opened (Redis connections); the database belongs to the caller. */
  close(): void;
}

export function createQueues(deps: Deps): Queues {
  const { config } = deps;
  const guard = policyGuard(deps);
  const refuses = (inbox: URL) => guard.refusesUrl(inbox);
  if (config.QUEUE === "redis" && config.REDIS_URL) {
    const url = config.REDIS_URL;
    // Keys carry the instance's host, so several instances can share one Redis.
    const prefix = `hubnet:${new URL(config.ORIGIN).host}`;
    const opened: RedisMessageQueue[] = [];
    const redisQueue = (channel: string) => {
      const queue = new RedisMessageQueue(() => new Redis(url, { maxRetriesPerRequest: null }), {
        queueKey: `${prefix}:${channel}:queue`,
        lockKey: `${prefix}:${channel}:lock`,
        channelKey: `${prefix}:${channel}:channel`,
        pollInterval: { seconds: 1 },
      });
      opened.push(queue);
      return queue;
    };
    const [inbox, outbox, fanout] = QUEUE_CHANNELS.map(redisQueue);
    return {
      queue: {
        inbox,
        outbox:
          outbox &&
          new GuardedOutbox(outbox as unknown as MessageQueue, deps.allowPrivateAddress, refuses),
        fanout,
      } as FederationQueueOptions,
      close: () => {
        for (const queue of opened) queue[Symbol.dispose]();
      },
    };
  }
  return {
    queue: {
      inbox: new PostgresWorkQueue(deps.sql, { channel: "inbox", workers: config.QUEUE_WORKERS }),
      // Every delivery's inbox is checked just before it is sent (federation/delivery-guard.ts).
      outbox: new GuardedOutbox(
        new PostgresWorkQueue(deps.sql, { channel: "outbox", workers: config.QUEUE_WORKERS }),
        deps.allowPrivateAddress,
        refuses,
      ),
      fanout: new PostgresWorkQueue(deps.sql, { channel: "fanout", workers: 1 }),
    },
    close: () => {},
  };
}
