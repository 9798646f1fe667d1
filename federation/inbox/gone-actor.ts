import type { RequestContext, UnverifiedActivityReason } from "@fedify/fedify";
import { type Activity, Delete } from "@fedify/vocab";
import { forgetRemoteActor } from "../../server/actors/remote-actors.ts";
import type { Deps } from "../../server/deps.ts";

/**
 * A deleted account's `Delete` cannot be verified: its key went with it. It is acted on only when
 * the account's own server confirmed, answering 410 Gone (or 404) when Fedify fetched the signing
 * key from the actor's own document, and gets 202 so the sender stops retrying. Every other
 * unverifiable activity keeps Fedify's 401.
 */
export async function onGoneActorDelete(
  ctx: RequestContext<Deps>,
  activity: Activity,
  reason: UnverifiedActivityReason,
): Promise<Response | undefined> {
  if (!(activity instanceof Delete) || reason.type !== "keyFetchError") return undefined;
  const actor = activity.actorId;
  if (actor == null || activity.objectId?.href !== actor.href) return undefined;
  const keyDocument = new URL(reason.keyId);
  keyDocument.hash = "";
  if (keyDocument.href !== actor.href) return undefined;
  const status = "status" in reason.result ? reason.result.status : undefined;
  if (status !== 410 && status !== 404) return undefined;
  await forgetRemoteActor(ctx.data.db, actor.href);
  return new Response(null, { status: 202 });
}
