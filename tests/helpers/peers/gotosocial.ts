/**
 * What GoToSocial makes of an object it receives, ported from superseriousbusiness/gotosocial @
 * 57cb4fe74829 (2025-10-03):
 * - internal/ap/interfaces.go `IsStatusable`: Article Document Image Video Note Page Event Place
 *   Profile Question Album; the vendored JSON resolver takes the first known type of a list;
 * - internal/ap/normalize.go: `content` and `contentMap` are both kept; `summary` and `name` only
 *   as plain strings (a `nameMap` alone yields no name);
 * - internal/typeutils/astointernal.go: the content warning is `summary`, else `name`;
 *   typeutils/util.go `ContentToContentLanguage`: the language is the contentMap key whose text
 *   equals `content`;
 * - internal/ap/extract.go `ExtractPoll`: a poll expires at `endTime` and is closed when `closed`
 *   holds a date, whatever that date is.
 */
import { asArray, type Json, languageMap, objectOf } from "./json.ts";

const STATUSABLE = [
  "Article",
  "Document",
  "Image",
  "Video",
  "Note",
  "Page",
  "Event",
  "Place",
  "Profile",
  "Question",
  "Album",
];

export interface GoToSocialStatus {
  type: string;
  content: string;
  contentWarning: string;
  language: string;
  poll?: { expiresAt: Date | undefined; closedAt: Date | undefined };
}

export function goToSocialStatus(document: Json): GoToSocialStatus | undefined {
  const o = objectOf(document);
  const type = asArray(o.type).find(
    (t): t is string => typeof t === "string" && STATUSABLE.includes(t),
  );
  if (type == null) return undefined;
  const plain = (key: string) => (typeof o[key] === "string" ? (o[key] as string) : "");
  const map = languageMap(o.contentMap);
  let content = plain("content");
  let language = "";
  if (map && content !== "")
    language = Object.entries(map).find(([, text]) => text === content)?.[0] ?? "";
  else if (map) [language, content] = Object.entries(map)[0] as [string, string];
  const date = (value: unknown) => (typeof value === "string" ? new Date(value) : undefined);
  return {
    type,
    content,
    contentWarning: plain("summary") || plain("name"),
    language,
    poll:
      type === "Question"
        ? { expiresAt: date(o.endTime) ?? date(o.closed), closedAt: date(o.closed) }
        : undefined,
  };
}
