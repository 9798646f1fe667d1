/**
 * Fixed-window counters in this process: enough to stop a runaway script or a password-guessing
 * loop. Several processes each count on their own (documented in the README).
 */
export class RateLimiter {
  readonly #windows = new Map<string, { started: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one attempt; when over the limit, returns the seconds to wait. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
    let window = this.#windows.get(key);
    if (window == null || now - window.started >= this.windowMs) {
      window = { started: now, count: 0 };
      this.#windows.set(key, window);
      if (this.#windows.size > 10_000) this.#sweep(now);
    }
    window.count++;
    if (window.count <= this.limit) return { ok: true };
    return { ok: false, retryAfter: Math.ceil((window.started + this.windowMs - now) / 1000) };
  }

  #sweep(now: number) {
    for (const [key, window] of this.#windows)
      if (now - window.started >= this.windowMs) this.#windows.delete(key);
  }
}

export interface RateLimits {
  /** Writes per caller (token or session) and per client address. */
  writes: RateLimiter;
  /** Sign-in attempts per client address. */
  logins: RateLimiter;
  /** Inbox deliveries per client address and per signing server (federation/inbox-gate.ts). */
  inboxAddresses: RateLimiter;
  inboxHosts: RateLimiter;
}

export function createRateLimits(config: {
  RATE_LIMIT_WRITES: number;
  RATE_LIMIT_LOGINS: number;
  RATE_LIMIT_INBOX_ADDRESS: number;
  RATE_LIMIT_INBOX_HOST: number;
}): RateLimits {
  const window = 5 * 60_000;
  return {
    writes: new RateLimiter(config.RATE_LIMIT_WRITES, window),
    logins: new RateLimiter(config.RATE_LIMIT_LOGINS, window),
    inboxAddresses: new RateLimiter(config.RATE_LIMIT_INBOX_ADDRESS, window),
    inboxHosts: new RateLimiter(config.RATE_LIMIT_INBOX_HOST, window),
  };
}
