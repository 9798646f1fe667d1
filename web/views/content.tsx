/** How the structured fields of hub content read on a page, in the reader's language. */
import type { FC } from "hono/jsx";
import type { LanguageMap, Post } from "../../db/schema.ts";
import type {
  EventDetails,
  LessonDetails,
  LessonKind,
  ProposalDetails,
  ResourceDetails,
} from "../../server/content/details.ts";
import type { RsvpCounts } from "../../server/events/rsvps.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";
import { EventTimes } from "./event-times.tsx";
import { CsrfField } from "./layout.tsx";

/** What a reader needs besides the post to act on it: answers, votes, and who they act as. */
export interface ContentExtras {
  /** Of a remote event only `going` is known (its organizer's count). */
  rsvps?: Pick<RsvpCounts, "going"> & Partial<RsvpCounts> & { mine: string | undefined };
  results?: {
    counts: number[];
    voters: number;
    closed: boolean;
    mine: number[] | undefined;
    /** On a hub's one-vote-per-space proposal: its member spaces that voted and did not. */
    members?: { voted: string[]; notVoted: string[] };
  };
}

export interface ActingReader {
  csrfToken: string;
  /** Local actors the reader may answer or vote as (themself first, then spaces). */
  identities: { handle: string; label: string }[];
}

/** A multilingual text in the reader's language. */
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

/** "Best practice": ICU selects take no hyphens, so the kind's is read as an underscore. */
export const lessonKindName = (t: Translator, kind: LessonKind) =>
  t("lesson.kind", { kind: kind.replace("-", "_") });

/** An availability window of whole days (stored as UTC midnights), open at either end. */
function availability(t: Translator, from: string | undefined, until: string | undefined) {
  const day = (iso: string) => t.dateTime(iso, { dateStyle: "medium", timeZone: "UTC" });
  if (from && until) return t.dateRange(from, until, { dateStyle: "medium", timeZone: "UTC" });
  if (from) return t("resource.available-from", { date: day(from) });
  return until ? t("resource.available-until", { date: day(until) }) : "";
}

const ResourceFacts: FC<{ t: Translator; d: ResourceDetails; kind: "offer" | "need" }> = ({
  t,
  d,
  kind,
}) => {
  const where = [...d.regions.map(t.regionName), ...(d.online ? [t("resource.online")] : [])];
  return (
    <dl class="facts">
      <dt>{t("resource.category-label", { kind })}</dt>
      <dd>{t("resource.category", { category: d.category })}</dd>
      {d.languages.length ? (
        <>
          <dt>{t("facts.languages")}</dt>
          <dd>{t.list(d.languages.map(t.languageName))}</dd>
        </>
      ) : null}
      <dt>{t("resource.where")}</dt>
      <dd>{where.length ? t.list(where) : t("resource.anywhere")}</dd>
      {d.availableFrom || d.availableUntil ? (
        <>
          <dt>{t("resource.available")}</dt>
          <dd>{availability(t, d.availableFrom, d.availableUntil)}</dd>
        </>
      ) : null}
      {d.capacity ? (
        <>
          <dt>{t("form.capacity")}</dt>
          <dd>{t.number(d.capacity)}</dd>
        </>
      ) : null}
      <dt>{t("resource.status-label")}</dt>
      <dd class={`status ${d.status}`}>{t("resource.status", { status: d.status })}</dd>
    </dl>
  );
};

const LessonSections: FC<{
  t: Translator;
  d: LessonDetails;
  languages: string[];
  fallback: string;
}> = ({ t, d, languages, fallback }) => (
  <div class="lesson">
    <p class="muted">
      {lessonKindName(t, d.lessonKind)}
      {d.themes.map((theme) => (
        <>
          {" · "}
          <bdi>#{theme}</bdi>
        </>
      ))}
      {d.regions.length ? ` · ${t.list(d.regions.map(t.regionName))}` : ""}
    </p>
    {(["context", "whatHappened", "outcome", "recommendations"] as const).map((name) => {
      // The paragraph itself takes the text's language and direction, so an English section
      // in an Arabic page keeps its full stop at its end.
      const picked = pickLanguage(d[name], languages, fallback);
      return picked ? (
        <section>
          <h3>{t("lesson.section", { name })}</h3>
          <p lang={picked.language} dir="auto">
            {picked.text}
          </p>
        </section>
      ) : null;
    })}
  </div>
);

const EventFacts: FC<{
  t: Translator;
  d: EventDetails;
  post: Post;
  extras: ContentExtras;
  reader?: ActingReader;
}> = ({ t, d, post, extras, reader }) => (
  <div class="event">
    <dl class="facts">
      <dt>{t("event.when")}</dt>
      <dd>
        <EventTimes t={t} d={d} />
      </dd>
      {d.place ? (
        <>
          <dt>{t("resource.where")}</dt>
          <dd>{[d.place.name, d.place.address].filter(Boolean).join(", ")}</dd>
        </>
      ) : null}
      {d.onlineUrl ? (
        <>
          <dt>{t("event.online")}</dt>
          <dd>
            <a href={d.onlineUrl} rel="nofollow noopener">
              {d.onlineUrl}
            </a>
          </dd>
        </>
      ) : null}
      {extras.rsvps ? (
        <>
          <dt>{t("event.answers")}</dt>
          <dd data-rsvps>
            {d.capacity
              ? t("event.going-of", { going: extras.rsvps.going, capacity: d.capacity })
              : t("event.going", { going: extras.rsvps.going })}
            {extras.rsvps.maybe != null
              ? ` · ${t("event.maybe-not-going", {
                  maybe: extras.rsvps.maybe,
                  notGoing: extras.rsvps.notGoing ?? 0,
                })}`
              : ""}
          </dd>
        </>
      ) : null}
    </dl>
    {post.isLocal ? (
      <p>
        <a href={`${new URL(post.iri).pathname}/event.ics`}>{t("event.add-to-calendar")}</a>
      </p>
    ) : null}
    {reader ? (
      <form method="post" action="/rsvp" class="inline rsvp">
        <CsrfField token={reader.csrfToken} />
        <input type="hidden" name="iri" value={post.iri} />
        <AsField t={t} identities={reader.identities} />
        {extras.rsvps?.mine ? (
          <span class="muted">{t("event.your-answer", { status: extras.rsvps.mine })} </span>
        ) : null}
        {(["going", "maybe", "not_going"] as const).map((status) => (
          <button type="submit" name="status" value={status} class="small">
            {t("event.answer", { status })}
          </button>
        ))}
      </form>
    ) : null}
  </div>
);

const AsField: FC<{ t: Translator; identities: { handle: string; label: string }[] }> = ({
  t,
  identities,
}) =>
  identities.length > 1 ? (
    <label>
      {t("form.as")}{" "}
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
  t: Translator;
  d: ProposalDetails;
  post: Post;
  extras: ContentExtras;
  languages: string[];
  reader?: ActingReader;
}> = ({ t, d, post, extras, languages, reader }) => {
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
        {t.number(counts[i] ?? 0)}{" "}
        {total ? `(${t.number((counts[i] ?? 0) / total, { style: "percent" })})` : ""}
        {results?.mine?.includes(i) ? ` · ${t("proposal.your-vote")}` : ""}
      </span>
    </li>
  ));
  const closes = t.dateTime(d.endTime, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  return (
    <div class="proposal">
      <p class="muted">
        {t("proposal.voting-mode", { mode: d.votingMode })} ·{" "}
        {t("proposal.choice", { choice: d.choice })} ·{" "}
        {closed ? t("proposal.closed") : t("proposal.closes", { date: closes })} ·{" "}
        {t("proposal.voters", { count: results?.voters ?? d.voters ?? 0 })}
      </p>
      {results?.members ? (
        <p class="muted member-votes">
          {t("proposal.member-votes", {
            voted:
              results.members.voted.length > 0
                ? t.list(results.members.voted)
                : t("proposal.nobody"),
            notVoted:
              results.members.notVoted.length > 0
                ? t.list(results.members.notVoted)
                : t("proposal.nobody"),
          })}
        </p>
      ) : null}
      {open ? (
        <form method="post" action="/votes">
          <CsrfField token={reader.csrfToken} />
          <input type="hidden" name="iri" value={post.iri} />
          <ol class="options">{options}</ol>
          <AsField t={t} identities={voters} />
          <button type="submit" class="small">
            {t("proposal.vote")}
          </button>
        </form>
      ) : (
        <>
          <ol class="options">{options}</ol>
          {!closed && reader != null && voters.length === 0 ? (
            <p class="muted">{t("proposal.spaces-vote")}</p>
          ) : null}
        </>
      )}
    </div>
  );
};

/** The structured part of a post, by kind. */
export const ContentFacts: FC<{
  t: Translator;
  post: Post;
  languages: string[];
  extras: ContentExtras;
  reader?: ActingReader;
}> = ({ t, post, languages, extras, reader }) => {
  const d = post.details;
  switch (d?.kind) {
    case "offer":
    case "need":
      return <ResourceFacts t={t} d={d} kind={d.kind} />;
    case "lesson":
      return <LessonSections t={t} d={d} languages={languages} fallback={post.defaultLanguage} />;
    case "event":
      return <EventFacts t={t} d={d} post={post} extras={extras} reader={reader} />;
    case "proposal":
      return (
        <ProposalBallot
          t={t}
          d={d}
          post={post}
          extras={extras}
          languages={languages}
          reader={reader}
        />
      );
    default:
      return null;
  }
};
