import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localActorIri } from "../server/actors/local-iris.ts";
import { completeSetup, SetupInput } from "../server/setup/setup.ts";
import { createToken } from "../server/tokens/tokens.ts";
import { type Child, freePort, startChild } from "./child.ts";
import { type BenchDatabase, createBenchDatabase } from "./database.ts";
import type { Fleet } from "./fleet.ts";

export const SPACE = "bench_hub";
export const PERSON = "ana";

/** A Hubnet instance under test: its own database and process, set up with a space and its owner. */
export interface BenchInstance {
  origin: string;
  database: BenchDatabase;
  server: Child;
  spaceIri: string;
  personIri: string;
  /** A write-scoped API token of the owner. */
  token: string;
  /** Stops the server process and starts a new one on the same data: every cache cold. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchInstance(
  adminUrl: string,
  fleet: Fleet | undefined,
  env: Record<string, string> = {},
): Promise<BenchInstance> {
  const [database, dataDir, port] = await Promise.all([
    createBenchDatabase(adminUrl),
    mkdtemp(join(tmpdir(), "hubnet-bench-")),
    freePort(),
  ]);
  const origin = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ORIGIN: origin,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(30).toString("base64url"),
    LOG_LEVEL: "fatal",
    // BENCH_QUEUE_WORKERS tries another QUEUE_WORKERS (checked by bench/config.ts).
    ...(process.env.BENCH_QUEUE_WORKERS ? { QUEUE_WORKERS: process.env.BENCH_QUEUE_WORKERS } : {}),
    // BENCH_WORKER_PROCESSES tries another WORKER_PROCESSES (helper queue processes).
    ...(process.env.BENCH_WORKER_PROCESSES
      ? { WORKER_PROCESSES: process.env.BENCH_WORKER_PROCESSES }
      : {}),
    ...(fleet ? { BENCH_CA_FILE: fleet.caFile, BENCH_FLEET_PORT: String(fleet.port) } : {}),
    ...env,
  };
  const server = await startChild("server-process.ts", serverEnv);
  const setup = await completeSetup(
    database.db,
    null,
    SetupInput.parse({
      spaceName: "Bench Hub",
      spaceHandle: SPACE,
      spaceKind: "hub",
      handle: PERSON,
      email: "ana@bench.example",
      password: randomBytes(12).toString("base64url"),
    }),
  );
  if (!setup.ok) throw new Error(`setup failed: ${setup.reason}`);
  const { secret } = await createToken(database.db, setup.owner.id, {
    name: "bench",
    scopes: ["write"],
  });
  const instance: BenchInstance = {
    origin,
    database,
    server,
    spaceIri: localActorIri(origin, SPACE),
    personIri: localActorIri(origin, PERSON),
    token: secret,
    restart: async () => {
      await instance.server.stop();
      instance.server = await startChild("server-process.ts", serverEnv);
    },
    stop: async () => {
      await instance.server.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return instance;
}
