import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { Mention } from "../../db/schema.ts";
import { MENTION_SOURCE } from "../posts/text.ts";
import { sanitizeRemoteHtml } from "./sanitize.ts";

const MENTION = new RegExp(MENTION_SOURCE, "giu");
const HASHTAG = /(?<![\w#&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const LINK_OR_TAG = new RegExp(`${MENTION.source}|${HASHTAG.source}`, "giu");

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export interface MarkdownLinks {
  /** Mentions already resolved to actor IRIs; unresolved handles stay text. */
  mentions: Mention[];
  tagUrl: (tag: string) => string;
}

/** Mention and hashtag markup the way Mastodon writes it, so every app links them. */
function linkMentionsAndTags(text: string, links: MarkdownLinks): string | undefined {
  const byHandle = new Map(links.mentions.map((m) => [m.name.toLowerCase(), m.href]));
  let html = "";
  let last = 0;
  let changed = false;
  for (const match of text.matchAll(LINK_OR_TAG)) {
    const [whole, handle, tag] = match;
    const href = handle ? byHandle.get(handle.toLowerCase()) : undefined;
    let replacement: string | undefined;
    if (handle && href) {
      const user = handle.split("@")[1] as string;
      replacement = `<span class="h-card"><a href="${escapeHtml(href)}" class="u-url mention">@<span>${escapeHtml(user)}</span></a></span>`;
    } else if (tag) {
      replacement = `<a href="${escapeHtml(links.tagUrl(tag.toLowerCase()))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
    }
    if (replacement == null) continue;
    html += escapeHtml(text.slice(last, match.index)) + replacement;
    last = (match.index ?? 0) + whole.length;
    changed = true;
  }
  return changed ? html + escapeHtml(text.slice(last)) : undefined;
}

function createRenderer(links: MarkdownLinks): MarkdownIt {
  // Raw HTML in the source is shown as text; only Markdown makes markup.
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  md.core.ruler.push("hubnet_mentions_and_tags", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || block.children == null) continue;
      let insideLink = 0;
      const children: Token[] = [];
      for (const token of block.children) {
        if (token.type === "link_open") insideLink++;
        if (token.type === "link_close") insideLink--;
        const html =
          token.type === "text" && insideLink === 0
            ? linkMentionsAndTags(token.content, links)
            : undefined;
        if (html == null) {
          children.push(token);
          continue;
        }
        const replaced = new state.Token("html_inline", "", 0);
        replaced.content = html;
        children.push(replaced);
      }
      block.children = children;
    }
  });
  md.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    tokens[index]?.attrSet("rel", "nofollow noopener");
    tokens[index]?.attrSet("target", "_blank");
    return self.renderToken(tokens, index, options);
  };
  return md;
}

/** Markdown as the sanitized HTML that is stored and federated. */
export function markdownToHtml(source: string, links: MarkdownLinks): string {
  return sanitizeRemoteHtml(createRenderer(links).render(source.trim()).trim());
}

/** Every language of a multilingual Markdown text, rendered. */
export function renderMarkdownMap(
  map: Record<string, string>,
  links: MarkdownLinks,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([language, text]) => [language, markdownToHtml(text, links)]),
  );
}
