/**
 * An event's times as text for readers on other servers, in the event's own time zone and the
 * reader's language: "Fri, 15 Jan 2027, 14:00–16:00 (Africa/Lagos)".
 */
const FORMAT: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};

/** English written for a worldwide audience: day before month, 24-hour clock. */
const FALLBACK_LOCALE = "en-GB";

function localeFor(language: string): string {
  if (language === "en" || language === "und") return FALLBACK_LOCALE;
  return Intl.DateTimeFormat.supportedLocalesOf([language])[0] ?? FALLBACK_LOCALE;
}

export function eventTimesText(
  startTime: string,
  endTime: string,
  timeZone: string,
  language: string,
): string {
  const format = new Intl.DateTimeFormat(localeFor(language), { ...FORMAT, timeZone });
  const start = new Date(startTime);
  const end = new Date(endTime);
  const range = start < end ? format.formatRange(start, end) : format.format(start);
  return `${range} (${timeZone})`;
}
