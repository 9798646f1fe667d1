/**
 * Equal voice: a hub's proposal voted one vote per space is voted by its member spaces only, so
 * a five-person user group weighs the same as a national chapter, and the result names which
 * members voted and which did not.
 */
import { eq } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { directoryEntries, type Post, votes } from "../../db/schema.ts";
import { findSpaceByHandle } from "../spaces/spaces.ts";
import { everyMemberOf } from "./lists.ts";
import { isMember } from "./memberships.ts";

/** Whether the author of a post is a hub: a local space of that kind, or one the directory knows. */
export async function isHubAuthor(db: DatabaseLike, post: Post): Promise<boolean> {
  if (post.isLocal) {
    const handle = new URL(post.authorIri).pathname.match(/^\/@([a-z0-9_]{1,30})$/)?.[1];
    return handle != null && (await findSpaceByHandle(db, handle))?.kind === "hub";
  }
  const [entry] = await db
    .select({ kind: directoryEntries.kind })
    .from(directoryEntries)
    .where(eq(directoryEntries.iri, post.authorIri));
  return entry?.kind === "hub";
}

/** Whether `voterIri` may cast a space's vote on `proposal`: any space, or a hub's member. */
export async function mayCastSpaceVote(
  db: DatabaseLike,
  proposal: Post,
  voterIri: string,
): Promise<boolean> {
  if (!(await isHubAuthor(db, proposal))) return true;
  return isMember(db, voterIri, proposal.authorIri);
}

export interface MemberRoll {
  /** Member spaces that voted (not how: the count shows that), with who cast each vote. */
  voted: { iri: string; castByIri: string | null }[];
  /** Member spaces that have not voted. */
  notVoted: string[];
}

/**
 * Which member spaces of the hub voted on its proposal, and which did not; undefined for a
 * proposal that is not a hub's own one-vote-per-space proposal (a remote hub knows its members).
 */
export async function memberRoll(
  db: DatabaseLike,
  proposal: Post,
): Promise<MemberRoll | undefined> {
  const d = proposal.details;
  if (d?.kind !== "proposal" || d.votingMode !== "space" || !proposal.isLocal) return undefined;
  if (!(await isHubAuthor(db, proposal))) return undefined;
  const [members, cast] = await Promise.all([
    everyMemberOf(db, proposal.authorIri),
    db.select().from(votes).where(eq(votes.proposalIri, proposal.iri)),
  ]);
  const byVoter = new Map(cast.map((vote) => [vote.voterIri, vote]));
  const voted: MemberRoll["voted"] = [];
  const notVoted: string[] = [];
  for (const member of members) {
    const vote = byVoter.get(member.memberIri);
    if (vote) voted.push({ iri: vote.voterIri, castByIri: vote.castByIri });
    else notVoted.push(member.memberIri);
  }
  return { voted, notVoted };
}
