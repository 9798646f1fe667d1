import type { InboxContext } from "@fedify/fedify";
import { type Create, Note } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Deps } from "../../server/deps.ts";
import { isRefusedBySpace } from "../../server/moderation/space-blocks.ts";
import { findPostByIri } from "../../server/posts/posts.ts";
import { castVote, choicesByName } from "../../server/proposals/votes.ts";
import { remoteActor } from "../remote.ts";
import { loaders } from "./loaders.ts";

const logger = getLogger(["hubnet", "federation", "inbox", "vote"]);

/**
 * A vote on a local proposal, as Mastodon sends it: a Note by the sender whose `name` is the
 * option, in reply to the Question, with no text. Returns false when the object is not a vote.
 */
export async function receivedVote(ctx: InboxContext<Deps>, create: Create): Promise<boolean> {
  const object = await create.getObject(loaders(ctx));
  if (!(object instanceof Note) || object.name == null || object.replyTargetId == null)
    return false;
  if (create.actorId == null || object.attributionId?.href !== create.actorId.href) return false;
  if (object.contents.some((c) => c.toString().trim() !== "")) return false;
  const proposal = await findPostByIri(ctx.data.db, object.replyTargetId.href);
  if (proposal?.kind !== "proposal" || !proposal.isLocal || proposal.details?.kind !== "proposal")
    return false;
  const actorIri = create.actorId;
  if (actorIri == null || object.id == null) return true;
  const { db, config } = ctx.data;
  if (await isRefusedBySpace(db, config.ORIGIN, proposal.authorIri, actorIri.href)) {
    logger.info("Vote from {actor} on {proposal} refused: blocked", {
      actor: actorIri.href,
      proposal: proposal.iri,
    });
    return true;
  }
  const choices = choicesByName(proposal.details, [object.name.toString()]);
  const voter = await remoteActor(ctx, actorIri, { transient: "throw" });
  if (choices == null || voter == null) {
    logger.info("Vote from {actor} on {proposal} names no option", {
      actor: actorIri.href,
      proposal: proposal.iri,
    });
    return true;
  }
  const result = await castVote(
    ctx.data.db,
    proposal,
    { iri: voter.iri, isSpace: voter.type === "Group" },
    choices,
    object.id.href,
  );
  if (!result.ok)
    logger.info("Vote from {actor} on {proposal} refused: {reason}", {
      actor: voter.iri,
      proposal: proposal.iri,
      reason: result.reason,
    });
  return true;
}
