import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, type LogLevel } from "@logtape/logtape";
import type { Config } from "./config.ts";

const ORDER: LogLevel[] = ["trace", "debug", "info", "warning", "error", "fatal"];

/** Hubnet logs at LOG_LEVEL; Fedify's own chatter only from warnings up unless debugging. */
export async function configureLogging(level: Config["LOG_LEVEL"]): Promise<void> {
  const fedifyLevel = ORDER.indexOf(level) < ORDER.indexOf("info") ? level : "warning";
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink() },
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
