import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, type LogLevel } from "@logtape/logtape";
import type { Config } from "../config.ts";
import { redacting } from "../logging.ts";

const ORDER: LogLevel[] = ["trace", "debug", "info", "warning", "error", "fatal"];

/**
 * Like server/logging.ts, but for a command's short life: Hubnet's warnings and errors only, and
 * Fedify silent unless debugging. What Fedify logs here is mostly a failed look-up, as an error
 * with a stack trace, which a command already reports in one line ("… was not found").
 */
export async function configureCliLogging(level: Config["LOG_LEVEL"]): Promise<void> {
  const debugging = ORDER.indexOf(level) < ORDER.indexOf("info");
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: redacting(getConsoleSink()) },
    loggers: [
      { category: "hubnet", lowestLevel: level === "info" ? "warning" : level, sinks: ["console"] },
      { category: "fedify", lowestLevel: debugging ? level : "fatal", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
