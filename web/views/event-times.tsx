/** When an event happens, in its own time zone, in the reader's language. */
import type { FC } from "hono/jsx";
import type { EventDetails } from "../../server/content/details.ts";
import type { Translator } from "../i18n/translator.ts";

export const EventTimes: FC<{ t: Translator; d: EventDetails }> = ({ t, d }) => (
  <>
    <time datetime={d.startTime}>
      {t.dateRange(d.startTime, d.endTime, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: d.timeZone,
      })}
    </time>{" "}
    ({d.timeZone})
  </>
);
