/**
 * What a document from another server may hold, checked on the parsed JSON before any JSON-LD
 * processing: inbox bodies (federation/inbox-gate.ts) and fetched documents
 * (federation/document-loaders.ts) alike. JSON-LD expansion costs far more than parsing, and
 * grows with nesting, node counts and inline contexts; these bounds keep one document's
 * processing short enough not to stall the server. FEDERATION.md lists the same numbers.
 * Text must be text PostgreSQL can store (no NUL, no lone surrogate), as everywhere else.
 */
import { isStorableText } from "../web/security/input.ts";

export const DOCUMENT_LIMITS = {
  /** Nesting of objects and arrays. */
  depth: 16,
  /** Every JSON value counted once: objects, arrays, strings, numbers … */
  values: 2_000,
  /** Items of any one array. */
  arrayItems: 500,
  /** `to`, `cc`, `bto`, `bcc` and `audience` of one object together. */
  recipients: 500,
  /** `tag` items of one object, and of those the `Mention`s. */
  tags: 100,
  mentions: 50,
  /** `attachment` items of one object. */
  attachments: 20,
  /** Entries of one language map (`contentMap` …). */
  languages: 50,
  /** Remote `@context` documents named, and inline `@context` objects with their terms. */
  contextUrls: 8,
  contextObjects: 8,
  contextTerms: 200,
  /** Characters of one text value, by what the property holds. */
  text: { name: 1_000, summary: 10_000, content: 100_000, other: 10_000 },
} as const;

export type LimitReason =
  | "not-text"
  | "too-deep"
  | "too-many-values"
  | "array-too-long"
  | "text-too-long"
  | "too-many-recipients"
  | "too-many-tags"
  | "too-many-mentions"
  | "too-many-attachments"
  | "too-many-languages"
  | "context-too-large";

export type LimitCheck =
  | { ok: true; contextUrls: string[] }
  | { ok: false; reason: LimitReason; path: string };

type TextClass = keyof typeof DOCUMENT_LIMITS.text;

const TEXT_CLASSES: Record<string, TextClass> = {
  name: "name",
  nameMap: "name",
  preferredUsername: "name",
  summary: "summary",
  summaryMap: "summary",
  content: "content",
  contentMap: "content",
  _misskey_content: "content",
  // Hubnet's own multilingual sections (federation/mappers/hubnet-context.ts).
  bodyMap: "content",
  lessonContextMap: "content",
  whatHappenedMap: "content",
  outcomeMap: "content",
  recommendationsMap: "content",
};
const RECIPIENT_KEYS = ["to", "cc", "bto", "bcc", "audience"];

class Exceeded extends Error {
  constructor(
    readonly reason: LimitReason,
    readonly path: string,
  ) {
    super(reason);
  }
}

const count = (value: unknown) => (Array.isArray(value) ? value.length : value == null ? 0 : 1);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value != null && !Array.isArray(value);

/** Checks `json` against the limits; on success, names the remote contexts it uses. */
export function checkDocument(json: unknown, limits = DOCUMENT_LIMITS): LimitCheck {
  const contextUrls = new Set<string>();
  let values = 0;
  let contextObjects = 0;
  let contextTerms = 0;

  // Recursion stops at `limits.depth`, so the stack stays shallow whatever the input.
  function visit(value: unknown, path: string, depth: number, text: TextClass, inMap: boolean) {
    if (++values > limits.values) throw new Exceeded("too-many-values", path);
    if (typeof value === "string") {
      if (value.length > limits.text[text]) throw new Exceeded("text-too-long", path);
      if (!isStorableText(value)) throw new Exceeded("not-text", path);
      return;
    }
    if (typeof value !== "object" || value == null) return;
    if (depth >= limits.depth) throw new Exceeded("too-deep", path);
    if (Array.isArray(value)) {
      if (value.length > limits.arrayItems) throw new Exceeded("array-too-long", path);
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`, depth + 1, text, false);
      return;
    }
    if (inMap && Object.keys(value).length > limits.languages)
      throw new Exceeded("too-many-languages", path);
    checkCounts(value as Record<string, unknown>, path);
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (!isStorableText(key)) throw new Exceeded("not-text", at);
      if (key === "@context") visitContext(child, at, depth + 1);
      // A language map's keys are language tags; `@value` holds its property's text.
      else if (inMap || key === "@value") visit(child, at, depth + 1, text, false);
      else visit(child, at, depth + 1, TEXT_CLASSES[key] ?? "other", key.endsWith("Map"));
    }
  }

  function checkCounts(object: Record<string, unknown>, path: string) {
    const recipients = RECIPIENT_KEYS.reduce((sum, key) => sum + count(object[key]), 0);
    if (recipients > limits.recipients) throw new Exceeded("too-many-recipients", path);
    if (count(object.tag) > limits.tags) throw new Exceeded("too-many-tags", `${path}.tag`);
    const tags = Array.isArray(object.tag) ? object.tag : [object.tag];
    const mentions = tags.filter((t) => isRecord(t) && t.type === "Mention").length;
    if (mentions > limits.mentions) throw new Exceeded("too-many-mentions", `${path}.tag`);
    if (count(object.attachment) > limits.attachments)
      throw new Exceeded("too-many-attachments", `${path}.attachment`);
  }

  /** Inline contexts cost the most to process: their objects and terms are bounded together. */
  function visitContext(context: unknown, path: string, depth: number) {
    const entries = Array.isArray(context) ? context : [context];
    if (entries.length > limits.arrayItems) throw new Exceeded("array-too-long", path);
    for (const entry of entries) {
      if (typeof entry === "string") {
        contextUrls.add(entry);
        if (contextUrls.size > limits.contextUrls) throw new Exceeded("context-too-large", path);
      } else if (isRecord(entry)) {
        if (++contextObjects > limits.contextObjects) throw new Exceeded("context-too-large", path);
        contextTerms += Object.keys(entry).length;
        if (contextTerms > limits.contextTerms) throw new Exceeded("context-too-large", path);
      }
      visit(entry, path, depth, "other", false);
    }
  }

  try {
    visit(json, "$", 0, "other", false);
    return { ok: true, contextUrls: [...contextUrls] };
  } catch (error) {
    if (error instanceof Exceeded) return { ok: false, reason: error.reason, path: error.path };
    throw error;
  }
}
