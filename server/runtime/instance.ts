import { createServer as createHttpsServer, type ServerOptions } from "node:https";
import type { AddressInfo } from "node:net";
import type { Federation } from "@fedify/fedify";
import { serve } from "@hono/node-server";
import { getLogger } from "@logtape/logtape";
import { startDirectoryRefresh } from "../../federation/directory/worker.ts";
import { DocumentCache } from "../../federation/document-cache.ts";
import { createFederationFor } from "../../federation/federation.ts";
import { createQueues } from "../../federation/queues.ts";
import { PageCache } from "../../web/page-cache.ts";
import { createApp } from "../app.ts";
import type { Config } from "../config.ts";
import type { Deps } from "../deps.ts";
import { loadSecretKey } from "../instance/secret-key.ts";
import { issueSetupToken } from "../setup/setup.ts";
import { HUBNET_VERSION } from "../version.ts";
import { openDatabase } from "./database.ts";
import { type Helpers, helperCount, startHelpers } from "./helpers.ts";
import { startSweeper } from "./sweeper.ts";

const logger = getLogger(["hubnet", "runtime"]);
/** How long requests in progress may take to finish once the server stops. */
const CLOSE_GRACE_MS = 3_000;

export interface InstanceOptions {
  /** Loopback test instances only. */
  allowPrivateAddress?: boolean;
  /** Serve HTTPS with this key and certificate (the federation test harness does). */
  tls?: Pick<ServerOptions, "key" | "cert">;
  /**
   * Fork this entry point as WORKER_PROCESSES helper queue processes (server/runtime/helpers.ts);
   * the server's entry points pass themselves, in-process test instances nothing.
   */
  helpers?: { script: string };
  /** This process is a helper: it runs the queue only, the clock-driven work is its server's. */
  helper?: boolean;
}

export interface RunningInstance {
  deps: Deps;
  federation: Federation<Deps>;
  /** Where the HTTP server listens; none for ROLE=worker. */
  listening: URL | undefined;
  /** The one-time setup link, while the instance has no account yet. */
  setupLink: string | undefined;
  /** Helper queue processes this server started, if any. */
  helpers: Helpers | undefined;
  stop(): Promise<void>;
}

/**
 * Opens the database, then by ROLE serves the web and federation endpoints (all, web) and runs
 * the queue of deliveries and inbound activities (all, worker).
 */
export async function startInstance(
  config: Config,
  options: InstanceOptions = {},
): Promise<RunningInstance> {
  // Above the queues' workers (inbox and outbox each run QUEUE_WORKERS, fan-out one), so
  // deliveries never starve web requests of connections.
  const database = await openDatabase(config, {
    poolSize: 2 * config.QUEUE_WORKERS + 9,
    role: "server",
  });
  const deps: Deps = {
    config,
    db: database.db,
    sql: database.sql,
    secretKey: await loadSecretKey(config),
    version: HUBNET_VERSION,
    allowPrivateAddress: options.allowPrivateAddress ?? config.ALLOW_PRIVATE_ADDRESSES,
  };
  const queues = createQueues(deps);
  const federation = createFederationFor(deps, queues);
  const changeNotices = new AbortController();
  const documents = new DocumentCache(config.ORIGIN);
  const pages = new PageCache(config.ORIGIN);
  documents.follow(pages);
  if (config.ROLE !== "worker") await documents.listen(database.sql, changeNotices.signal);
  let server: ReturnType<typeof serve> | undefined;
  let listening: URL | undefined;
  if (config.ROLE !== "worker") {
    server = serve({
      fetch: createApp(deps, federation, documents, pages).fetch,
      port: config.PORT,
      hostname: config.HOST,
      ...(options.tls ? { createServer: createHttpsServer, serverOptions: options.tls } : {}),
    });
    const serving = server;
    await new Promise<void>((resolve, reject) => {
      serving.once("listening", resolve);
      serving.once("error", reject);
    }).catch(async (error) => {
      await database.shutdown();
      throw new Error(`Cannot listen on ${config.HOST}:${config.PORT}: ${error.message}`);
    });
    const address = serving.address() as AddressInfo;
    listening = new URL(`${options.tls ? "https" : "http"}://${config.HOST}:${address.port}`);
  }

  // Web processes only enqueue; workers (or the one process of ROLE=all) deliver and receive.
  const queue = new AbortController();
  const queueDone =
    config.ROLE === "web"
      ? Promise.resolve()
      : federation.startQueue(deps, { signal: queue.signal }).catch((error) => {
          if (!queue.signal.aborted) logger.error("The queue stopped: {error}", { error });
        });
  // The clock-driven work runs once per server, not once per helper.
  const clockWork = config.ROLE !== "web" && !options.helper;
  const sweeper = clockWork
    ? startSweeper(federation.createContext(new URL(config.ORIGIN), deps))
    : undefined;
  const directory = clockWork
    ? startDirectoryRefresh(federation.createContext(new URL(config.ORIGIN), deps))
    : undefined;
  const helpers =
    options.helpers && !options.helper && helperCount(config) > 0
      ? startHelpers(helperCount(config), {
          script: options.helpers.script,
          // The embedded database this process opened, rather than each helper looking for it.
          env: { DATABASE_URL: database.url },
        })
      : undefined;
  const token = server ? await issueSetupToken(deps.db) : undefined;
  const setupLink = token ? `${config.ORIGIN}/setup?token=${token}` : undefined;

  return {
    deps,
    federation,
    listening,
    setupLink,
    helpers,
    stop: async () => {
      // In order: no new requests, the queue's messages in hand finished (or left to their
      // lease) here and in the helpers, then the pool, then the embedded PostgreSQL; so nothing
      // fails half-way.
      const helpersStopped = helpers?.stop();
      if (server) await closeServer(server);
      queue.abort();
      changeNotices.abort();
      await sweeper?.stop();
      await directory?.stop();
      await queueDone;
      await helpersStopped;
      queues.close();
      await database.shutdown();
    },
  };
}

/** Stops listening and waits for requests in progress, cutting off those that take too long. */
async function closeServer(server: ReturnType<typeof serve>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const http = server as unknown as { closeIdleConnections?(): void; closeAllConnections?(): void };
  http.closeIdleConnections?.();
  const timer = setTimeout(() => http.closeAllConnections?.(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(timer);
}
