import { createFederation, type Federation } from "@fedify/fedify";
import type { Deps } from "../server/deps.ts";
import { removeFollowers } from "../server/follows/follows.ts";
import { registerActors } from "./actors.ts";
import { registerCollections } from "./collections.ts";
import { documentLoaderFactories } from "./document-loaders.ts";
import { registerInbox } from "./inbox/inbox.ts";
import { registerMembersCollection } from "./members-collection.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerObjects } from "./objects.ts";
import { createQueues, type Queues } from "./queues.ts";
import { HubnetKvStore } from "./stores.ts";

/**
 * One Fedify federation per instance: its key-value store in the instance's database, its queues
 * where the configuration says (federation/queues.ts).
 */
export function createFederationFor(
  deps: Deps,
  queues: Queues = createQueues(deps),
): Federation<Deps> {
  const kv = new HubnetKvStore(deps.sql);
  const federation = createFederation<Deps>({
    kv,
    queue: queues.queue,
    // The queue is started by the process that runs it (see server/runtime.ts), never by a request.
    manuallyStartQueue: true,
    origin: deps.config.ORIGIN,
    // Every fetch with a timeout, a size limit and the address check (deps.allowPrivateAddress),
    // which Fedify's own loaders lack; Fedify then takes neither allowPrivateAddress nor userAgent.
    ...documentLoaderFactories(deps, kv),
  });
  registerActors(federation);
  registerCollections(federation);
  registerMembersCollection(federation);
  registerObjects(federation);
  registerInbox(federation);
  registerNodeInfo(federation);
  // A follower whose server answers 410 Gone (or 404) for its inbox is no follower any more.
  federation.setOutboxPermanentFailureHandler(async (ctx, { actorIds }) => {
    await removeFollowers(
      ctx.data.db,
      actorIds.map((id) => id.href),
    );
  });
  return federation;
}
