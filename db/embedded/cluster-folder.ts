import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/** Where clusters go when the `postgres` user cannot enter the data folder (root only). */
export const REACHABLE_ROOT = "/var/lib/hubnet";

export interface ClusterFolder {
  /** The cluster's own folder (PG_VERSION, postmaster.pid, …). */
  path: string;
  /** Why it is not under the data folder, when it is not: one line for the log. */
  relocated?: string;
}

/**
 * The embedded cluster of a data folder: `DATA_DIR/postgres`. As root, PostgreSQL runs as the
 * `postgres` user, which usually cannot enter a home folder such as /root; then the cluster lives
 * under /var/lib/hubnet in a folder named after the data folder, so every start (and every
 * operator command) finds the same one.
 */
export async function clusterFolderOf(dataDir: string): Promise<ClusterFolder> {
  const home = resolve(dataDir);
  const inside = join(home, "postgres");
  if (process.getuid?.() !== 0) return { path: inside };
  const elsewhere = join(
    REACHABLE_ROOT,
    `postgres-${createHash("sha256").update(home).digest("hex").slice(0, 12)}`,
  );
  // A cluster already made in one of the two places stays there.
  if (existsSync(join(inside, "PG_VERSION"))) return { path: inside };
  if (existsSync(join(elsewhere, "PG_VERSION"))) return relocatedTo(elsewhere, home);
  const blocked = await firstClosedFolder(home);
  return blocked == null ? { path: inside } : relocatedTo(elsewhere, blocked);
}

function relocatedTo(path: string, blocked: string): ClusterFolder {
  return {
    path,
    relocated: `The embedded PostgreSQL keeps its files in ${path}: it runs as the "postgres" user, who cannot enter ${blocked}.`,
  };
}

/** The nearest folder on the way to `folder` (itself included) that others may not enter. */
async function firstClosedFolder(folder: string): Promise<string | undefined> {
  const chain: string[] = [];
  for (let f = folder; f !== dirname(f); f = dirname(f)) chain.unshift(f);
  for (const f of chain) {
    if (!existsSync(f)) return undefined; // created later with an open mode
    if (((await stat(f)).mode & 0o001) === 0) return f;
  }
  return undefined;
}
