/**
 * What Hollo makes of an object it receives, after fedify-dev/hollo @ 640cd42674da (2026-08-22),
 * src/federation/post.ts. Hollo parses with Fedify, as here, so the JSON-LD reading is the real
 * one; what follows the parse is ported from `isPost` and `persistPost`:
 * - only `Article`, `Note`, `Question` and `ChatMessage` are kept (Fedify gives a multi-typed
 *   object the class it checks first, so `["Page", "Proposal"]` is a `Proposal` and dropped);
 * - `summary` becomes the post's summary, shown as a content warning; `name` is not read;
 * - the language is the locale of `content` when it is a LanguageString, else of `summary`;
 * - a poll expires at `endTime` (on every Update as well); `closed` is not read.
 */
import {
  Object as APObject,
  Article,
  ChatMessage,
  Create,
  LanguageString,
  Note,
  Question,
  Update,
} from "@fedify/vocab";
import type { Json } from "./json.ts";

export interface HolloPost {
  type: "Article" | "Note" | "Question";
  contentHtml: string | undefined;
  /** Shown as a content warning by Hollo's Mastodon API (`spoiler_text`). */
  summary: string | undefined;
  language: string | null;
  poll?: { options: [string, number][]; multiple: boolean; expires: Date };
}

export async function holloPost(document: Json): Promise<HolloPost | undefined> {
  const parsed = await APObject.fromJsonLd(document);
  // A Question is an activity in Fedify's vocabulary: unwrap only what carries a post.
  const object =
    parsed instanceof Create || parsed instanceof Update ? await parsed.getObject() : parsed;
  if (
    !(
      object instanceof Article ||
      object instanceof Note ||
      object instanceof Question ||
      object instanceof ChatMessage
    )
  )
    return undefined;
  const locale = (value: unknown) =>
    value instanceof LanguageString ? value.locale.toString() : undefined;
  return {
    type: object instanceof Question ? "Question" : object instanceof Article ? "Article" : "Note",
    contentHtml: object.content?.toString(),
    summary: object.summary?.toString(),
    language: locale(object.content) ?? locale(object.summary) ?? null,
    poll: object instanceof Question ? await pollOf(object) : undefined,
  };
}

async function pollOf(question: Question): Promise<HolloPost["poll"]> {
  const options: [string, number][] = [];
  let multiple = false;
  for await (const option of question.getExclusiveOptions())
    if (option instanceof Note && option.name != null)
      options.push([option.name.toString(), (await option.getReplies())?.totalItems ?? 0]);
  if (options.length < 1)
    for await (const option of question.getInclusiveOptions()) {
      if (option instanceof Note && option.name != null)
        options.push([option.name.toString(), (await option.getReplies())?.totalItems ?? 0]);
      multiple = true;
    }
  if (options.length === 0 || question.endTime == null) return undefined;
  return { options, multiple, expires: new Date(question.endTime.epochMilliseconds) };
}
