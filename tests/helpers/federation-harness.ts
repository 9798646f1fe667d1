/**
 * Several real Hubnet instances in one test run, each with its own origin (https://alpha.test …),
 * database and HTTPS server on 127.0.0.1. They reach each other by their public names through a
 * global undici dispatcher that maps those names to local ports and trusts a CA made for the run,
 * so WebFinger, actor fetches and deliveries go over real HTTPS as on the internet.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadConfig } from "../../server/config.ts";
import type { Deps } from "../../server/deps.ts";
import { type RunningInstance, startInstance } from "../../server/runtime/instance.ts";
import { createTestDatabase } from "./database.ts";
import { ROOT } from "./spawn.ts";
import {
  createTestCa,
  createTestHostsDispatcher,
  type KeyAndCert,
  type TestCa,
  useGlobalDispatcher,
} from "./tls.ts";

export interface HarnessInstance {
  /** As given to startInstances, e.g. "alpha". */
  name: string;
  /** "https://alpha.test" */
  origin: string;
  /** "alpha.test" */
  host: string;
  deps: Deps;
  running: RunningInstance;
  stop(): Promise<void>;
}

/** Where an instance lives between restarts: the same database, data folder and port. */
export interface InstancePlace {
  name: string;
  host: string;
  origin: string;
  databaseUrl: string;
  dataDir: string;
  port: number;
}

export interface InstanceProcess {
  name: string;
  origin: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Ends the process abruptly, by default as a crash or power cut would (SIGKILL). */
  kill(signal?: NodeJS.Signals): void;
  /** Asks the instance to stop cleanly (SIGTERM) and waits for it. */
  stop(): Promise<void>;
}

/** A child process loads every module first: minutes on a loaded machine, not seconds. */
const READY_TIMEOUT_MS = 180_000;
/** The line instance-process.ts prints once it listens. */
const READY = "HUBNET_TEST_READY";
const CHILD = join(ROOT, "tests/helpers/instance-process.ts");

interface Run {
  dir: string;
  ca: TestCa;
  caFile: string;
  hostsFile: string;
  hosts: Map<string, number>;
  certificates: Map<string, KeyAndCert & { keyFile: string; certFile: string }>;
  restoreDispatcher: () => Promise<void>;
  /** Instances and processes still running; stopped before anything else is cleaned up. */
  running: Set<{ stop(): Promise<void> }>;
  /** Databases and folders, removed once nothing uses them. */
  leftovers: (() => Promise<void>)[];
}

const children = new Set<ChildProcess>();
let starting: Promise<Run> | undefined;

/**
 * Starts one in-process instance per name, concurrently; "alpha" serves https://alpha.test.
 * Typed per name, so `const [alpha, beta] = await startInstances(["alpha", "beta"])` needs no checks.
 */
export async function startInstances<const Names extends readonly string[]>(
  names: Names,
  options: { env?: Record<string, string> } = {},
): Promise<{ -readonly [K in keyof Names]: HarnessInstance }> {
  const started = await Promise.all(names.map((name) => startOne(name, options.env)));
  return started as { -readonly [K in keyof Names]: HarnessInstance };
}

async function startOne(name: string, env: Record<string, string> = {}): Promise<HarnessInstance> {
  const place = await prepareInstance(name);
  const { certificates, running } = await currentRun();
  const tls = certificates.get(place.host);
  if (tls == null) throw new Error(`no certificate for ${place.host}`);
  const instance = await startInstance(
    loadConfig({
      ORIGIN: place.origin,
      PORT: String(place.port),
      HOST: "127.0.0.1",
      DATABASE_URL: place.databaseUrl,
      DATA_DIR: place.dataDir,
      SECRET_KEY: randomBytes(30).toString("base64url"),
      LOG_LEVEL: "warning",
      ...env,
    }),
    { allowPrivateAddress: true, tls: { key: tls.key, cert: tls.cert } },
  );
  const stoppable = { stop: () => instance.stop() };
  running.add(stoppable);
  return {
    name,
    origin: place.origin,
    host: place.host,
    deps: instance.deps,
    running: instance,
    stop: async () => {
      if (running.delete(stoppable)) await stoppable.stop();
    },
  };
}

/**
 * A database, data folder, port and certificate for `name`, registered in the host map, for
 * startInstanceProcess. All of it lasts until stopAll, so the instance can be started again.
 */
export async function prepareInstance(name: string): Promise<InstancePlace> {
  const current = await currentRun();
  const host = hostFor(name);
  if (current.hosts.has(host)) throw new Error(`${host} is already part of this run`);
  const [database, dataDir, port] = await Promise.all([
    createTestDatabase({ migrate: false }),
    mkdtemp(join(tmpdir(), `hubnet-${host}-`)),
    freePort(),
  ]);
  current.leftovers.push(
    () => database.drop(),
    () => rm(dataDir, { recursive: true, force: true }),
  );
  // Each host gets its own certificate, so instances can join the run at any time.
  const { key, cert } = current.ca.issue(host);
  const keyFile = join(current.dir, `${host}.key.pem`);
  const certFile = join(current.dir, `${host}.cert.pem`);
  await Promise.all([writeFile(keyFile, key, { mode: 0o600 }), writeFile(certFile, cert)]);
  current.certificates.set(host, { key, cert, keyFile, certFile });
  // PORT=0 is not accepted by the config, so ports are picked here; which also means the host map
  // is right before the instance listens, and stays right across restarts.
  current.hosts.set(host, port);
  writeHostsFile(current);
  return { name, host, origin: `https://${host}`, databaseUrl: database.url, dataDir, port };
}

/** Runs the instance of `place` in a child process; resolves once it listens. */
export async function startInstanceProcess(
  name: string,
  place: Pick<InstancePlace, "databaseUrl" | "dataDir" | "port"> & { env?: Record<string, string> },
): Promise<InstanceProcess> {
  const current = await currentRun();
  const host = hostFor(name);
  const tls = current.certificates.get(host);
  if (tls == null) throw new Error(`prepareInstance("${name}") first`);
  const origin = `https://${host}`;
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ORIGIN: origin,
      PORT: String(place.port),
      HOST: "127.0.0.1",
      DATABASE_URL: place.databaseUrl,
      // No SECRET_KEY: the instance keeps the one it generates in DATA_DIR, as in production.
      DATA_DIR: place.dataDir,
      LOG_LEVEL: "warning",
      ...place.env,
      HUBNET_TEST_CA_FILE: current.caFile,
      HUBNET_TEST_HOSTS_FILE: current.hostsFile,
      HUBNET_TEST_KEY_FILE: tls.keyFile,
      HUBNET_TEST_CERT_FILE: tls.certFile,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const stoppable = { stop: () => terminate(child, exited) };
  current.running.add(stoppable);
  void exited.then(() => current.running.delete(stoppable));
  await waitUntilReady(host, child, exited);
  return {
    name,
    origin,
    exited,
    kill: (signal = "SIGKILL") => void child.kill(signal),
    stop: stoppable.stop,
  };
}

/**
 * Another server on the run's network (e.g. a stand-in for a Mastodon instance at mastodon.test),
 * answering every request with `handler`, over HTTPS with a certificate of the run's CA.
 */
export async function serveHost(
  name: string,
  handler: (request: Request) => Response | Promise<Response>,
) {
  const current = await currentRun();
  const host = hostFor(name);
  const port = await freePort();
  const { key, cert } = current.ca.issue(host);
  const server = serve({
    fetch: handler,
    port,
    hostname: "127.0.0.1",
    createServer: createHttpsServer,
    serverOptions: { key, cert },
  });
  await new Promise<void>((resolve, reject) =>
    server.once("listening", resolve).once("error", reject),
  );
  current.hosts.set(host, port);
  writeHostsFile(current);
  const stoppable = {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  current.running.add(stoppable);
  return { origin: `https://${host}`, host };
}

/** Stops every instance and process, drops their databases, and restores the global dispatcher. */
export async function stopAll(): Promise<void> {
  const current = await starting?.catch(() => undefined);
  starting = undefined;
  if (current == null) return;
  await Promise.allSettled([...current.running].map((instance) => instance.stop()));
  const results = await Promise.allSettled([
    ...current.leftovers.map((cleanUp) => cleanUp()),
    current.restoreDispatcher(),
  ]);
  await rm(current.dir, { recursive: true, force: true });
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

/**
 * Calls `check` until it stops throwing (federation is asynchronous: deliveries go through queues)
 * and returns its result; after `timeout` ms, rethrows its last error.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  options: { timeout?: number; interval?: number } = {},
): Promise<T> {
  const { timeout = 20_000, interval = 100 } = options;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The run's CA, host map and dispatcher, made by whichever caller comes first. */
function currentRun(): Promise<Run> {
  starting ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "hubnet-federation-"));
    const ca = createTestCa();
    const caFile = join(dir, "ca.pem");
    const hostsFile = join(dir, "hosts.json");
    await Promise.all([writeFile(caFile, ca.cert), writeFile(hostsFile, "{}")]);
    const hosts = new Map<string, number>();
    const restoreDispatcher = useGlobalDispatcher(
      createTestHostsDispatcher(ca.cert, (host) => hosts.get(host)),
    );
    return {
      dir,
      ca,
      caFile,
      hostsFile,
      hosts,
      certificates: new Map(),
      restoreDispatcher,
      running: new Set(),
      leftovers: [],
    };
  })();
  return starting;
}

/** "alpha" → "alpha.test"; a name with a dot is taken as the host name itself. */
function hostFor(name: string): string {
  return name.includes(".") ? name : `${name}.test`;
}

/** Child processes read this on every connection: replace it whole, never half-written. */
function writeHostsFile({ hostsFile, hosts }: Run): void {
  writeFileSync(`${hostsFile}.new`, JSON.stringify(Object.fromEntries(hosts)));
  renameSync(`${hostsFile}.new`, hostsFile);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function waitUntilReady(host: string, child: ChildProcess, exited: Promise<number | null>) {
  return new Promise<void>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${host} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
      // Warnings from a child would otherwise be lost; they are often why a test fails.
      process.stderr.write(String(chunk).replace(/^(?=.)/gm, `[${host}] `));
    });
    // Read stdout to the end even after the ready line, or a full pipe would block the child.
    child.stdout?.on("data", (chunk: Buffer) => {
      if (stdout.includes(READY)) return;
      stdout += chunk;
      if (stdout.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${host} exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode == null && child.signalCode == null) child.kill("SIGTERM");
  await exited;
}

// A test worker that dies must not leave instances holding ports and database connections.
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Waits until an instance's queue holds nothing due: every activity it accepted so far has been
 * handled (a refusal leaves no trace to poll for, so tests of refusals wait for this).
 */
export async function settled(instance: { deps: Deps }): Promise<void> {
  await eventually(async () => {
    const [row] = await instance.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM queue_messages WHERE run_at <= now()`;
    if ((row?.n ?? 0) > 0) throw new Error(`${row?.n} queued messages are still due`);
  });
}
