/** Plain JSON as a server without JSON-LD processing sees it: keys as written. */
export type Json = Record<string, unknown>;

export const asArray = (value: unknown): unknown[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** Ruby's `present?` on a JSON value: not nil, not an empty string, array or hash. */
export const present = (value: unknown): boolean =>
  value != null &&
  value !== false &&
  !(typeof value === "string" && value.trim() === "") &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/** A `xMap` language map, when it is a non-empty object. */
export const languageMap = (value: unknown): Record<string, string> | undefined =>
  value != null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length
    ? (value as Record<string, string>)
    : undefined;

/** The embedded object of a Create or Update, or the document itself. */
export const objectOf = (document: Json): Json =>
  typeof document.object === "object" && document.object != null
    ? (document.object as Json)
    : document;

/** What a reader sees of some HTML: its text, with block ends as line breaks. */
export function visibleText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|h\d|li|div)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) =>
      e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : "'",
    )
    .replace(/\n{2,}/g, "\n")
    .trim();
}
