import { join } from "node:path";
import postgres from "postgres";
import { openEmbeddedPostgres } from "../../db/embedded.ts";
import { type Config, loadConfig } from "../config.ts";
import { type RunningInstance, startInstance } from "../runtime/instance.ts";
import { loadOrCreateCertificateAuthority } from "./certificates.ts";
import { useLocalhostDispatcher } from "./localhost-dispatcher.ts";
import { DEMO_SITES, type DemoSite } from "./sites.ts";

export interface DemoInstance {
  site: DemoSite;
  origin: string;
  running: RunningInstance;
}

export interface DemoNetwork {
  instances: DemoInstance[];
  /** The CA a browser must trust (or be told to accept once per site). */
  caFile: string;
  stop(): Promise<void>;
}

/**
 * Three Hubnet instances on this machine, https://hub.localhost:PORT and two more, each with its
 * own database, federating over real HTTPS with certificates of a CA kept in DATA_DIR/demo. They
 * may reach private addresses (ALLOW_PRIVATE_ADDRESSES): their origins are .localhost names.
 */
export async function startDemoNetwork(
  config: Config,
  options: { basePort: number; fresh?: boolean },
): Promise<DemoNetwork> {
  const folder = join(config.DATA_DIR, "demo");
  const ca = await loadOrCreateCertificateAuthority(folder);
  const embedded =
    config.DATABASE_URL == null
      ? await openEmbeddedPostgres(folder, { role: "server" })
      : undefined;
  const adminUrl = embedded?.adminUrl ?? (config.DATABASE_URL as string);
  const dispatcher = useLocalhostDispatcher(ca.cert);
  const instances: DemoInstance[] = [];
  const stop = async () => {
    await Promise.allSettled(instances.map((instance) => instance.running.stop()));
    await dispatcher.close().catch(() => {});
    await embedded?.stop();
  };
  try {
    for (const [index, site] of DEMO_SITES.entries()) {
      const port = options.basePort + index;
      const origin = `https://${site.name}.localhost:${port}`;
      const databaseUrl = await demoDatabase(adminUrl, `hubnet_demo_${site.name}`, options.fresh);
      const tls = ca.issue(`${site.name}.localhost`);
      const running = await startInstance(
        loadConfig({
          ORIGIN: origin,
          PORT: String(port),
          HOST: "127.0.0.1",
          DATABASE_URL: databaseUrl,
          DATA_DIR: join(folder, site.name),
          LOG_LEVEL: config.LOG_LEVEL,
          ALLOW_PRIVATE_ADDRESSES: "true",
        }),
        { tls },
      );
      instances.push({ site, origin, running });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, caFile: ca.file, stop };
}

/** The URL of a database of the demo on the server of `adminUrl`, made (or made anew) here. */
async function demoDatabase(adminUrl: string, name: string, fresh = false): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    if (fresh) await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (exists.length === 0) await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}
