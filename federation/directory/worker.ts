/**
 * The directory's background work, through its own channel of the work queue: each space met is
 * refreshed soon after, and every space again once its facts are a day old; this instance's own
 * spaces are read from the database on the same beat. Runs where the queue runs (ROLE all or
 * worker); the channel lives in PostgreSQL whatever QUEUE says.
 */
import type { Context } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type postgres from "postgres";
import type { Deps } from "../../server/deps.ts";
import { spacesDueForRefresh } from "../../server/directory/directory.ts";
import { syncLocalSpaces } from "../../server/directory/local-spaces.ts";
import { PostgresWorkQueue } from "../queue.ts";
import { refreshSpace } from "./refresh.ts";

const logger = getLogger(["hubnet", "federation", "directory"]);

export const DIRECTORY_CHANNEL = "directory";
/** Facts older than this are refreshed. */
export const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;
/** How often this instance's own spaces are read again, and due spaces looked for. */
const SWEEP_EVERY_MS = 60 * 1000;

const queueOf = (sql: postgres.Sql) =>
  new PostgresWorkQueue(sql, { channel: DIRECTORY_CHANNEL, workers: 1 });

/** Asks for a space to be refreshed in the background. */
export async function enqueueRefresh(sql: postgres.Sql, iri: string): Promise<void> {
  await queueOf(sql).enqueue({ iri }, { orderingKey: `directory:${iri}` });
}

/** Local spaces synced, and remote ones whose facts are old queued for a refresh. */
export async function sweepDirectory(ctx: Context<Deps>): Promise<number> {
  await syncLocalSpaces(ctx.data.db, ctx.data.config.ORIGIN);
  const due = await spacesDueForRefresh(ctx.data.db, REFRESH_AFTER_MS);
  for (const iri of due) await enqueueRefresh(ctx.data.sql, iri);
  return due.length;
}

export function startDirectoryRefresh(ctx: Context<Deps>): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const listening = queueOf(ctx.data.sql)
    .listen(
      async (message) => {
        const iri = (message as { iri?: unknown }).iri;
        if (typeof iri === "string") await refreshSpace(ctx, iri);
      },
      { signal: stopping.signal },
    )
    .catch((error) => logger.error("The directory queue stopped: {error}", { error }));
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sweeping
      .then(() => sweepDirectory(ctx))
      .catch((error) => logger.error("Directory sweep failed: {error}", { error }));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await Promise.all([sweeping, listening]);
    },
  };
}
