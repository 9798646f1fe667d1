import { createServer as createHttpsServer, type ServerOptions } from "node:https";
import type { AddressInfo } from "node:net";
import type { Federation } from "@fedify/fedify";
import { serve } from "@hono/node-server";
import { getLogger } from "@logtape/logtape";
import { createFederationFor } from "../../federation/federation.ts";
import { createApp } from "../app.ts";
import type { Config } from "../config.ts";
import type { Deps } from "../deps.ts";
import { loadSecretKey } from "../instance/secret-key.ts";
import { issueSetupToken } from "../setup/setup.ts";
import { HUBNET_VERSION } from "../version.ts";
import { openDatabase } from "./database.ts";

const logger = getLogger(["hubnet", "runtime"]);

export interface InstanceOptions {
  /** Loopback test instances only. */
  allowPrivateAddress?: boolean;
  /** Serve HTTPS with this key and certificate (the federation test harness does). */
  tls?: Pick<ServerOptions, "key" | "cert">;
}

export interface RunningInstance {
  deps: Deps;
  federation: Federation<Deps>;
  /** Where the HTTP server actually listens (PORT 0 picks a free one). */
  listening: URL;
  /** The one-time setup link, while the instance has no account yet. */
  setupLink: string | undefined;
  stop(): Promise<void>;
}

/** Opens the database, serves the web and federation endpoints, and runs the delivery queue. */
export async function startInstance(
  config: Config,
  options: InstanceOptions = {},
): Promise<RunningInstance> {
  const database = await openDatabase(config);
  const deps: Deps = {
    config,
    db: database.db,
    sql: database.sql,
    secretKey: await loadSecretKey(config),
    version: HUBNET_VERSION,
    allowPrivateAddress: options.allowPrivateAddress ?? false,
  };
  const federation = createFederationFor(deps);
  const app = createApp(deps, federation);
  const server = serve({
    fetch: app.fetch,
    port: config.PORT,
    hostname: config.HOST,
    ...(options.tls ? { createServer: createHttpsServer, serverOptions: options.tls } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  }).catch(async (error) => {
    await database.shutdown();
    throw new Error(`Cannot listen on ${config.HOST}:${config.PORT}: ${error.message}`);
  });
  const address = server.address() as AddressInfo;
  const listening = new URL(`${options.tls ? "https" : "http"}://${config.HOST}:${address.port}`);

  const queue = new AbortController();
  const queueDone = federation.startQueue(deps, { signal: queue.signal }).catch((error) => {
    if (!queue.signal.aborted) logger.error("The queue stopped: {error}", { error });
  });
  const token = await issueSetupToken(deps.db);
  const setupLink = token ? `${config.ORIGIN}/setup?token=${token}` : undefined;

  return {
    deps,
    federation,
    listening,
    setupLink,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      queue.abort();
      await queueDone;
      await database.shutdown();
    },
  };
}
