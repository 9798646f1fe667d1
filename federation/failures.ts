/**
 * Whether a failure while handling something remote is worth trying again. Transient ones
 * (the network, a timeout, a server error, the database briefly away) are retried by the queue
 * with back-off; permanent ones (404, 410, a document that is not what it claims, hostile
 * input) never get better and are dropped once, with one line in the log.
 */
import { FetchError, UrlError } from "@fedify/fedify";
import { DocumentLimitError } from "./document-loaders.ts";
import { DocumentTooLargeError } from "./remote-fetch.ts";

export type Failure = "transient" | "permanent" | "unknown";

/** Connection and resource errors of PostgreSQL (classes 08, 40, 53, 57) and of postgres.js. */
const TRANSIENT_SQL = /^(08|40|53|57)/;
const TRANSIENT_SOCKET =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|CONNECT_TIMEOUT|CONNECTION_(CLOSED|ENDED|DESTROYED))$/;

export function classifyFailure(error: unknown): Failure {
  if (!(error instanceof Error)) return "unknown";
  if (error instanceof DocumentTooLargeError || error instanceof DocumentLimitError)
    return "permanent";
  if (error instanceof UrlError) return "permanent";
  if (error instanceof FetchError) {
    const status = error.response?.status;
    if (status == null) return "permanent"; // redirect loops and the like
    return status >= 500 || status === 408 || status === 429 ? "transient" : "permanent";
  }
  if (error.name === "TimeoutError" || error.name === "AbortError") return "transient";
  // undici: `TypeError: fetch failed`, the socket's error as its cause.
  if (error instanceof TypeError && error.message === "fetch failed") return "transient";
  const code = (error as { code?: unknown }).code;
  // The refusal trigger (migration 0015): a write naming a blocked actor, never to be retried.
  if (code === "HN403") return "permanent";
  if (typeof code === "string" && (TRANSIENT_SQL.test(code) || TRANSIENT_SOCKET.test(code)))
    return "transient";
  if (typeof code === "string" && /^(22|23)/.test(code)) return "permanent";
  // What parsing hostile input throws: JSON, Temporal, JSON-LD and vocabulary errors.
  if (error instanceof SyntaxError || error instanceof RangeError) return "permanent";
  if (error.name.startsWith("jsonld.") || error instanceof TypeError) {
    const cause = error.cause ?? (error as { details?: { cause?: unknown } }).details?.cause;
    return cause == null ? "permanent" : classifyFailure(cause);
  }
  return error.cause == null ? "unknown" : classifyFailure(error.cause);
}

/**
 * A transient failure, re-thrown for the queue to retry: one line in the log (what failed and
 * why), not a stack trace per attempt.
 */
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(readonly failure: Error) {
    super(`${failure.name}: ${failure.message}`, { cause: failure });
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** One line saying what went wrong, for warnings about permanent failures. */
export const describeFailure = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
