/**
 * When an event happens: in its own time zone, as its organizers mean it ("15 Jan 2027,
 * 14:00–16:00 West Africa Time (Lagos)"), and in the reader's zone when they chose one and it
 * differs, else in UTC when that differs; formatted in the reader's language.
 */
import type { FC } from "hono/jsx";
import type { EventDetails } from "../../server/content/details.ts";
import type { Translator } from "../i18n/translator.ts";

const UNIVERSAL = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"]);
const RANGE: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/** A zone's name at an instant: "West Africa Time (Lagos)", "UTC". */
function zoneName(t: Translator, timeZone: string, at: string): string {
  const style = UNIVERSAL.has(timeZone) ? "short" : "long";
  const parts = new Intl.DateTimeFormat(t.locale, { timeZone, timeZoneName: style });
  const name = parts.formatToParts(new Date(at)).find((p) => p.type === "timeZoneName")?.value;
  const city = timeZone.includes("/") ? timeZone.split("/").pop()?.replaceAll("_", " ") : undefined;
  if (name == null) return timeZone;
  return city && !UNIVERSAL.has(timeZone) ? t("event.zone-city", { zone: name, city }) : name;
}

/** The zone's offset from UTC at an instant ("GMT+01:00"), to tell whether two zones agree. */
const offsetAt = (timeZone: string, at: string) =>
  new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName")?.value;

const sameClock = (a: string, b: string, d: EventDetails) =>
  offsetAt(a, d.startTime) === offsetAt(b, d.startTime) &&
  offsetAt(a, d.endTime) === offsetAt(b, d.endTime);

export const EventTimes: FC<{ t: Translator; d: EventDetails }> = ({ t, d }) => {
  const rangeIn = (timeZone: string) => t.dateRange(d.startTime, d.endTime, { ...RANGE, timeZone });
  const other = t.timeZone ?? "UTC";
  return (
    <>
      <time datetime={d.startTime}>
        {t("event.time-in-zone", {
          range: rangeIn(d.timeZone),
          zone: zoneName(t, d.timeZone, d.startTime),
        })}
      </time>
      {sameClock(d.timeZone, other, d) ? null : (
        <>
          <br />
          <span class="muted" data-other-zone>
            {t.timeZone
              ? t("event.your-time", {
                  range: rangeIn(other),
                  zone: zoneName(t, other, d.startTime),
                })
              : t("event.utc-time", { range: rangeIn("UTC") })}
          </span>
        </>
      )}
    </>
  );
};
