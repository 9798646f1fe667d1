import type { FC } from "hono/jsx";
import type { ModerationLogEntry, Report } from "../../db/schema.ts";
import type { MessageKey } from "../i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";

/** The links between the moderation pages; the queue and accounts only for moderators. */
export const ModerationNav: FC<{ t: Translator; moderator: boolean }> = ({ t, moderator }) => (
  <nav aria-label={t("moderation.title")}>
    <p>
      {moderator ? (
        <>
          <a href="/moderation">{t("moderation.queue")}</a> ·{" "}
          <a href="/moderation/accounts">{t("moderation.accounts")}</a> ·{" "}
        </>
      ) : null}
      <a href="/moderation/policy">{t("moderation.policy")}</a> ·{" "}
      <a href="/moderation/log">{t("moderation.log")}</a>
    </p>
  </nav>
);

/** A value as an ICU select names it (selectors take no hyphens: `remove-content` → `remove_content`). */
export const selector = (value: string) => value.replaceAll("-", "_");

export const day = (t: Translator, date: Date) =>
  t.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone: t.timeZone ?? "UTC" });

/** What an action did, in a sentence: "Suspended the server spam.example". */
export function logSentence(t: Translator, entry: ModerationLogEntry): string {
  return t(`log.action.${entry.action}` as MessageKey, {
    target: entry.target,
    space: entry.space ?? "",
    detail: selector(entry.detail ?? ""),
  });
}

/** Why: the moderator's words, or the category of the report it answered. */
export function logReason(t: Translator, entry: ModerationLogEntry): string | undefined {
  if (entry.reason !== "") return entry.reason;
  if (entry.category != null)
    return t("log.reported-as", {
      category: t("report.category-option", { category: entry.category }),
    });
  return undefined;
}

export const LogEntry: FC<{ t: Translator; entry: ModerationLogEntry }> = ({ t, entry }) => {
  const reason = logReason(t, entry);
  return (
    <li>
      <time datetime={entry.createdAt.toISOString()} class="muted">
        {day(t, entry.createdAt)}
      </time>{" "}
      <bdi>{logSentence(t, entry)}</bdi>
      {reason ? (
        <>
          {" — "}
          <q dir="auto">{reason}</q>
        </>
      ) : null}
    </li>
  );
};

/** Who sent a report, as moderators see it. */
export function reportSource(t: Translator, report: Report, reporter: string | undefined): string {
  if (report.sourceDomain != null)
    return t("moderation.from-server", { host: report.sourceDomain });
  return reporter ? t("moderation.from-here", { handle: reporter }) : t("moderation.from-deleted");
}
