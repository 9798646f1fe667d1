/** A space of the directory as a list item: name, handle, kind and counts, what it serves. */
import type { FC } from "hono/jsx";
import type { DirectoryEntry } from "../../db/schema.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import type { Translator } from "../i18n/translator.ts";
import { spaceKindOf } from "./space.tsx";

export const DirectoryEntryItem: FC<{
  t: Translator;
  entry: DirectoryEntry;
  languages: string[];
}> = ({ t, entry, languages }) => {
  const name = pickLanguage(entry.name, languages, entry.defaultLanguage ?? "und");
  const facts = [
    entry.kind
      ? spaceKindOf(t, { kind: entry.kind, focus: entry.focus })
      : t("directory.group", { software: entry.software ?? "none" }),
    entry.memberCount == null ? null : t("hubs.members-count", { count: entry.memberCount }),
    entry.followerCount == null
      ? null
      : t("actors.followers-count", { count: entry.followerCount }),
    entry.lastActivityAt
      ? t("directory.last-active", {
          date: t.dateTime(entry.lastActivityAt, { dateStyle: "medium" }),
        })
      : null,
  ].filter((fact) => fact != null);
  const serves = [
    ...entry.regions.map(t.regionName),
    ...entry.languages.map(t.languageName),
    ...entry.themes,
  ];
  return (
    <li>
      <a href={entry.url ?? entry.iri} lang={name?.language} dir="auto">
        {name?.text ?? entry.handle}
      </a>{" "}
      <span class="handle">{entry.handle}</span>
      <br />
      <span class="muted">{facts.join(" · ")}</span>
      {serves.length > 0 ? <span class="muted"> · {t.list(serves)}</span> : null}
      {entry.unreachableSince ? (
        <span class="muted">
          {" "}
          ·{" "}
          {t("directory.unreachable", {
            date: t.dateTime(entry.unreachableSince, { dateStyle: "medium" }),
          })}
        </span>
      ) : null}
    </li>
  );
};
