import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../db/embedded.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; each test file makes its own. */
    adminDatabaseUrl: string;
  }
}

/** Real PostgreSQL for the run: TEST_DATABASE_URL or DATABASE_URL, else one embedded server. */
export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) {
    project.provide("adminDatabaseUrl", given);
    return;
  }
  // Under the system's temporary folder, which the `postgres` user can reach when tests run as root.
  const folder = await mkdtemp(join(tmpdir(), "hubnet-test-"));
  await chmod(folder, 0o755);
  const embedded = await startEmbeddedPostgres(join(folder, "postgres"));
  project.provide("adminDatabaseUrl", embedded.adminUrl);
  return async () => {
    await embedded.stop();
    await rm(folder, { recursive: true, force: true });
  };
}
