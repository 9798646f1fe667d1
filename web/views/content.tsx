/** How the structured fields of hub content read on a page, in the reader's language. */
import type { FC } from "hono/jsx";
import type { LanguageMap, Post } from "../../db/schema.ts";
import type {
  EventDetails,
  LessonDetails,
  ProposalDetails,
  ResourceDetails,
} from "../../server/content/details.ts";
import type { RsvpCounts } from "../../server/events/rsvps.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { CsrfField } from "./layout.tsx";

export const KIND_LABEL: Record<Post["kind"], string> = {
  note: "Announcement",
  article: "Article",
  offer: "Offer",
  need: "Need",
  lesson: "Lesson",
  event: "Event",
  proposal: "Proposal",
};
const LESSON_LABEL = { lesson: "Lesson", failure: "Failure", "best-practice": "Best practice" };
const STATUS_LABEL = { open: "Open", matched: "Matched", closed: "Closed" };

/** What a reader needs besides the post to act on it: answers, votes, and who they act as. */
export interface ContentExtras {
  /** Of a remote event only `going` is known (its organizer's count). */
  rsvps?: Pick<RsvpCounts, "going"> & Partial<RsvpCounts> & { mine: string | undefined };
  results?: { counts: number[]; voters: number; closed: boolean; mine: number[] | undefined };
}

export interface ActingReader {
  csrfToken: string;
  /** Local actors the reader may answer or vote as (themself first, then spaces). */
  identities: { handle: string; label: string }[];
}

/** A multilingual text in the reader's language, with a note when it falls back. */
export const Localized: FC<{ map: LanguageMap; languages: string[]; fallback: string }> = ({
  map,
  languages,
  fallback,
}) => {
  const picked = pickLanguage(map, languages, fallback);
  return picked ? (
    <span lang={picked.language} dir="auto">
      {picked.text}
    </span>
  ) : null;
};

const dateOnly = (iso: string | undefined) => (iso ? iso.slice(0, 10) : "…");

const ResourceFacts: FC<{ d: ResourceDetails; kind: "offer" | "need" }> = ({ d, kind }) => (
  <dl class="facts">
    <dt>{kind === "offer" ? "Offered" : "Needed"}</dt>
    <dd>{d.category}</dd>
    {d.languages.length ? (
      <>
        <dt>Languages</dt>
        <dd>{d.languages.join(", ")}</dd>
      </>
    ) : null}
    <dt>Where</dt>
    <dd>{[...d.regions, ...(d.online ? ["online"] : [])].join(", ") || "anywhere"}</dd>
    {d.availableFrom || d.availableUntil ? (
      <>
        <dt>Available</dt>
        <dd>
          {dateOnly(d.availableFrom)} – {dateOnly(d.availableUntil)}
        </dd>
      </>
    ) : null}
    {d.capacity ? (
      <>
        <dt>Capacity</dt>
        <dd>{d.capacity}</dd>
      </>
    ) : null}
    <dt>Status</dt>
    <dd class={`status ${d.status}`}>{STATUS_LABEL[d.status]}</dd>
  </dl>
);

const LessonSections: FC<{ d: LessonDetails; languages: string[]; fallback: string }> = ({
  d,
  languages,
  fallback,
}) => (
  <div class="lesson">
    <p class="muted">
      {LESSON_LABEL[d.lessonKind]}
      {d.themes.length ? ` · ${d.themes.map((t) => `#${t}`).join(" ")}` : ""}
      {d.regions.length ? ` · ${d.regions.join(", ")}` : ""}
    </p>
    {(
      [
        ["Context", d.context],
        ["What happened", d.whatHappened],
        ["Outcome", d.outcome],
        ["Recommendations", d.recommendations],
      ] as const
    ).map(([label, map]) =>
      Object.keys(map).length ? (
        <section>
          <h3>{label}</h3>
          <p>
            <Localized map={map} languages={languages} fallback={fallback} />
          </p>
        </section>
      ) : null,
    )}
  </div>
);

/** A time in the event's own time zone, as its organizers mean it. */
function inZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

const EventFacts: FC<{
  d: EventDetails;
  post: Post;
  extras: ContentExtras;
  reader?: ActingReader;
}> = ({ d, post, extras, reader }) => (
  <div class="event">
    <dl class="facts">
      <dt>When</dt>
      <dd>
        <time datetime={d.startTime}>{inZone(d.startTime, d.timeZone)}</time> –{" "}
        <time datetime={d.endTime}>{inZone(d.endTime, d.timeZone)}</time> ({d.timeZone})
      </dd>
      {d.place ? (
        <>
          <dt>Where</dt>
          <dd>{[d.place.name, d.place.address].filter(Boolean).join(", ")}</dd>
        </>
      ) : null}
      {d.onlineUrl ? (
        <>
          <dt>Online</dt>
          <dd>
            <a href={d.onlineUrl} rel="nofollow noopener">
              {d.onlineUrl}
            </a>
          </dd>
        </>
      ) : null}
      {extras.rsvps ? (
        <>
          <dt>Answers</dt>
          <dd data-rsvps>
            {extras.rsvps.going} going{d.capacity ? ` of ${d.capacity}` : ""}
            {extras.rsvps.maybe != null
              ? ` · ${extras.rsvps.maybe} maybe · ${extras.rsvps.notGoing ?? 0} not going`
              : ""}
          </dd>
        </>
      ) : null}
    </dl>
    {post.isLocal ? (
      <p>
        <a href={`${new URL(post.iri).pathname}/event.ics`}>Add to calendar (.ics)</a>
      </p>
    ) : null}
    {reader ? (
      <form method="post" action="/rsvp" class="inline rsvp">
        <CsrfField token={reader.csrfToken} />
        <input type="hidden" name="iri" value={post.iri} />
        <AsField identities={reader.identities} />
        {extras.rsvps?.mine ? (
          <span class="muted">Your answer: {extras.rsvps.mine.replace("_", " ")} </span>
        ) : null}
        {(
          [
            ["going", "Going"],
            ["maybe", "Maybe"],
            ["not_going", "Not going"],
          ] as const
        ).map(([status, label]) => (
          <button type="submit" name="status" value={status} class="small">
            {label}
          </button>
        ))}
      </form>
    ) : null}
  </div>
);

const AsField: FC<{ identities: { handle: string; label: string }[] }> = ({ identities }) =>
  identities.length > 1 ? (
    <label>
      as{" "}
      <select name="as">
        {identities.map((i) => (
          <option value={i.handle}>{i.label}</option>
        ))}
      </select>{" "}
    </label>
  ) : (
    <input type="hidden" name="as" value={identities[0]?.handle ?? ""} />
  );

const ProposalBallot: FC<{
  d: ProposalDetails;
  post: Post;
  extras: ContentExtras;
  languages: string[];
  reader?: ActingReader;
}> = ({ d, post, extras, languages, reader }) => {
  const results = extras.results;
  const closed = results?.closed ?? d.closed;
  const counts = results?.counts ?? d.counts ?? [];
  const total = counts.reduce((a, b) => a + b, 0);
  // Where spaces vote, the reader votes as one of their spaces, never as themself.
  const voters =
    d.votingMode === "space" ? (reader?.identities.slice(1) ?? []) : (reader?.identities ?? []);
  const open = !closed && reader != null && voters.length > 0 && results?.mine == null;
  const options = d.options.map((option, i) => (
    <li>
      {open ? (
        <label>
          <input
            type={d.choice === "single" ? "radio" : "checkbox"}
            name="choice"
            value={String(i)}
            required={d.choice === "single"}
          />{" "}
          <Localized map={option} languages={languages} fallback={post.defaultLanguage} />
        </label>
      ) : (
        <Localized map={option} languages={languages} fallback={post.defaultLanguage} />
      )}{" "}
      <span class="muted" data-option-count={String(i)}>
        {counts[i] ?? 0} {total ? `(${Math.round(((counts[i] ?? 0) * 100) / total)}%)` : ""}
        {results?.mine?.includes(i) ? " · your vote" : ""}
      </span>
    </li>
  ));
  return (
    <div class="proposal">
      <p class="muted">
        {d.votingMode === "space" ? "One vote per space" : "One vote per person"} ·{" "}
        {d.choice === "single" ? "one choice" : "several choices"} ·{" "}
        {closed ? "closed" : `closes ${d.endTime.slice(0, 16).replace("T", " ")} UTC`} ·{" "}
        {results?.voters ?? d.voters ?? 0} voters
      </p>
      {open ? (
        <form method="post" action="/votes">
          <CsrfField token={reader.csrfToken} />
          <input type="hidden" name="iri" value={post.iri} />
          <ol class="options">{options}</ol>
          <AsField identities={voters} />
          <button type="submit" class="small">
            Vote
          </button>
        </form>
      ) : (
        <>
          <ol class="options">{options}</ol>
          {!closed && reader != null && voters.length === 0 ? (
            <p class="muted">
              Spaces vote on this proposal; an admin of your space casts its vote.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
};

/** The structured part of a post, by kind. */
export const ContentFacts: FC<{
  post: Post;
  languages: string[];
  extras: ContentExtras;
  reader?: ActingReader;
}> = ({ post, languages, extras, reader }) => {
  const d = post.details;
  switch (d?.kind) {
    case "offer":
    case "need":
      return <ResourceFacts d={d} kind={d.kind} />;
    case "lesson":
      return <LessonSections d={d} languages={languages} fallback={post.defaultLanguage} />;
    case "event":
      return <EventFacts d={d} post={post} extras={extras} reader={reader} />;
    case "proposal":
      return (
        <ProposalBallot d={d} post={post} extras={extras} languages={languages} reader={reader} />
      );
    default:
      return null;
  }
};
