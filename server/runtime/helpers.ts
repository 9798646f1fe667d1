/**
 * Helper queue processes: one Node process uses one core for JavaScript, and receiving and
 * delivering activities (JSON-LD, signatures) is mostly JavaScript. A server of ROLE all or
 * worker forks WORKER_PROCESSES copies of its own entry point as queue-only workers; they take
 * messages from the same PostgreSQL queue (`FOR UPDATE SKIP LOCKED`, federation/queue.ts), so
 * each message is handled by one process. The server stops them before its database.
 */

import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism, totalmem } from "node:os";
import { getLogger } from "@logtape/logtape";
import type { Config } from "../config.ts";

const logger = getLogger(["hubnet", "runtime", "helpers"]);

/** Set in a helper's environment to the server's process id; a helper forks nothing. */
export const HELPER_OF = "HUBNET_HELPER_OF";
/** How long a helper may take to stop (it drains its queue for 5 s at most) before it is killed. */
const STOP_GRACE_MS = 8_000;
/** A helper that dies is started again after this long, doubled each time up to a minute. */
const RESTART_MS = 1_000;
/** The exit code of a bad configuration (server/main.ts): starting again would not help. */
const EX_CONFIG = 78;

/** Whether this process is a helper of a server (and so runs the queue only). */
export function isHelper(env: Record<string, string | undefined>): boolean {
  return env[HELPER_OF] != null && env[HELPER_OF] !== "";
}

/** Memory below which `auto` starts no helper: each holds about as much as the server. */
const AUTO_MIN_MEMORY = 2 * 1024 ** 3;

/**
 * How many helpers a server starts: WORKER_PROCESSES, or for `auto` one on a machine of four
 * cores and 2 GB or more, none on a smaller one. On two cores shared with PostgreSQL, a helper
 * took CPU from the process answering requests: follows 23/s without, 18/s with; fan-out 1.45 s
 * without, 1.90 s with; only ingest gained, 37 to 51 posts/s (bench/notes.md). With four cores
 * it has one of its own; below 2 GB its memory (about the server's) is too much. A web process
 * runs no queue, so it starts none.
 */
export function helperCount(
  config: Pick<Config, "ROLE" | "WORKER_PROCESSES">,
  machine = { cores: availableParallelism(), memory: totalmem() },
): number {
  if (config.ROLE === "web") return 0;
  if (config.WORKER_PROCESSES !== "auto") return config.WORKER_PROCESSES;
  return machine.cores >= 4 && machine.memory >= AUTO_MIN_MEMORY ? 1 : 0;
}

export interface Helpers {
  /** Resolves once every helper has started (or failed to); a server may serve before. */
  ready: Promise<void>;
  /** Process ids of the helpers running now. */
  pids(): number[];
  /** Stops every helper (SIGTERM, then SIGKILL after a grace period) and waits for them. */
  stop(): Promise<void>;
}

export interface HelperOptions {
  /** The entry point to fork (the server's own, so helpers are configured as it is). */
  script: string;
  /** What helpers need besides this process's environment, e.g. the embedded database's URL. */
  env: Record<string, string>;
}

/** Forks `count` helpers running the queue only; one that dies is started again. */
export function startHelpers(count: number, options: HelperOptions): Helpers {
  let stopping = false;
  const running = new Map<number, { child: ChildProcess; exited: Promise<void> }>();
  const timers = new Set<NodeJS.Timeout>();
  const firstStarts: Promise<void>[] = [];

  const start = (slot: number, delay: number) => {
    const child = fork(options.script, [], {
      env: {
        ...process.env,
        ...options.env,
        ROLE: "worker",
        WORKER_PROCESSES: "0",
        [HELPER_OF]: String(process.pid),
      },
      // The same flags (e.g. tsx's loader, memory settings) as this process.
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const startedAt = Date.now();
    const exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        running.delete(slot);
        resolve();
        if (stopping) return;
        if (code === EX_CONFIG) {
          logger.error("Queue helper {pid} cannot start: its configuration is refused", {
            pid: child.pid,
          });
          return;
        }
        // A helper that lived a while starts again at once; one that keeps dying, ever later.
        const next = Date.now() - startedAt > 60_000 ? RESTART_MS : Math.min(delay * 2, 60_000);
        logger.warning("Queue helper {pid} stopped ({reason}); another starts in {seconds} s", {
          pid: child.pid,
          reason: signal ?? `exit code ${code}`,
          seconds: next / 1000,
        });
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!stopping) start(slot, next);
        }, next);
        timers.add(timer);
      }),
    );
    running.set(slot, { child, exited });
    firstStarts.push(
      Promise.race([
        new Promise<void>((resolve) => child.once("message", () => resolve())),
        exited,
      ]),
    );
  };
  for (let slot = 1; slot <= count; slot++) start(slot, RESTART_MS / 2);

  return {
    ready: Promise.all(firstStarts.slice(0, count)).then(() => {}),
    pids: () => [...running.values()].flatMap(({ child }) => (child.pid ? [child.pid] : [])),
    stop: async () => {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(
        [...running.values()].map(async ({ child, exited }) => {
          if (child.exitCode == null && child.signalCode == null) child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

/**
 * In a helper, once it runs: tells its server so, and stops when the server goes away without
 * stopping it (killed), so no helper is left running on its own.
 */
export function helperStarted(stop: () => void): void {
  process.send?.("ready");
  process.once("disconnect", stop);
}
