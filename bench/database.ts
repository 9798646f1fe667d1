import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type DatabaseHandle } from "../db/client.ts";

export interface BenchDatabase extends DatabaseHandle {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database `hubnet_bench_<random>`; the instance migrates it when it starts. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `hubnet_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb(url.href, { max: 4 });
  return {
    ...handle,
    url: url.href,
    drop: async () => {
      await handle.close();
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
