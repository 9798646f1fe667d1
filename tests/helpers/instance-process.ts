/**
 * One Hubnet instance in a child process, for tests that SIGKILL an instance and start it again
 * (see startInstanceProcess in federation-harness.ts). Configured by the usual environment
 * variables plus the harness's TLS files and host map.
 */
import { readFileSync } from "node:fs";
import { loadConfig } from "../../server/config.ts";
import { configureLogging } from "../../server/logging.ts";
import { startInstance } from "../../server/runtime/instance.ts";
import { createTestHostsDispatcher, useGlobalDispatcher } from "./tls.ts";

/** The line the parent waits for; keep in step with federation-harness.ts. */
const READY = "HUBNET_TEST_READY";

function file(variable: string): string {
  const path = process.env[variable];
  if (!path) throw new Error(`${variable} is not set`);
  return readFileSync(path, "utf8");
}

const config = loadConfig(process.env);
await configureLogging(config.LOG_LEVEL);
// The parent rewrites the map as instances join the run, so it is read on every new connection.
const hosts = () => JSON.parse(file("HUBNET_TEST_HOSTS_FILE")) as Record<string, number>;
useGlobalDispatcher(
  createTestHostsDispatcher(file("HUBNET_TEST_CA_FILE"), (host) => hosts()[host]),
);

const instance = await startInstance(config, {
  allowPrivateAddress: true,
  tls: { key: file("HUBNET_TEST_KEY_FILE"), cert: file("HUBNET_TEST_CERT_FILE") },
});
console.log(`${READY} ${instance.listening?.href}`);

process.once("SIGTERM", () => {
  instance.stop().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
