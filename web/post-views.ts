import type { Context } from "hono";
import type { DatabaseLike } from "../db/client.ts";
import type { Post } from "../db/schema.ts";
import { actorCards } from "../server/actors/actor-cards.ts";
import { postCounts } from "../server/counters/counters.ts";
import { answerOf, rsvpCounts } from "../server/events/rsvps.ts";
import { memberRoll } from "../server/membership/equal-voice.ts";
import { relayedBy } from "../server/membership/relaying.ts";
import { findPostByIri } from "../server/posts/posts.ts";
import { canView, localViewer } from "../server/posts/visibility.ts";
import { tallyVotes, voteOf } from "../server/proposals/votes.ts";
import { reactionsBy } from "../server/reactions/reactions.ts";
import type { WebEnv } from "./env.ts";
import type { ContentExtras } from "./views/content.tsx";
import type { PostView } from "./views/post.tsx";

/** Answers to an event and results of a proposal, with the reader's own. */
async function extrasOf(
  db: DatabaseLike,
  post: Post,
  readerIri: string | undefined,
): Promise<ContentExtras> {
  const d = post.details;
  if (d?.kind === "event") {
    const mine = readerIri ? await answerOf(db, post.iri, readerIri) : undefined;
    // Answers to a remote event are counted by its organizer's server.
    const counts = post.isLocal
      ? await rsvpCounts(db, post.iri)
      : { going: d.participantCount ?? 0 };
    return { rsvps: { ...counts, mine: mine?.status } };
  }
  if (d?.kind === "proposal") {
    // A local proposal counts live; a remote one shows what its server last published.
    const tally = post.isLocal
      ? await tallyVotes(db, post)
      : { counts: d.counts ?? [], voters: d.voters ?? 0 };
    const mine = readerIri ? await voteOf(db, post.iri, readerIri) : undefined;
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
        mine: mine?.choices,
        members: roll && {
          voted: roll.voted.map((v) => handleOf(v.iri)),
          notVoted: roll.notVoted.map(handleOf),
        },
      },
    };
  }
  return {};
}

/** Posts with their authors and counts, ready for PostCard. */
export async function postViews(
  db: DatabaseLike,
  origin: string,
  posts: Post[],
  readerIri?: string,
): Promise<PostView[]> {
  const cards = await actorCards(
    db,
    origin,
    posts.map((p) => p.authorIri),
  );
  const iris = posts.map((p) => p.iri);
  const [reactionCounts, relays, mine] = await Promise.all([
    postCounts(db, iris),
    relayedBy(db, iris),
    readerIri ? reactionsBy(db, readerIri, iris) : new Set<string>(),
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
        extras: await extrasOf(db, post, readerIri),
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
