/**
 * The structured fields of hub content, one schema per kind. They are validated here whether they
 * come from a form, the API or another server, and stored as `posts.details`.
 */
import { z } from "zod";
import { LanguageMapSchema, LanguageTagSchema } from "../i18n/languages.ts";
import { RegionSchema } from "../regions/regions.ts";
import { because } from "../validation.ts";

export const RESOURCE_CATEGORIES = [
  "expertise",
  "translation",
  "funding",
  "equipment",
  "venue",
  "software",
  "mentoring",
  "content",
  "training",
  "other",
] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];
export const RESOURCE_STATUSES = ["open", "matched", "closed"] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const LESSON_KINDS = ["lesson", "failure", "best-practice"] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const Theme = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(60)
  .transform((t) => t.replace(/^#/, ""));
const WebUrl = z.url({ protocol: /^https?$/ });
const unique = <T>(items: T[]) => [...new Set(items)];

export const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, because("invalid-time-zone"));

export const ResourceDetails = z
  .object({
    category: z.enum(RESOURCE_CATEGORIES),
    languages: z.array(LanguageTagSchema).max(20).default([]).transform(unique),
    regions: z.array(RegionSchema).max(50).default([]).transform(unique),
    online: z.boolean().default(false),
    availableFrom: Instant.optional(),
    availableUntil: Instant.optional(),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
    status: z.enum(RESOURCE_STATUSES).default("open"),
    /** The response the author chose when marking it matched. */
    matchedWithIri: WebUrl.optional(),
  })
  .refine((r) => !r.availableFrom || !r.availableUntil || r.availableFrom <= r.availableUntil, {
    path: ["availableUntil"],
    ...because("availability-ends-before-start"),
  });
export type ResourceDetails = z.output<typeof ResourceDetails>;

export const LessonDetails = z.object({
  lessonKind: z.enum(LESSON_KINDS),
  context: LanguageMapSchema.default({}),
  whatHappened: LanguageMapSchema.default({}),
  outcome: LanguageMapSchema.default({}),
  recommendations: LanguageMapSchema.default({}),
  themes: z.array(Theme).max(30).default([]).transform(unique),
  regions: z.array(RegionSchema).max(50).default([]).transform(unique),
});
export type LessonDetails = z.output<typeof LessonDetails>;

export const EventDetails = z
  .object({
    startTime: Instant,
    endTime: Instant,
    timeZone: TimeZoneSchema.default("UTC"),
    place: z
      .object({ name: z.string().trim().min(1).max(200), address: z.string().trim().max(500) })
      .partial({ address: true })
      .optional(),
    onlineUrl: WebUrl.optional(),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
    /** How many are going, as the organizer's server counts them (kept up to date there). */
    participantCount: z.number().int().min(0).optional(),
  })
  .refine((e) => e.startTime <= e.endTime, { path: ["endTime"], ...because("ends-before-start") })
  .refine((e) => e.place != null || e.onlineUrl != null, {
    path: ["place"],
    ...because("place-or-online-link"),
  });
export type EventDetails = z.output<typeof EventDetails>;

export const VOTING_MODES = ["person", "space"] as const;
export type VotingMode = (typeof VOTING_MODES)[number];

export const ProposalDetails = z.object({
  choice: z.enum(["single", "multiple"]).default("single"),
  /** Each option's label, per language. */
  options: z
    .array(LanguageMapSchema.refine((m) => Object.keys(m).length > 0, because("option-empty")))
    .min(2, because("too-few-options"))
    .max(20),
  endTime: Instant,
  votingMode: z.enum(VOTING_MODES).default("person"),
  closed: z.boolean().default(false),
  /**
   * When it closed: the moment its author closed it early, or its scheduled end. Recorded by the
   * proposal's own server (server/proposals/votes.ts), never taken from local input.
   */
  closedAt: Instant.optional(),
  /** Votes per option, kept for remote proposals and published when a local one closes. */
  counts: z.array(z.number().int().min(0)).optional(),
  voters: z.number().int().min(0).optional(),
});
export type ProposalDetails = z.output<typeof ProposalDetails>;

export type ContentDetails =
  | ({ kind: "offer" | "need" } & ResourceDetails)
  | ({ kind: "lesson" } & LessonDetails)
  | ({ kind: "event" } & EventDetails)
  | ({ kind: "proposal" } & ProposalDetails);

/** The schema of each kind that has structured fields. */
export const DETAILS_SCHEMAS = {
  offer: ResourceDetails,
  need: ResourceDetails,
  lesson: LessonDetails,
  event: EventDetails,
  proposal: ProposalDetails,
} as const;
export type StructuredKind = keyof typeof DETAILS_SCHEMAS;
export const isStructuredKind = (kind: string): kind is StructuredKind => kind in DETAILS_SCHEMAS;
