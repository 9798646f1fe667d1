import type { Context } from "@fedify/fedify";
import { Delete, PUBLIC_COLLECTION } from "@fedify/vocab";
import type { Deps } from "../../server/deps.ts";
import {
  type AccountResult,
  deleteAccount,
  deletionRefusal,
} from "../../server/moderation/accounts.ts";
import type { Moderator } from "../../server/moderation/domain-policy.ts";
import { findPersonByHandle } from "../../server/people/people.ts";
import { send } from "../deliver.ts";

/**
 * Deletes a local account: its followers' servers first hear a Delete of the actor (signed with
 * its key, queued with it before the key goes), then everything it made here goes
 * (server/moderation/accounts.ts), and its address answers 410 Gone.
 */
export async function deleteAccountEverywhere(
  ctx: Context<Deps>,
  handle: string,
  reason: string,
  by: Moderator,
): Promise<AccountResult> {
  const { db, config } = ctx.data;
  const person = await findPersonByHandle(db, handle);
  if (person == null) return { ok: false, reason: "not-found" };
  const refusal = await deletionRefusal(db, person);
  if (refusal) return { ok: false, reason: refusal };
  const actor = ctx.getActorUri(handle);
  await send(
    ctx,
    handle,
    "followers",
    new Delete({ id: new URL("#delete", actor), actor, object: actor, to: PUBLIC_COLLECTION }),
  );
  return deleteAccount(db, config.ORIGIN, handle, reason, by);
}
