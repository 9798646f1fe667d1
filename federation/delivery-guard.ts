/**
 * Where Hubnet sends activities: inbox URLs come from other servers' actor documents, so they
 * are checked like every other remote URL, when an actor is stored and again before each
 * delivery (an address can change between the two). In production nothing is ever posted to a
 * private or loopback address, and nothing to a server the federation policy refuses (a
 * suspended domain, or one off the allowlist in allowlist mode).
 */
import type {
  MessageQueue,
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { NewRemoteActor } from "../db/schema.ts";
import type { Deps } from "../server/deps.ts";
import { isOwnOrigin } from "./origin.ts";
import { isPublicUrl } from "./remote-fetch.ts";

const logger = getLogger(["hubnet", "federation", "deliver"]);

/**
 * A remote actor as it may be stored: its inbox public and not on this instance (or it is not
 * kept at all), a shared inbox only when it is too.
 */
export async function deliverableActor(
  deps: Deps,
  actor: NewRemoteActor,
): Promise<NewRemoteActor | undefined> {
  const allowed = async (url: string) =>
    !isOwnOrigin(deps.config.ORIGIN, url) && (await isPublicUrl(url, deps.allowPrivateAddress));
  if (!(await allowed(actor.inboxIri))) {
    logger.warn("Not keeping {actor}: its inbox {inbox} is not a public address", {
      actor: actor.iri,
      inbox: actor.inboxIri,
    });
    return undefined;
  }
  const shared = actor.sharedInboxIri;
  return shared != null && !(await allowed(shared)) ? { ...actor, sharedInboxIri: null } : actor;
}

/** Fedify's outbox queue, with every delivery's inbox checked just before it is sent. */
export class GuardedOutbox implements MessageQueue {
  readonly nativeRetrial?: boolean;
  readonly getDepth?: () => Promise<MessageQueueDepth>;

  constructor(
    readonly queue: MessageQueue,
    readonly allowPrivateAddress: boolean,
    /** Whether the federation policy refuses an inbox's server (federation/policy-guard.ts). */
    readonly refuses: (inbox: URL) => Promise<boolean> = async () => false,
  ) {
    this.nativeRetrial = queue.nativeRetrial;
    if (queue.getDepth) this.getDepth = () => queue.getDepth?.() as Promise<MessageQueueDepth>;
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions) {
    return this.queue.enqueue(message, options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions) {
    if (this.queue.enqueueMany) return this.queue.enqueueMany(messages, options);
    for (const message of messages) await this.queue.enqueue(message, options);
  }

  listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions) {
    return this.queue.listen(async (message) => {
      const inbox = (message as { type?: unknown; inbox?: unknown }).inbox;
      const isDelivery = (message as { type?: unknown }).type === "outbox";
      if (isDelivery && !(await isPublicUrl(String(inbox), this.allowPrivateAddress))) {
        logger.warn("Did not deliver to {inbox}: not a public address", { inbox });
        return;
      }
      if (isDelivery && (await this.refuses(new URL(String(inbox))))) {
        logger.info("Did not deliver to {inbox}: this instance does not federate with it", {
          inbox,
        });
        return;
      }
      return handler(message);
    }, options);
  }
}
