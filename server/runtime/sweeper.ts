import type { Context } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { outageReporter } from "../../db/outage.ts";
import { closeDueProposals } from "../../federation/actions/close-proposals.ts";
import { HubnetKvStore } from "../../federation/stores.ts";
import type { Deps } from "../deps.ts";

const logger = getLogger(["hubnet", "runtime", "sweeper"]);

/** How often due work is looked for; a proposal closes at most this long after its end time. */
const INTERVAL_MS = 5_000;
/** Expired key-value entries are cleared every this many ticks (a minute). */
const KV_EVERY = 12;

/**
 * Work that falls due by the clock rather than by a request: proposals whose voting time is up
 * are closed and their results published, and expired key-value entries cleared. Runs in worker
 * processes (and ROLE=all).
 */
export function startSweeper(ctx: Context<Deps>): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const kv = new HubnetKvStore(ctx.data.sql);
  let ticks = 0;
  const outage = outageReporter(logger, "The sweeper");
  const timer = setInterval(() => {
    running = running
      .then(() => closeDueProposals(ctx))
      .catch((error) => {
        if (!outage(error)) logger.error("Closing due proposals failed: {error}", { error });
      });
    // Fedify's cached documents, idempotency marks and the like, once they have expired.
    if (++ticks % KV_EVERY === 0)
      running = running
        .then(() => kv.expire())
        .catch((error) => {
          if (!outage(error)) logger.error("Expiring key-value entries failed: {error}", { error });
        });
  }, INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
