/** iCalendar (RFC 5545) files for events, one per event or one per space. */
import type { Post } from "../../db/schema.ts";
import { htmlToText } from "../content/sanitize.ts";
import { pickLanguage } from "../i18n/languages.ts";

const stamp = (iso: string | Date) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** Escapes TEXT values (RFC 5545 §3.3.11). */
const text = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");

/** Lines longer than 75 octets are folded (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    // Never split a UTF-8 sequence.
    while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return parts.join("\r\n ");
}

function vevent(post: Post, languages: string[], now: Date): string[] {
  const d = post.details;
  if (d?.kind !== "event") return [];
  const title = pickLanguage(post.title ?? {}, languages, post.defaultLanguage)?.text ?? "";
  const body = pickLanguage(post.contentHtml, languages, post.defaultLanguage)?.text ?? "";
  const where = [d.place?.name, d.place?.address].filter(Boolean).join(", ");
  return [
    "BEGIN:VEVENT",
    `UID:${text(post.iri)}`,
    `DTSTAMP:${stamp(now)}`,
    `DTSTART:${stamp(d.startTime)}`,
    `DTEND:${stamp(d.endTime)}`,
    `SUMMARY:${text(title)}`,
    `DESCRIPTION:${text([htmlToText(body), d.onlineUrl].filter(Boolean).join("\n\n"))}`,
    ...(where ? [`LOCATION:${text(where)}`] : d.onlineUrl ? [`LOCATION:${text(d.onlineUrl)}`] : []),
    `URL:${post.url ?? post.iri}`,
    ...(post.updatedAt ? [`LAST-MODIFIED:${stamp(post.updatedAt)}`] : []),
    "END:VEVENT",
  ];
}

export function toICalendar(
  events: Post[],
  calendarName: string,
  languages: string[],
  now = new Date(),
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Hubnet//Hubnet events//EN",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${text(calendarName)}`,
    ...events.flatMap((event) => vevent(event, languages, now)),
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
