import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseLike } from "../../db/client.ts";
import { type Post, posts, type Vote, votes } from "../../db/schema.ts";
import type { ProposalDetails } from "../content/details.ts";
import { mayCastSpaceVote } from "../membership/equal-voice.ts";

export interface Voter {
  /** The person, or in one-vote-per-space mode the space, whose vote this is. */
  iri: string;
  isSpace: boolean;
  /** For a space's vote: the admin who cast it. */
  castByIri?: string;
}

export type VoteResult =
  | { ok: true; vote: Vote }
  | {
      ok: false;
      reason:
        | "not-a-proposal"
        | "closed"
        | "spaces-only"
        | "not-a-member"
        | "invalid-choice"
        | "already-voted";
    };

/** Options named by their label in any language (what Mastodon sends), as indexes. */
export function choicesByName(details: ProposalDetails, names: string[]): number[] | undefined {
  const wanted = names.map((n) => n.trim().toLowerCase());
  const indexes = wanted.map((name) =>
    details.options.findIndex((option) =>
      Object.values(option).some((label) => label.trim().toLowerCase() === name),
    ),
  );
  return indexes.every((i) => i >= 0) ? indexes : undefined;
}

/**
 * One vote per person, or per space in one-vote-per-space mode, so large and small affiliates
 * weigh the same (on a hub's proposal, per member space); a second vote by the same voter is
 * refused, not counted.
 *
 * Each vote is a row of its own, written while the proposal's row is held in share mode: votes
 * go through side by side, and closing (which takes the row for update) waits for those under
 * way and is then seen by every later one, so no vote is lost between the count and the close.
 */
export async function castVote(
  db: DatabaseLike,
  proposal: Post,
  voter: Voter,
  choices: number[],
  activityIri?: string,
  now = new Date(),
): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ details: posts.details })
      .from(posts)
      .where(eq(posts.id, proposal.id))
      .for("share");
    const d = current?.details;
    if (d?.kind !== "proposal") return { ok: false, reason: "not-a-proposal" } as const;
    if (d.closed || new Date(d.endTime) <= now) return { ok: false, reason: "closed" } as const;
    if (d.votingMode === "space" && !voter.isSpace)
      return { ok: false, reason: "spaces-only" } as const;
    // A hub's proposal is voted by its member spaces only (equal voice).
    if (d.votingMode === "space" && !(await mayCastSpaceVote(tx, proposal, voter.iri)))
      return { ok: false, reason: "not-a-member" } as const;
    const unique = [...new Set(choices)];
    if (
      unique.length === 0 ||
      (d.choice === "single" && unique.length > 1) ||
      unique.some((i) => !Number.isInteger(i) || i < 0 || i >= d.options.length)
    )
      return { ok: false, reason: "invalid-choice" } as const;
    const [vote] = await tx
      .insert(votes)
      .values({
        proposalIri: proposal.iri,
        voterIri: voter.iri,
        castByIri: voter.castByIri ?? null,
        choices: unique,
        activityIri: activityIri ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (vote) return { ok: true, vote } as const;
    return d.choice === "multiple" && activityIri
      ? addChoices(tx, proposal.iri, voter.iri, unique)
      : ({ ok: false, reason: "already-voted" } as const);
  });
}

/**
 * Mastodon sends a multiple-choice vote as one Note per option, often at the same moment: each
 * further option joins the same vote in one statement (never read, then written back, which
 * would lose an option sent alongside); an option already chosen is a duplicate and refused.
 */
async function addChoices(
  db: DatabaseLike,
  proposalIri: string,
  voterIri: string,
  choices: number[],
): Promise<VoteResult> {
  const wanted = sql`ARRAY[${sql.join(
    choices.map((c) => sql`${c}`),
    sql`, `,
  )}]::integer[]`;
  const [vote] = await db
    .update(votes)
    .set({
      choices: sql`${votes.choices} || ARRAY(
        SELECT DISTINCT c FROM unnest(${wanted}) c WHERE c <> ALL (${votes.choices}) ORDER BY c)`,
    })
    .where(
      and(
        eq(votes.proposalIri, proposalIri),
        eq(votes.voterIri, voterIri),
        sql`NOT (${votes.choices} @> ${wanted})`,
      ),
    )
    .returning();
  return vote ? { ok: true, vote } : { ok: false, reason: "already-voted" };
}

export interface Tally {
  counts: number[];
  voters: number;
}

export async function tallyVotes(db: DatabaseLike, proposal: Post): Promise<Tally> {
  const d = proposal.details;
  if (d?.kind !== "proposal") return { counts: [], voters: 0 };
  const rows = await db
    .select({ choice: sql<number>`unnest(${votes.choices})`, n: count() })
    .from(votes)
    .where(eq(votes.proposalIri, proposal.iri))
    .groupBy(sql`1`);
  const [voters] = await db
    .select({ n: count() })
    .from(votes)
    .where(eq(votes.proposalIri, proposal.iri));
  return {
    counts: d.options.map((_, i) => rows.find((r) => Number(r.choice) === i)?.n ?? 0),
    voters: voters?.n ?? 0,
  };
}

/** The tallies of several proposals at once (a page of cards), by proposal IRI. */
export async function tallyVotesOf(
  db: DatabaseLike,
  proposals: Post[],
): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  const iris = proposals.filter((p) => p.details?.kind === "proposal").map((p) => p.iri);
  if (iris.length === 0) return tallies;
  const [choices, voters] = await Promise.all([
    db
      .select({
        proposal: votes.proposalIri,
        choice: sql<number>`unnest(${votes.choices})`,
        n: count(),
      })
      .from(votes)
      .where(inArray(votes.proposalIri, iris))
      .groupBy(votes.proposalIri, sql`2`),
    db
      .select({ proposal: votes.proposalIri, n: count() })
      .from(votes)
      .where(inArray(votes.proposalIri, iris))
      .groupBy(votes.proposalIri),
  ]);
  for (const proposal of proposals) {
    const d = proposal.details;
    if (d?.kind !== "proposal") continue;
    const mine = choices.filter((r) => r.proposal === proposal.iri);
    tallies.set(proposal.iri, {
      counts: d.options.map((_, i) => mine.find((r) => Number(r.choice) === i)?.n ?? 0),
      voters: voters.find((r) => r.proposal === proposal.iri)?.n ?? 0,
    });
  }
  return tallies;
}

/** What `voterIri` voted on each of several proposals, by proposal IRI. */
export async function votesBy(
  db: DatabaseLike,
  voterIri: string,
  proposalIris: string[],
): Promise<Map<string, Vote>> {
  if (proposalIris.length === 0) return new Map();
  const rows = await db
    .select()
    .from(votes)
    .where(and(eq(votes.voterIri, voterIri), inArray(votes.proposalIri, proposalIris)));
  return new Map(rows.map((row) => [row.proposalIri, row]));
}

export async function voteOf(
  db: DatabaseLike,
  proposalIri: string,
  voterIri: string,
): Promise<Vote | undefined> {
  const [row] = await db
    .select()
    .from(votes)
    .where(and(eq(votes.proposalIri, proposalIri), eq(votes.voterIri, voterIri)));
  return row;
}

/**
 * When a proposal closing `now` closed: now when its author closes it early, its scheduled end
 * when the sweeper comes by afterwards. This is the moment published as `closed` and `endTime`.
 */
export function closingMoment(details: ProposalDetails, now: Date): string {
  const end = new Date(details.endTime);
  return (now < end ? now : end).toISOString();
}

/**
 * Closes a proposal with its final counts and the moment it closed. Only one caller wins
 * (several workers may race), the others get undefined. The proposal's row is taken for update
 * first, so the votes under way (which hold it in share mode) are counted and later ones see it
 * closed.
 */
export async function closeProposal(
  db: DatabaseLike,
  proposal: Post,
  now = new Date(),
): Promise<Post | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(posts).where(eq(posts.id, proposal.id)).for("update");
    const d = current?.details;
    if (current == null || d?.kind !== "proposal" || d.closed) return undefined;
    const tally = await tallyVotes(tx, current);
    const closedAt = closingMoment(d, now);
    const [closed] = await tx
      .update(posts)
      .set({
        details: { ...d, counts: tally.counts, voters: tally.voters, closed: true, closedAt },
        updatedAt: now,
      })
      .where(eq(posts.id, proposal.id))
      .returning();
    return closed;
  });
}

/** Everyone who voted, to tell them the result. */
export async function votersOf(db: DatabaseLike, proposalIri: string): Promise<string[]> {
  const rows = await db
    .select({ iri: votes.voterIri })
    .from(votes)
    .where(eq(votes.proposalIri, proposalIri));
  return rows.map((r) => r.iri);
}

/** Local proposals whose closing time has passed but are not closed yet. */
export async function proposalsDue(db: DatabaseLike, now = new Date()): Promise<Post[]> {
  return db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.kind, "proposal"),
        eq(posts.isLocal, true),
        sql`(${posts.details}->>'closed')::boolean IS NOT TRUE`,
        sql`(${posts.details}->>'endTime')::timestamptz <= ${now.toISOString()}::timestamptz`,
      ),
    );
}
