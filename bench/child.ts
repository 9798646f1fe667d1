import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

/** The line a benchmark child prints once it serves. */
export const READY = "HUBNET_BENCH_READY";
export const ROOT = join(import.meta.dirname, "..");

export interface Child {
  pid: number;
  /** Resident set size in bytes, from /proc. */
  rss(): Promise<number>;
  /** Asks the child over IPC and waits for its answer. */
  ask<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** Runs a TypeScript file of bench/ in its own Node process; resolves once it prints READY. */
export async function startChild(file: string, env: Record<string, string>): Promise<Child> {
  // BENCH_PROFILE_DIR=/some/dir writes a CPU profile of the server under test when it stops.
  const profile = process.env.BENCH_PROFILE_DIR;
  const flags =
    profile && file === "server-process.ts" ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", join(ROOT, "bench", file)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await waitForReady(file, child, exited);
  let asked = 0;
  return {
    pid: child.pid as number,
    rss: () => rssOf(child.pid as number),
    ask: <T>(message: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = ++asked;
        const onMessage = (reply: { id?: number; result?: T }) => {
          if (reply?.id !== id) return;
          child.off("message", onMessage);
          resolve(reply.result as T);
        };
        child.on("message", onMessage);
        child.send({ ...message, id }, (error) => error && reject(error));
      }),
    stop: async () => {
      if (child.exitCode == null && child.signalCode == null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1] ?? Number.NaN);
  return kb * 1024;
}

/** Samples a process's RSS every 100 ms until stopped; gives the peak. */
export function watchRss(pid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    rssOf(pid).then(
      (rss) => {
        peak = Math.max(peak, rss);
      },
      () => {},
    );
  }, 100);
  return {
    stop: async () => {
      clearInterval(timer);
      peak = Math.max(peak, await rssOf(pid).catch(() => 0));
      return peak;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function waitForReady(file: string, child: ChildProcess, exited: Promise<number | null>) {
  return new Promise<void>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} was not ready within 120 s:\n${stderr}`));
    }, 120_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
      process.stderr.write(String(chunk).replace(/^(?=.)/gm, `[${file}] `));
    });
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
      reject(new Error(`${file} exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}
