/**
 * The structured fields of hub content on the wire, as Hubnet's extension terms
 * (hubnet-context.ts), both ways; readable-content.ts writes what other servers show instead.
 */
import type { LanguageMap, Post } from "../../db/schema.ts";
import { type ContentDetails, DETAILS_SCHEMAS } from "../../server/content/details.ts";
import { sanitizeRemoteHtml, stripHtml } from "../../server/content/sanitize.ts";
import type { ExtensionFields } from "./hubnet-context.ts";

/**
 * Hubnet's own fields of a local post, as extension terms: its kind, the body alone (`content`
 * also holds the title, abstract and facts), the abstract of anything but a note (sent as no
 * `summary`, which other servers show as a content warning), and the fields of its kind.
 */
export function toExtensionFields(post: Post) {
  const fields: ExtensionFields = {
    hubnetKind: post.kind,
    bodyMap: post.contentHtml,
    ...(post.kind !== "note" && post.summary ? { abstractMap: post.summary } : {}),
  };
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
const positive = (n: number | undefined) => (n != null && n > 0 ? n : undefined);

const AS = "https://www.w3.org/ns/activitystreams#";

/**
 * An event's place: the ActivityStreams `location`'s name, or Mobilizon's `sc:location` with the
 * postal address schema.org gives it.
 */
function placeOf(asName: string | undefined, ext: ExtensionFields) {
  const schema = (Array.isArray(ext.schemaLocation) ? ext.schemaLocation[0] : ext.schemaLocation) as
    | Record<string, unknown>
    | undefined;
  const name = asName ?? asString(schema?.[`${AS}name`]);
  if (name == null) return undefined;
  const postal = schema?.["sc:address"] as Record<string, unknown> | undefined;
  const address =
    asString(ext.placeAddress) ??
    (postal
      ? ["streetAddress", "postalCode", "addressLocality", "addressCountry"]
          .map((part) => asString(postal[`sc:${part}`]))
          .filter(Boolean)
          .join(", ") || undefined
      : undefined);
  return { name, ...(address ? { address } : {}) };
}

/** The body as the author wrote it, when a Hubnet server sent it apart from the readable content. */
export const bodyFromExtension = (ext: ExtensionFields): LanguageMap | undefined => {
  const body = asLanguageMap(ext.bodyMap, true);
  return Object.keys(body).length > 0 ? body : undefined;
};

/** The abstract a Hubnet server sent of anything but a note, as plain text per language. */
export const abstractFromExtension = (ext: ExtensionFields): LanguageMap | undefined => {
  const abstract = asLanguageMap(ext.abstractMap);
  return Object.keys(abstract).length > 0 ? abstract : undefined;
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
          category: ext.category ?? "other",
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
          place: placeOf(as.placeName, ext),
          onlineUrl: asIri(ext.onlineUrl),
          // Mobilizon sends 0 for no limit.
          capacity: positive(asNumber(ext.maximumAttendeeCapacity)),
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
