/**
 * The HTML a reader on a server without Hubnet's extension sees in `content`: the title (most
 * servers show no `name`), the abstract (sent nowhere else, so no server takes it for a content
 * warning), the key facts, the body, and a link back to the full page. ADR 0003 gives the reasons.
 */
import type { LanguageMap, Post } from "../../db/schema.ts";
import type { EventDetails, LessonDetails, ResourceDetails } from "../../server/content/details.ts";
import { eventTimesText } from "./event-times.ts";
import { escapeHtml } from "./html.ts";

const pick = (map: LanguageMap | null, language: string, fallback: string) =>
  map == null ? undefined : (map[language] ?? map[fallback] ?? Object.values(map)[0]);
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : "…");

function resourceFacts(d: ResourceDetails & { kind: "offer" | "need" }): string {
  const parts = [
    `<strong>${d.kind === "offer" ? "Offer" : "Need"}: ${escapeHtml(d.category)}</strong>`,
    d.languages.length ? `languages ${escapeHtml(d.languages.join(", "))}` : undefined,
    d.regions.length ? `regions ${escapeHtml(d.regions.join(", "))}` : undefined,
    d.online ? "online" : undefined,
    d.availableFrom || d.availableUntil
      ? `available ${day(d.availableFrom)} – ${day(d.availableUntil)}`
      : undefined,
    d.capacity ? `capacity ${d.capacity}` : undefined,
    `status ${d.status}`,
  ];
  return `<p>${parts.filter(Boolean).join(" · ")}</p>`;
}

function lessonFacts(d: LessonDetails, language: string, fallback: string): string {
  const label = { lesson: "Lesson", failure: "Failure", "best-practice": "Best practice" };
  const section = (title: string, map: LanguageMap) => {
    const text = pick(map, language, fallback);
    return text ? `<h4>${title}</h4><p>${escapeHtml(text)}</p>` : "";
  };
  const themes = d.themes.length ? ` · ${d.themes.map((t) => `#${escapeHtml(t)}`).join(" ")}` : "";
  return (
    `<p><strong>${label[d.lessonKind]}</strong>${themes}</p>` +
    section("Context", d.context) +
    section("What happened", d.whatHappened) +
    section("Outcome", d.outcome) +
    section("Recommendations", d.recommendations)
  );
}

function eventFacts(d: EventDetails, language: string): string {
  const when = escapeHtml(eventTimesText(d.startTime, d.endTime, d.timeZone, language));
  const where = [
    d.place ? escapeHtml([d.place.name, d.place.address].filter(Boolean).join(", ")) : undefined,
    d.onlineUrl ? `<a href="${escapeHtml(d.onlineUrl)}">${escapeHtml(d.onlineUrl)}</a>` : undefined,
  ].filter(Boolean);
  return `<p><strong>${when}</strong><br>${where.join(" · ")}</p>`;
}

function facts(post: Post, language: string): string {
  const d = post.details;
  switch (d?.kind) {
    case "offer":
    case "need":
      return resourceFacts(d);
    case "lesson":
      return lessonFacts(d, language, post.defaultLanguage);
    case "event":
      return eventFacts(d, language);
    case "proposal":
      return d.votingMode === "space"
        ? "<p>One vote per member space, cast by its admins.</p>"
        : "";
    default:
      return "";
  }
}

/** Whether a reader elsewhere needs the link back: the page holds what a post cannot. */
const linksBack = (post: Post) =>
  post.kind === "offer" || post.kind === "need" || post.kind === "lesson" || post.kind === "event";

/** The readable content of each language the post is written in; a plain note is its body. */
export function readableContent(post: Post): LanguageMap {
  const abstract = post.kind === "note" ? null : post.summary;
  if (post.title == null && abstract == null && post.details == null) return post.contentHtml;
  const languages = new Set(
    [post.contentHtml, post.title ?? {}, abstract ?? {}].flatMap((map) => Object.keys(map)),
  );
  const url = escapeHtml(post.url ?? post.iri);
  return Object.fromEntries(
    [...languages].map((language) => {
      const title = pick(post.title, language, post.defaultLanguage);
      const summary = pick(abstract, language, post.defaultLanguage);
      return [
        language,
        (title ? `<p><strong>${escapeHtml(title)}</strong></p>` : "") +
          (summary ? `<p><em>${escapeHtml(summary)}</em></p>` : "") +
          facts(post, language) +
          (pick(post.contentHtml, language, post.defaultLanguage) ?? "") +
          (linksBack(post) ? `<p><a href="${url}">${url}</a></p>` : ""),
      ];
    }),
  );
}
