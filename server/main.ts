import { existsSync } from "node:fs";
import { getLogger } from "@logtape/logtape";
import { ConfigError, loadConfig } from "./config.ts";
import { configureLogging } from "./logging.ts";
import { helperStarted, isHelper } from "./runtime/helpers.ts";
import { startInstance } from "./runtime/instance.ts";
import { useOutboundTimeouts } from "./runtime/outbound.ts";

// The only file that reads process.env: everything else takes a Config.
if (existsSync(".env")) process.loadEnvFile(".env");

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(78); // EX_CONFIG
}

await configureLogging(config.LOG_LEVEL);
useOutboundTimeouts();
const logger = getLogger(["hubnet"]);

// A helper queue process of a server (server/runtime/helpers.ts), or a server that may fork them.
const helper = isHelper(process.env);
const instance = await startInstance(
  config,
  helper ? { helper } : { helpers: { script: import.meta.filename } },
).catch((error: Error) => {
  logger.fatal("Hubnet could not start: {message}", { message: error.message });
  process.exit(1);
});
if (helper) logger.info("Queue helper {pid} runs", { pid: process.pid });
else
  logger.info("Hubnet {version} ({role}) serves {origin}; listening on {listening}", {
    version: instance.deps.version,
    role: config.ROLE,
    origin: config.ORIGIN,
    listening: instance.listening?.href ?? "nothing (queue worker)",
  });
const helpers = instance.helpers;
helpers?.ready.then(() =>
  logger.info("{count} queue helper process(es) run beside it: {pids}", {
    count: helpers.pids().length,
    pids: helpers.pids().join(", "),
  }),
);
if (instance.setupLink != null) {
  console.log(
    `\n  This instance is not set up yet. Open this one-time link to create the first space and its owner:\n\n    ${instance.setupLink}\n`,
  );
}

let stopping = false;
function stop(reason: string, exitCode: number) {
  // A helper hears Ctrl-C with its server, then its server's SIGTERM: one stop is enough, and
  // the server kills it if it takes too long.
  if (stopping && helper) return;
  if (stopping) {
    // A second Ctrl-C: the operator does not want to wait.
    logger.warning("Stopping at once ({reason}); the embedded PostgreSQL may be left running", {
      reason,
    });
    process.exit(130);
  }
  stopping = true;
  logger.info("Stopping ({reason})…", { reason });
  instance.stop().then(
    () => {
      logger.info("Stopped.");
      process.exit(exitCode);
    },
    (error: Error) => {
      logger.error("Unclean stop: {message}", { message: error.message });
      process.exit(1);
    },
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal, 0));
if (helper) helperStarted(() => stop("its server is gone", 0));
// Stop the embedded PostgreSQL too rather than leave it running without its server.
process.on("uncaughtException", (error) => {
  logger.fatal("Uncaught exception: {error}", { error });
  stop("crash", 1);
});
