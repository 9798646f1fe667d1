/**
 * The structured fields of hub content on the wire: Hubnet's extension terms (hubnet-context.ts)
 * both ways, and the readable HTML that servers without the extension show instead.
 */
import type { LanguageMap, Post } from "../../db/schema.ts";
import {
  type ContentDetails,
  DETAILS_SCHEMAS,
  type EventDetails,
  type LessonDetails,
  type ResourceDetails,
} from "../../server/content/details.ts";
import { sanitizeRemoteHtml, stripHtml } from "../../server/content/sanitize.ts";
import type { ExtensionFields } from "./hubnet-context.ts";

/** Hubnet's own fields of a local post, as extension terms. */
export function toExtensionFields(post: Post) {
  const fields: ExtensionFields = { hubnetKind: post.kind, bodyMap: post.contentHtml };
  const d = post.details;
  if (d == null) return fields;
  switch (d.kind) {
    case "offer":
    case "need":
      return {
        ...fields,
        category: d.category,
        languages: d.languages,
        regions: d.regions,
        online: d.online,
        ...(d.availableFrom ? { availableFrom: d.availableFrom } : {}),
        ...(d.availableUntil ? { availableUntil: d.availableUntil } : {}),
        ...(d.capacity ? { capacity: d.capacity } : {}),
        status: d.status,
        ...(d.matchedWithIri ? { matchedWith: d.matchedWithIri } : {}),
        // FEP-0837: a Proposal that publishes an Intent; marketplace-aware servers read these.
        purpose: d.kind === "offer" ? "offer" : "request",
        unitBased: false,
        publishes: {
          type: "Intent",
          action: d.kind === "offer" ? "deliverService" : "consume",
          resourceClassifiedAs: `${HUBNET_CATEGORY_BASE}${d.category}`,
          resourceQuantity: { hasUnit: "one", hasNumericalValue: String(d.capacity ?? 1) },
        },
      };
    case "lesson":
      return {
        ...fields,
        lessonKind: d.lessonKind,
        lessonContextMap: d.context,
        whatHappenedMap: d.whatHappened,
        outcomeMap: d.outcome,
        recommendationsMap: d.recommendations,
        themes: d.themes,
        regions: d.regions,
      };
    case "event":
      return {
        ...fields,
        timezone: d.timeZone,
        ...(d.onlineUrl ? { onlineUrl: d.onlineUrl } : {}),
        ...(d.place?.address ? { placeAddress: d.place.address } : {}),
        ...(d.capacity ? { maximumAttendeeCapacity: d.capacity } : {}),
        participantCount: d.participantCount ?? 0,
      };
    case "proposal":
      return { ...fields, votingMode: d.votingMode, optionCounts: d.counts ?? [] };
  }
}

const HUBNET_CATEGORY_BASE = "https://w3id.org/hubnet/ns#category/";

const asArray = (value: unknown): unknown[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];
const asString = (value: unknown) => (typeof value === "string" ? value : undefined);
const asIri = (value: unknown) =>
  asString(value) ?? asString((value as { id?: unknown } | null)?.id);
function asLanguageMap(value: unknown, html = false): LanguageMap {
  if (value == null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([language, text]) => [language, html ? sanitizeRemoteHtml(text) : stripHtml(text)]),
  );
}
const asNumber = (value: unknown) =>
  typeof value === "number" ? value : typeof value === "string" ? Number(value) : undefined;

/** The body as the author wrote it, when a Hubnet server sent it apart from the readable content. */
export const bodyFromExtension = (ext: ExtensionFields): LanguageMap | undefined => {
  const body = asLanguageMap(ext.bodyMap, true);
  return Object.keys(body).length > 0 ? body : undefined;
};

/**
 * Structured fields from extension terms plus what ActivityStreams already says (`as`), checked
 * by the same schemas as local input; undefined when they do not hold up.
 */
export function detailsFromExtension(
  kind: ContentDetails["kind"],
  ext: ExtensionFields,
  as: {
    startTime?: Date;
    endTime?: Date;
    placeName?: string;
    options?: LanguageMap[];
    counts?: number[];
    voters?: number;
    closed?: boolean;
    closedAt?: Date;
    choice?: "single" | "multiple";
  },
): ContentDetails | undefined {
  const raw: Record<string, unknown> = (() => {
    switch (kind) {
      case "offer":
      case "need":
        return {
          category: ext.category,
          languages: asArray(ext.languages),
          regions: asArray(ext.regions),
          online: ext.online === true || ext.online === "true",
          availableFrom: asString(ext.availableFrom),
          availableUntil: asString(ext.availableUntil),
          capacity: asNumber(ext.capacity),
          status: ext.status ?? "open",
          matchedWithIri: asIri(ext.matchedWith),
        };
      case "lesson":
        return {
          lessonKind: ext.lessonKind,
          context: asLanguageMap(ext.lessonContextMap),
          whatHappened: asLanguageMap(ext.whatHappenedMap),
          outcome: asLanguageMap(ext.outcomeMap),
          recommendations: asLanguageMap(ext.recommendationsMap),
          themes: asArray(ext.themes),
          regions: asArray(ext.regions),
        };
      case "event":
        return {
          startTime: as.startTime?.toISOString(),
          endTime: (as.endTime ?? as.startTime)?.toISOString(),
          timeZone: asString(ext.timezone) ?? "UTC",
          place: as.placeName
            ? { name: as.placeName, address: asString(ext.placeAddress) }
            : undefined,
          onlineUrl: asIri(ext.onlineUrl),
          capacity: asNumber(ext.maximumAttendeeCapacity),
          participantCount: asNumber(ext.participantCount),
        };
      case "proposal":
        return {
          choice: as.choice,
          options: as.options ?? [],
          endTime: as.endTime?.toISOString(),
          votingMode: ext.votingMode ?? "person",
          closed: as.closed ?? false,
          closedAt: as.closed ? as.closedAt?.toISOString() : undefined,
          counts: as.counts,
          voters: as.voters,
        };
    }
  })();
  const parsed = DETAILS_SCHEMAS[kind].safeParse(raw);
  return parsed.success ? ({ kind, ...parsed.data } as ContentDetails) : undefined;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );
const pick = (map: LanguageMap, language: string, fallback: string) =>
  map[language] ?? map[fallback] ?? Object.values(map)[0];
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

function eventFacts(d: EventDetails): string {
  const when = `${d.startTime.replace("T", " ").slice(0, 16)} – ${d.endTime.replace("T", " ").slice(0, 16)} UTC (${escapeHtml(d.timeZone)})`;
  const where = [
    d.place ? escapeHtml([d.place.name, d.place.address].filter(Boolean).join(", ")) : undefined,
    d.onlineUrl ? `<a href="${escapeHtml(d.onlineUrl)}">${escapeHtml(d.onlineUrl)}</a>` : undefined,
  ].filter(Boolean);
  return `<p><strong>${when}</strong><br>${where.join(" · ")}</p>`;
}

/**
 * What a reader on a server without Hubnet's extension sees: the key facts, the body, and a link
 * back to the full page.
 */
export function readableContent(post: Post): LanguageMap {
  const d = post.details;
  if (d == null || d.kind === "proposal") return post.contentHtml;
  const languages = new Set([...Object.keys(post.contentHtml), ...Object.keys(post.title ?? {})]);
  const link = `<p><a href="${escapeHtml(post.url ?? post.iri)}">${escapeHtml(post.url ?? post.iri)}</a></p>`;
  return Object.fromEntries(
    [...languages].map((language) => {
      const facts =
        d.kind === "lesson"
          ? lessonFacts(d, language, post.defaultLanguage)
          : d.kind === "event"
            ? eventFacts(d)
            : resourceFacts(d);
      const body = pick(post.contentHtml, language, post.defaultLanguage) ?? "";
      return [language, facts + body + link];
    }),
  );
}
