/**
 * Start, idle memory and stop of the server as operators run it: `npm start` (compiled
 * JavaScript, the embedded PostgreSQL of a fresh data folder) and the development start through
 * tsx. Each start is timed from the process's spawn to its "listening" line, the first one on a
 * fresh data folder (initdb) and a second one on the same folder; the idle RSS is read after
 * 5 s without requests; the stop is timed from SIGINT to exit.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, ROOT, rssOf } from "./child.ts";

export interface StartupRun {
  mode: "compiled" | "tsx";
  /** Seconds from spawn to listening, on a fresh data folder (creates the cluster). */
  firstStart: number;
  /** Seconds from spawn to listening, the next time. */
  start: number;
  idleRss: number;
  /** Seconds from SIGINT to exit. */
  stop: number;
}

const COMMANDS = {
  // What `npm start` runs (package.json), without npm's own start-up in front.
  compiled: ["--max-semi-space-size=2", "dist/server/main.js"],
  tsx: ["--import", "tsx", "server/main.ts"],
} as const;

async function once(mode: StartupRun["mode"], dataDir: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, COMMANDS[mode], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("listening on")) resolve();
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    void exited.then(() => reject(new Error(`${mode} server exited:\n${output}`)));
  });
  const start = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const idleRss = await rssOf(child.pid as number);
  const stopping = performance.now();
  child.kill("SIGINT");
  await exited;
  return { start, idleRss, stop: (performance.now() - stopping) / 1000 };
}

export async function benchStartup(): Promise<StartupRun[]> {
  const built = spawnSync(process.execPath, ["server/build.mjs"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("the build failed");
  const runs: StartupRun[] = [];
  for (const mode of ["compiled", "tsx"] as const) {
    const dataDir = await mkdtemp(join(tmpdir(), "hubnet-bench-start-"));
    try {
      const first = await once(mode, dataDir);
      const second = await once(mode, dataDir);
      runs.push({ mode, firstStart: first.start, ...second });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return runs;
}
