import type { Context } from "@fedify/fedify";
import type { Config } from "../config.ts";
import type { Deps } from "../deps.ts";
import { loadSecretKey } from "../instance/secret-key.ts";
import { HUBNET_VERSION } from "../version.ts";
import { withDatabase } from "./database.ts";

/**
 * Runs a command that reaches other servers (a Flag, a Delete, a Reject): the instance's
 * federation over the command's own database connection, its deliveries queued for the running
 * server to send. Fedify is loaded here, not at the top: no other command needs it.
 */
export async function withFederation<T>(
  config: Config,
  work: (ctx: Context<Deps>) => Promise<T>,
): Promise<T> {
  return withDatabase(config, async ({ db, sql }) => {
    const deps: Deps = {
      config,
      db,
      sql,
      secretKey: await loadSecretKey(config),
      version: HUBNET_VERSION,
      allowPrivateAddress: config.ALLOW_PRIVATE_ADDRESSES,
    };
    const [{ createFederationFor }, { createQueues }] = await Promise.all([
      import("../../federation/federation.ts"),
      import("../../federation/queues.ts"),
    ]);
    const queues = createQueues(deps);
    try {
      return await work(
        createFederationFor(deps, queues).createContext(new URL(config.ORIGIN), deps),
      );
    } finally {
      queues.close();
    }
  });
}
