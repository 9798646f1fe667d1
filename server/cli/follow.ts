import { z } from "zod";
import type { FollowResult } from "../../federation/actions/follow.ts";
import type { Deps } from "../deps.ts";
import { HandleSchema } from "../handles/handles.ts";
import { loadSecretKey } from "../instance/secret-key.ts";
import { findPersonByHandle } from "../people/people.ts";
import { findSpaceByHandle } from "../spaces/spaces.ts";
import { HUBNET_VERSION } from "../version.ts";
import { withDatabase } from "./database.ts";
import { type Command, parseOptions } from "./options.ts";

const Target = z
  .string()
  .trim()
  .refine(
    (t) =>
      /^@?[^@\s/]+@[^@\s/]+$/.test(t) || (URL.canParse(t) && /^https?:$/.test(new URL(t).protocol)),
    { error: "must be @user@host or an actor's https:// URL" },
  );

export type FollowOutcome = FollowResult | { ok: false; reason: "no-local-actor" };

/** What `follow` does once its arguments are checked: a local actor follows a remote one. */
export async function followAs(deps: Deps, handle: string, target: string): Promise<FollowOutcome> {
  const local =
    (await findSpaceByHandle(deps.db, handle)) ?? (await findPersonByHandle(deps.db, handle));
  if (local == null) return { ok: false, reason: "no-local-actor" };
  // Loaded here rather than at the top: Fedify takes a second to load, and no other command needs it.
  const [{ createFederationFor }, { createQueues }, { follow }] = await Promise.all([
    import("../../federation/federation.ts"),
    import("../../federation/queues.ts"),
    import("../../federation/actions/follow.ts"),
  ]);
  const queues = createQueues(deps);
  try {
    const ctx = createFederationFor(deps, queues).createContext(new URL(deps.config.ORIGIN), deps);
    return await follow(ctx, handle, target);
  } finally {
    queues.close();
  }
}

export const followCommand: Command = {
  summary: "Make a local space or person follow an account on another server",
  help: `Usage: npm run hubnet -- follow --as HANDLE --target TARGET

Looks the target up (WebFinger or its URL), records the follow as pending, and queues a Follow
activity (in the database, or in Redis with QUEUE=redis). The running server delivers it; the follow is accepted when the other
server answers.

Options:
  --as HANDLE       the local space or person who follows
  --target TARGET   @user@host, or the URL of an actor`,
  async run(args, config) {
    const options = parseOptions(
      args,
      ["as", "target"],
      z.object({ as: HandleSchema, target: Target }),
    );
    return withDatabase(config, async ({ db, sql }) => {
      const deps: Deps = {
        config,
        db,
        sql,
        secretKey: await loadSecretKey(config),
        version: HUBNET_VERSION,
        allowPrivateAddress: config.ALLOW_PRIVATE_ADDRESSES,
      };
      const result = await followAs(deps, options.as, options.target);
      if (!result.ok) {
        const messages = {
          "no-local-actor": `No local space or person has the handle "${options.as}".`,
          "not-found": `${options.target} was not found: nothing answered as an actor there (check the spelling, and that its server is up).`,
          self: `@${options.as} cannot follow itself.`,
          "private-address": `${options.target} is on this machine or a private network, which this instance does not contact; set ALLOW_PRIVATE_ADDRESSES=true to allow it (never on a public server).`,
        };
        console.error(messages[result.reason]);
        return 1;
      }
      const state =
        result.state === "accepted" ? "already accepted" : "pending until the other side accepts";
      console.log(
        `@${options.as} follows ${result.targetIri} (${state}).\nThe Follow activity is queued in the database; the running server delivers it (see \`queue status\`).`,
      );
      return 0;
    });
  },
};
