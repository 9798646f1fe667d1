/**
 * The Hubnet instance under test, in its own process so the load generator does not share its
 * event loop. Plain HTTP on 127.0.0.1; the simulated remote servers (*.fleet.test) are reached
 * over HTTPS through a dispatcher that sends them to the fleet's port and trusts the run's CA.
 */
import { readFileSync } from "node:fs";
import { loadConfig } from "../server/config.ts";
import { configureLogging } from "../server/logging.ts";
import { helperStarted, isHelper } from "../server/runtime/helpers.ts";
import { startInstance } from "../server/runtime/instance.ts";
import { createTestHostsDispatcher, useGlobalDispatcher } from "../tests/helpers/tls.ts";
import { READY } from "./child.ts";
import { FLEET_DOMAIN } from "./fleet-names.ts";

const config = loadConfig(process.env);
await configureLogging(config.LOG_LEVEL);
const caFile = process.env.BENCH_CA_FILE;
const fleetPort = Number(process.env.BENCH_FLEET_PORT);
if (caFile) {
  useGlobalDispatcher(
    createTestHostsDispatcher(readFileSync(caFile, "utf8"), (host) =>
      host.endsWith(`.${FLEET_DOMAIN}`) ? fleetPort : undefined,
    ),
  );
}
// Helper queue processes as `npm start` forks them (WORKER_PROCESSES), each a copy of this file.
const helper = isHelper(process.env);
const instance = await startInstance(config, {
  allowPrivateAddress: true,
  ...(helper ? { helper } : { helpers: { script: import.meta.filename } }),
});
// Measured once the helpers run too, not while they are still loading.
await instance.helpers?.ready;
if (!helper) console.log(`${READY} ${instance.listening?.href}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  instance.stop().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
if (helper) helperStarted(stop);
