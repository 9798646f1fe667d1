import type { Context } from "hono";
import type { DatabaseLike } from "../db/client.ts";
import type { Post, Rsvp, Vote } from "../db/schema.ts";
import { actorCards } from "../server/actors/actor-cards.ts";
import { postCounts } from "../server/counters/counters.ts";
import { answersBy, type RsvpCounts, rsvpCountsOf } from "../server/events/rsvps.ts";
import { memberRoll } from "../server/membership/equal-voice.ts";
import { relayedBy } from "../server/membership/relaying.ts";
import { findPostByIri } from "../server/posts/posts.ts";
import { canView, localViewer } from "../server/posts/visibility.ts";
import { type Tally, tallyVotesOf, votesBy } from "../server/proposals/votes.ts";
import { reactionsBy } from "../server/reactions/reactions.ts";
import type { WebEnv } from "./env.ts";
import type { ContentExtras } from "./views/content.tsx";
import type { PostView } from "./views/post.tsx";

/** What the cards of a page need beyond the posts: fetched once for the page, not per card. */
interface PageFacts {
  rsvps: Map<string, RsvpCounts>;
  answers: Map<string, Rsvp>;
  tallies: Map<string, Tally>;
  votes: Map<string, Vote>;
}

async function pageFacts(
  db: DatabaseLike,
  posts: Post[],
  readerIri: string | undefined,
): Promise<PageFacts> {
  const events = posts.filter((p) => p.details?.kind === "event").map((p) => p.iri);
  const proposals = posts.filter((p) => p.details?.kind === "proposal");
  const none = <T>() => Promise.resolve(new Map<string, T>());
  const [rsvps, answers, tallies, votes] = await Promise.all([
    rsvpCountsOf(
      db,
      posts.filter((p) => p.details?.kind === "event" && p.isLocal).map((p) => p.iri),
    ),
    readerIri ? answersBy(db, readerIri, events) : none<Rsvp>(),
    tallyVotesOf(
      db,
      proposals.filter((p) => p.isLocal),
    ),
    readerIri
      ? votesBy(
          db,
          readerIri,
          proposals.map((p) => p.iri),
        )
      : none<Vote>(),
  ]);
  return { rsvps, answers, tallies, votes };
}

/** Answers to an event and results of a proposal, with the reader's own. */
async function extrasOf(db: DatabaseLike, post: Post, facts: PageFacts): Promise<ContentExtras> {
  const d = post.details;
  if (d?.kind === "event") {
    // Answers to a remote event are counted by its organizer's server.
    const counts = post.isLocal
      ? (facts.rsvps.get(post.iri) ?? { going: 0, maybe: 0, notGoing: 0 })
      : { going: d.participantCount ?? 0 };
    return { rsvps: { ...counts, mine: facts.answers.get(post.iri)?.status } };
  }
  if (d?.kind === "proposal") {
    // A local proposal counts live; a remote one shows what its server last published.
    const tally = post.isLocal
      ? (facts.tallies.get(post.iri) ?? { counts: [], voters: 0 })
      : { counts: d.counts ?? [], voters: d.voters ?? 0 };
    const roll = await memberRoll(db, post);
    const handles = roll
      ? await actorCards(db, new URL(post.iri).origin, [
          ...roll.voted.map((v) => v.iri),
          ...roll.notVoted,
        ])
      : undefined;
    const handleOf = (iri: string) => handles?.get(iri)?.handle ?? iri;
    return {
      results: {
        ...tally,
        closed: d.closed || new Date(d.endTime) <= new Date(),
        mine: facts.votes.get(post.iri)?.choices,
        members: roll && {
          voted: roll.voted.map((v) => handleOf(v.iri)),
          notVoted: roll.notVoted.map(handleOf),
        },
      },
    };
  }
  return {};
}

/**
 * Posts with their authors and counts, ready for PostCard: a few queries for the whole page
 * (authors, counts, the reader's reactions, answers and votes), whatever its length.
 */
export async function postViews(
  db: DatabaseLike,
  origin: string,
  posts: Post[],
  readerIri?: string,
): Promise<PostView[]> {
  const iris = posts.map((p) => p.iri);
  const [cards, reactionCounts, relays, mine, facts] = await Promise.all([
    actorCards(
      db,
      origin,
      posts.map((p) => p.authorIri),
    ),
    postCounts(db, iris),
    relayedBy(db, iris),
    readerIri ? reactionsBy(db, readerIri, iris) : new Set<string>(),
    pageFacts(db, posts, readerIri),
  ]);
  const hubs = await actorCards(db, origin, [...relays.values()].flat());
  return Promise.all(
    posts.map(async (post) => {
      const author = cards.get(post.authorIri);
      if (author == null) throw new Error(`no card for ${post.authorIri}`);
      return {
        post,
        author,
        counts: { ...(reactionCounts.get(post.iri) ?? { likes: 0, boosts: 0 }) },
        mine: { like: mine.has(`like:${post.iri}`), boost: mine.has(`boost:${post.iri}`) },
        href: post.isLocal ? new URL(post.iri).pathname : (post.url ?? post.iri),
        relayedBy: (relays.get(post.iri) ?? []).flatMap((iri) => hubs.get(iri) ?? []),
        inReplyToHref: post.inReplyToIri ? hrefOf(origin, post.inReplyToIri) : undefined,
        extras: await extrasOf(db, post, facts),
      };
    }),
  );
}

/** A post the signed-in reader (or an anonymous one) may see, by IRI. */
export async function visibleByIri(c: Context<WebEnv>, iri: string | undefined) {
  const { db, config } = c.get("deps");
  const post = iri ? await findPostByIri(db, iri) : undefined;
  const viewer = await localViewer(db, config.ORIGIN, c.get("person"));
  return post && (await canView(db, post, viewer)) ? post : undefined;
}

/** Where a post's link goes: its page here when it is ours, its own address otherwise. */
function hrefOf(origin: string, iri: string): string {
  if (!URL.canParse(iri)) return "#";
  const url = new URL(iri);
  return url.origin === new URL(origin).origin ? url.pathname : url.href;
}
