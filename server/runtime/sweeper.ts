import type { Context } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { closeDueProposals } from "../../federation/actions/close-proposals.ts";
import type { Deps } from "../deps.ts";

const logger = getLogger(["hubnet", "runtime", "sweeper"]);

/** How often due work is looked for; a proposal closes at most this long after its end time. */
const INTERVAL_MS = 5_000;

/**
 * Work that falls due by the clock rather than by a request: proposals whose voting time is up
 * are closed and their results published. Runs in worker processes (and ROLE=all).
 */
export function startSweeper(ctx: Context<Deps>): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => closeDueProposals(ctx))
      .catch((error) => logger.error("Closing due proposals failed: {error}", { error }));
  }, INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
