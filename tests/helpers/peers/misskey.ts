/**
 * What Misskey makes of an object it receives, ported from misskey-dev/misskey,
 * packages/backend/src/core/activitypub:
 * - type.ts @ 636bb6576cc9: `getApType` takes a string type or the first of an array;
 *   `validPost` = Note Question Article Audio Document Image Page Video Event.
 * - models/ApNoteService.ts @ 1ec6f487a295 `createNote`: `cw = note.summary` (any type); the
 *   text is `source.content` (MFM), else `_misskey_content`, else `content` converted from HTML;
 *   `name` is stored but not shown in timelines.
 * - models/ApQuestionService.ts @ faf275da28d8: a poll expires at `endTime`, else `closed`;
 *   `updateQuestion` (an Update) changes only the vote counts, never the end.
 */
import { type Json, objectOf, visibleText } from "./json.ts";

const VALID_POST = [
  "Note",
  "Question",
  "Article",
  "Audio",
  "Document",
  "Image",
  "Page",
  "Video",
  "Event",
];

export interface MisskeyNote {
  /** The note's text, as MFM; here the HTML's visible text. */
  text: string | null;
  cw: string | null;
  poll?: { choices: string[]; multiple: boolean; expiresAt: Date | null };
}

const apType = (o: Json) =>
  typeof o.type === "string" ? o.type : Array.isArray(o.type) ? (o.type[0] as string) : undefined;

export function misskeyNote(document: Json): MisskeyNote | undefined {
  const note = objectOf(document);
  const type = apType(note);
  if (type == null || !VALID_POST.includes(type)) return undefined;
  const source = note.source as Json | undefined;
  const text =
    source?.mediaType === "text/x.misskeymarkdown" && typeof source.content === "string"
      ? source.content
      : typeof note._misskey_content !== "undefined"
        ? (note._misskey_content as string)
        : typeof note.content === "string"
          ? visibleText(note.content)
          : null;
  const cw = note.summary === "" || note.summary == null ? null : String(note.summary);
  return { text, cw, poll: pollOf(note, type) };
}

function pollOf(q: Json, type: string): MisskeyNote["poll"] {
  if (type !== "Note" && type !== "Question") return undefined;
  const multiple = q.oneOf === undefined;
  const items = (multiple ? q.anyOf : q.oneOf) as Json[] | undefined;
  if (items === undefined) return undefined;
  const expiresAt = q.endTime
    ? new Date(q.endTime as string)
    : q.closed
      ? new Date(q.closed as string)
      : null;
  return {
    choices: items.map((x) => x.name).filter((x): x is string => typeof x === "string"),
    multiple,
    expiresAt,
  };
}
