import type { Context } from "@fedify/fedify";
import type { Config } from "../config.ts";
import type { Deps } from "../deps.ts";
import { loadSecretKey } from "../instance/secret-key.ts";
import { HUBNET_VERSION } from "../version.ts";
import { withDatabase } from "./database.ts";

/**
 * Runs `work` with the instance's federation context, for commands that look spaces up on the
 * network or queue activities (the running server delivers them). Fedify is loaded only here:
 * it takes a second to load, and most commands do not need it.
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
