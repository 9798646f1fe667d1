import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

/** A PostgreSQL server process serving a cluster folder. */
export interface Postmaster {
  pid: number;
  port: number;
}

/**
 * The server running on `cluster`, read from its `postmaster.pid` (pid on line 1, port on line 4)
 * and checked against the process table: a lock left by a crash, or naming a process that is
 * not PostgreSQL on this folder, is no server.
 */
export async function runningPostmaster(cluster: string): Promise<Postmaster | undefined> {
  const lock = await readFile(join(cluster, "postmaster.pid"), "utf8").catch(() => undefined);
  if (lock == null) return undefined;
  const lines = lock.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!(pid > 0) || !(port > 0) || !(await servesFolder(pid, cluster))) return undefined;
  return { pid, port };
}

async function servesFolder(pid: number, cluster: string): Promise<boolean> {
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    return cmdline.some((arg) => arg.endsWith("postgres")) && cmdline.includes(cluster);
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts PostgreSQL on `cluster` in a process group of its own: a Ctrl-C in the terminal reaches
 * Hubnet, which stops the database last, after its own connections are closed. Its log goes to
 * a file (it may outlive the process that started it, and a pipe would break).
 */
export function spawnPostmaster(
  binary: string,
  cluster: string,
  port: number,
  logFile: string,
): ChildProcess {
  const log = openSync(logFile, "a", 0o600);
  try {
    const child = spawn(
      binary,
      [
        "-D",
        cluster,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
      ],
      { detached: true, stdio: ["ignore", log, log], ...postgresUser(), env: { LC_MESSAGES: "C" } },
    );
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

/** As root, PostgreSQL runs as the `postgres` user (which initdb's set-up created). */
export function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
  return { uid: id("-u"), gid: id("-g") };
}

/** Asks a server to stop (fast shutdown: sessions end, data is kept) and waits for it. */
export async function stopPostmaster(pid: number, timeoutMs = 15_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // Immediate shutdown rather than a server left behind holding the folder.
  if (isAlive(pid)) process.kill(pid, "SIGQUIT");
}

/** A free loopback port, or `preferred` when it is free. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred != null && (await listenOn(preferred)) != null) return preferred;
  const port = await listenOn(0);
  if (port == null) throw new Error("no free port on 127.0.0.1");
  return port;
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}
