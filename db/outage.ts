import type { Logger } from "@logtape/logtape";

/** Errors that say the database cannot be reached right now, rather than that a query is wrong. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
]);

export function isConnectionError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e != null; ) {
    if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * While the database is down every worker fails on every poll; one warning line (no stack trace)
 * says so, then nothing more for a minute. Returns whether `error` was such an outage.
 */
export function outageReporter(logger: Logger, what: string, quietMs = 60_000) {
  let lastReported = 0;
  return (error: unknown): boolean => {
    if (!isConnectionError(error)) return false;
    if (Date.now() - lastReported > quietMs) {
      lastReported = Date.now();
      logger.warning("{what}: the database cannot be reached ({message}); retrying", {
        what,
        message: (error as Error).message,
      });
    }
    return true;
  };
}
