import { existsSync } from "node:fs";
import { getLogger } from "@logtape/logtape";
import { ConfigError, loadConfig } from "./config.ts";
import { configureLogging } from "./logging.ts";
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

const instance = await startInstance(config).catch((error: Error) => {
  logger.fatal("Hubnet could not start: {message}", { message: error.message });
  process.exit(1);
});
logger.info("Hubnet {version} ({role}) serves {origin}; listening on {listening}", {
  version: instance.deps.version,
  role: config.ROLE,
  origin: config.ORIGIN,
  listening: instance.listening?.href ?? "nothing (queue worker)",
});
if (instance.setupLink != null) {
  console.log(
    `\n  This instance is not set up yet. Open this one-time link to create the first space and its owner:\n\n    ${instance.setupLink}\n`,
  );
}

let stopping = false;
function stop(reason: string, exitCode: number) {
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
// Stop the embedded PostgreSQL too rather than leave it running without its server.
process.on("uncaughtException", (error) => {
  logger.fatal("Uncaught exception: {error}", { error });
  stop("crash", 1);
});
