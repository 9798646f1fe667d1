import { postKind } from "../../db/schema.ts";
import type { Engagement } from "./engagement.ts";

const INTERACTIONS = [
  "replies",
  "responses",
  "likes",
  "boosts",
  "rsvps",
  "votes",
  "total",
] as const;

/** A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: string | number | null): string {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Engagement rows as CSV, one line per period (and per space, when `space` names them). */
export function engagementCsv(rows: { space: string; engagement: Engagement }[]): string {
  const header = [
    "space",
    "period_start",
    "period_end",
    "followers",
    "member_spaces",
    ...postKind.enumValues.map((kind) => `posts_${kind}`),
    ...INTERACTIONS.map((kind) => (kind === "total" ? "interactions" : kind)),
    "engaged_participants",
    "engagement_ratio",
  ];
  const lines = rows.map(({ space, engagement: e }) => [
    space,
    e.period.from.toISOString(),
    e.period.to.toISOString(),
    e.followers,
    e.memberSpaces,
    ...postKind.enumValues.map((kind) => e.posts[kind]),
    ...INTERACTIONS.map((kind) => e.interactions[kind]),
    e.engagedParticipants,
    e.engagementRatio == null ? null : e.engagementRatio.toFixed(4),
  ]);
  return `${[header, ...lines].map((line) => line.map(field).join(",")).join("\r\n")}\r\n`;
}
