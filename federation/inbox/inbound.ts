import type { InboxContext, InboxListener } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { classifyFailure, describeFailure, RetryLater } from "../failures.ts";
import { isActivityOfItsActor } from "../origin.ts";
import { policyGuard } from "../policy-guard.ts";

const logger = getLogger(["hubnet", "federation", "inbox"]);

/**
 * One meaning of an activity, chosen by what its object is (a follow, an event, a post …).
 * Returns false when the object is not its kind, so the next meaning is tried.
 */
export type Meaning<A extends Activity> = (
  ctx: InboxContext<Deps>,
  activity: A,
) => Promise<unknown>;

/**
 * The listener for one activity type: the origin rule every activity must pass, then the
 * federation policy (an activity of a refused actor or server, forwarded or queued before its
 * block, is dropped here too), then its meanings in order until one recognizes the object. A
 * transient failure is thrown for the queue to retry; a permanent one (404, 410, a document that
 * breaks the rules) is dropped with one warning.
 */
export function inbound<A extends Activity>(...meanings: Meaning<A>[]): InboxListener<Deps, A> {
  return async (ctx, activity) => {
    const described = {
      type: activity.constructor.name,
      id: activity.id?.href,
      actor: activity.actorId?.href,
    };
    if (!isActivityOfItsActor(activity)) {
      logger.warn("Refused {type} {id}: not on the origin of its actor {actor}", described);
      return;
    }
    if (activity.actorId && (await policyGuard(ctx.data).refusesActor(activity.actorId))) {
      logger.info("Refused {type} {id}: this instance does not federate with {actor}", described);
      return;
    }
    try {
      for (const meaning of meanings) if ((await meaning(ctx, activity)) !== false) return;
      logger.debug("Nothing here is the object of {type} {id}", described);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure === "unknown") throw error;
      if (failure === "transient") throw new RetryLater(error as Error);
      logger.warn("Dropped {type} {id} from {actor}: {reason}", {
        ...described,
        reason: describeFailure(error),
      });
    }
  };
}
