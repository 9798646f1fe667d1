/**
 * How cache misses of federation documents are built under load (issue 15): concurrent misses of
 * one document build it once, the others awaiting that build (single flight), and no more than a
 * few different documents are built at once, so a cold cache under load degrades into short
 * waits, and past a bound into 503 with Retry-After, rather than into every request building
 * every document at once and all of them timing out together.
 */
import type { CachedDocument } from "./document-cache.ts";

export interface BuildGateOptions {
  /** Documents built at once; each build holds a database connection or two. */
  concurrent?: number;
  /** How long a request waits for a build slot, or for another request's build, before a 503. */
  waitMs?: number;
  /** Requests waiting for a slot at most; past it a request gets 503 at once. */
  queued?: number;
}

/** What a miss may do: build the document itself (then `done`), or what another build gave. */
export type Turn =
  | { kind: "build"; done: (stored: CachedDocument | undefined) => void }
  | { kind: "shared"; document: CachedDocument }
  /** The other build kept nothing (not public, or changed meanwhile): build it yourself. */
  | { kind: "alone"; release: () => void }
  | { kind: "busy"; retryAfterSeconds: number };

export class BuildGate {
  readonly #flights = new Map<string, Promise<CachedDocument | undefined | typeof BUSY>>();
  readonly #waiting: (() => void)[] = [];
  readonly #options: Required<BuildGateOptions>;
  #running = 0;

  constructor(options: BuildGateOptions = {}) {
    this.#options = {
      concurrent: options.concurrent ?? 8,
      waitMs: options.waitMs ?? 5_000,
      queued: options.queued ?? 1_000,
    };
  }

  /** Asks for the right to build the document of `key`; see Turn. Waits `waitMs` at most. */
  async enter(key: string): Promise<Turn> {
    const deadline = Date.now() + this.#options.waitMs;
    const flight = this.#flights.get(key);
    if (flight != null) {
      const document = await withTimeout(flight, this.#options.waitMs);
      if (document === TIMEOUT || document === BUSY) return this.#busy();
      if (document != null) return { kind: "shared", document };
      const slot = await this.#slot(deadline - Date.now());
      return slot ? { kind: "alone", release: slot } : this.#busy();
    }
    let settle = (_: CachedDocument | undefined | typeof BUSY) => {};
    const built = new Promise<CachedDocument | undefined | typeof BUSY>((resolve) => {
      settle = resolve;
    });
    this.#flights.set(key, built);
    const slot = await this.#slot(this.#options.waitMs);
    if (slot == null) {
      this.#flights.delete(key);
      settle(BUSY);
      return this.#busy();
    }
    return {
      kind: "build",
      done: (stored) => {
        if (this.#flights.get(key) === built) this.#flights.delete(key);
        settle(stored);
        slot();
      },
    };
  }

  /** Documents being built now. */
  get running(): number {
    return this.#running;
  }

  #busy(): Turn {
    return { kind: "busy", retryAfterSeconds: Math.max(1, Math.ceil(this.#options.waitMs / 1000)) };
  }

  /** A build slot (the function that gives it back), or undefined when none came free in time. */
  async #slot(ms: number): Promise<(() => void) | undefined> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      // Handed straight to the next in line, so nobody overtakes those already waiting.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
    if (this.#running < this.#options.concurrent) {
      this.#running++;
      return release;
    }
    if (ms <= 0 || this.#waiting.length >= this.#options.queued) return undefined;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.#waiting.push(wake);
    if ((await withTimeout(woken, ms)) === TIMEOUT) {
      const at = this.#waiting.indexOf(wake);
      if (at >= 0) {
        this.#waiting.splice(at, 1);
        return undefined;
      }
      // Handed a slot at the very moment the wait ran out: it is ours all the same.
    }
    return release;
  }
}

const TIMEOUT = Symbol("timeout");
const BUSY = Symbol("busy");

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
