import type { Context } from "@fedify/fedify";
import type { Post } from "../../db/schema.ts";
import { localHandleOf } from "../../server/actors/local-iris.ts";
import type { Deps } from "../../server/deps.ts";
import { closeProposal, proposalsDue } from "../../server/proposals/votes.ts";
import { deliverPost } from "../deliver.ts";

/** Closes a local proposal now and publishes its result as an Update; false if already closed. */
export async function closeAndPublish(ctx: Context<Deps>, proposal: Post): Promise<boolean> {
  const closed = await closeProposal(ctx.data.db, proposal);
  const handle = localHandleOf(ctx.data.config.ORIGIN, proposal.authorIri);
  if (closed == null || handle == null) return false;
  await deliverPost(ctx, handle, closed, "update");
  return true;
}

/** Every local proposal whose closing time has passed, closed and published. */
export async function closeDueProposals(ctx: Context<Deps>, now = new Date()): Promise<number> {
  let count = 0;
  for (const proposal of await proposalsDue(ctx.data.db, now))
    if (await closeAndPublish(ctx, proposal)) count++;
  return count;
}
