import type { Mention } from "../../db/schema.ts";

/**
 * `@user@host` as a pattern source (one capture group for the whole handle): a host with a dot
 * and a top-level name, or `localhost` (a port after either), so instances on one machine can
 * mention each other.
 */
export const MENTION_SOURCE =
  "(?<![\\w@])(@[a-z0-9_.-]+@(?:localhost|[a-z0-9.-]+\\.[a-z]{2,})(?::\\d+)?)";

/** `@user@host` handles in a text, lowercased and without duplicates. */
export function findMentionHandles(text: string): string[] {
  const found = text.matchAll(new RegExp(MENTION_SOURCE, "gi"));
  return [...new Set([...found].map((m) => (m[1] as string).toLowerCase()))];
}

/** Hashtags in a text, without `#`, lowercased and without duplicates. */
export function findHashtags(text: string): string[] {
  const found = text.matchAll(/(?<![\w#&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu);
  return [...new Set([...found].map((m) => (m[1] as string).toLowerCase()))];
}

const escapeText = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/**
 * A plain text as HTML the way Mastodon writes it: paragraphs, line breaks, and links for URLs,
 * resolved mentions and hashtags.
 */
export function plainTextToHtml(
  text: string,
  mentions: Mention[],
  tagUrl: (tag: string) => string,
): string {
  const byHandle = new Map(mentions.map((m) => [m.name.toLowerCase(), m.href]));
  const token = new RegExp(
    `(https?:\\/\\/[^\\s<]+[^\\s<.,;:!?)\\]'"])|${MENTION_SOURCE}|(?<![\\w#&])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)`,
    "giu",
  );
  const inline = (line: string) => {
    let html = "";
    let last = 0;
    for (const match of line.matchAll(token)) {
      html += escapeText(line.slice(last, match.index));
      const [whole, url, handle, tag] = match;
      const href = handle ? byHandle.get(handle.toLowerCase()) : undefined;
      if (url)
        html += `<a href="${escapeText(url)}" rel="nofollow noopener" target="_blank">${escapeText(url)}</a>`;
      else if (handle && href) {
        const user = handle.split("@")[1] as string;
        html += `<span class="h-card"><a href="${escapeText(href)}" class="u-url mention">@<span>${escapeText(user)}</span></a></span>`;
      } else if (tag) {
        html += `<a href="${escapeText(tagUrl(tag.toLowerCase()))}" class="mention hashtag" rel="tag">#<span>${escapeText(tag)}</span></a>`;
      } else html += escapeText(whole);
      last = (match.index ?? 0) + whole.length;
    }
    return html + escapeText(line.slice(last));
  };
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split("\n").map(inline).join("<br>")}</p>`)
    .join("");
}
