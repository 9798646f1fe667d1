import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFederationFor } from "../../federation/federation.ts";
import { createApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { Deps } from "../../server/deps.ts";
import { HUBNET_VERSION } from "../../server/version.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export interface TestInstance {
  deps: Deps;
  database: TestDatabase;
  origin: string;
  /** The Hono app, for tests that inspect its routes. */
  app: ReturnType<typeof createApp>;
  /** Sends a request to the instance in-process, as if to its public origin. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** One instance with its own fresh database, answering requests without a listening socket. */
export async function createTestInstance(
  origin = "https://hub.test",
  env: Record<string, string> = {},
): Promise<TestInstance> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "hubnet-data-"));
  const config = loadConfig({
    ORIGIN: origin,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    ...env,
  });
  const deps: Deps = {
    config,
    db: database.db,
    sql: database.sql,
    secretKey: "test-secret-key-test-secret-key-test-secret",
    version: HUBNET_VERSION,
    allowPrivateAddress: true,
  };
  const app = createApp(deps, createFederationFor(deps));
  return {
    deps,
    database,
    origin: config.ORIGIN,
    app,
    request: async (path, init) => app.request(new URL(path, config.ORIGIN).href, init),
    close: () => database.drop(),
  };
}
