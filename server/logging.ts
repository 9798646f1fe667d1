import { AsyncLocalStorage } from "node:async_hooks";
import {
  configure,
  getConsoleSink,
  type LogLevel,
  type LogRecord,
  type Sink,
} from "@logtape/logtape";
import type { Config } from "./config.ts";

const ORDER: LogLevel[] = ["trace", "debug", "info", "warning", "error", "fatal"];

/** Hubnet logs at LOG_LEVEL; Fedify's own chatter only from warnings up unless debugging. */
export async function configureLogging(level: Config["LOG_LEVEL"]): Promise<void> {
  const fedifyLevel = ORDER.indexOf(level) < ORDER.indexOf("info") ? level : "warning";
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: redacting(quietParseFailures(withoutProofNotices(getConsoleSink()))) },
    loggers: [
      { category: "hubnet", lowestLevel: level, sinks: ["console"] },
      { category: "fedify", lowestLevel: fedifyLevel, sinks: ["console"] },
      // Fedify logs the status of every response it passes through, web pages included: a 503
      // from /readyz or a 404 would read as errors. Hubnet logs its own failures (app.onError).
      {
        category: ["fedify", "federation", "http"],
        lowestLevel: fedifyLevel === "warning" ? "fatal" : fedifyLevel,
        sinks: ["console"],
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}

/**
 * Fedify reports an activity it cannot parse (broken or hostile input, answered 400) as an error
 * with the whole document and a stack trace; such input is the sender's problem, not this
 * server's, and gets one warning line naming what was wrong.
 */
export function quietParseFailures(sink: Sink): Sink {
  return (record) => {
    const { category, level, rawMessage, properties } = record;
    const isParseFailure =
      category[0] === "fedify" &&
      level === "error" &&
      typeof rawMessage === "string" &&
      rawMessage.startsWith("Failed to parse");
    if (!isParseFailure) return sink(record);
    const error = properties.error;
    const reason =
      error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
    sink({
      ...record,
      level: "warning",
      message: ["Refused an activity that could not be parsed: ", reason, ""],
      rawMessage: "Refused an activity that could not be parsed: {reason}",
      properties: { reason },
    });
  };
}

/**
 * Answers to follows are sent without an Object Integrity Proof on purpose (federation/deliver.ts,
 * `withoutProof`); Fedify warns about each. Every Hubnet actor has an Ed25519 key, so the warning
 * never means a missing key.
 */
export function withoutProofNotices(sink: Sink): Sink {
  return (record) => {
    const { category, rawMessage } = record;
    const intended =
      category[0] === "fedify" &&
      typeof rawMessage === "string" &&
      rawMessage.startsWith("No supported key found to create a proof");
    if (!intended) sink(record);
  };
}

/**
 * A sink that never writes what a log must not hold, whoever logged it (Hubnet, Fedify, a
 * library's error): the values bound to a failed SQL query (emails, password hashes, tokens'
 * hashes), which drizzle puts in its error message and PostgreSQL in its error details, and the
 * password inside a connection URL (DATABASE_URL, REDIS_URL).
 */
export function redacting(sink: Sink): Sink {
  return (record) => sink(redactRecord(record));
}

export function redactRecord(record: LogRecord): LogRecord {
  return {
    ...record,
    message: record.message.map((value) => redactValue(value)),
    properties: redactValue(record.properties) as Record<string, unknown>,
  };
}

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi;

/** A URL's password masked: `postgres://hubnet:***@db:5432/hubnet`. */
export const maskUrlPasswords = (text: string) => text.replace(URL_PASSWORD, "$1***@");

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskUrlPasswords(value);
  if (value instanceof Error) return redactError(value);
  if (depth > 3 || value == null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactValue(item, depth + 1)]),
  );
}

/** What PostgreSQL's errors may name without quoting a value. */
const KEPT = ["code", "severity", "table_name", "column_name", "constraint_name", "routine"];

/**
 * An error as it may be logged: a failed query keeps its SQL but not its parameters, a database
 * error its code and constraint but not its detail ("Key (email)=(…)") nor the value it quotes.
 */
function redactError(error: Error, depth = 0): Error {
  const fields = error as unknown as Record<string, unknown>;
  const failedQuery = typeof fields.query === "string" && "params" in fields;
  const fromPostgres = typeof fields.severity === "string" && typeof fields.code === "string";
  let message = failedQuery ? `Failed query: ${fields.query}` : error.message;
  // "invalid input syntax for type uuid: "…"" quotes the value it was given.
  if (fromPostgres) message = message.replace(/: ".*"$/s, ': "[redacted]"');
  message = maskUrlPasswords(message);
  const copy = new Error(message);
  copy.name = error.name;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  copy.stack = [`${error.name}: ${message}`, ...frames.map(maskUrlPasswords)].join("\n");
  for (const key of KEPT)
    if (key in fields) (copy as unknown as Record<string, unknown>)[key] = fields[key];
  if (error.cause instanceof Error && depth < 5) copy.cause = redactError(error.cause, depth + 1);
  return copy;
}
