import sanitizeHtml from "sanitize-html";

/**
 * The HTML Hubnet keeps from other servers: Mastodon's own allowlist (text formatting, links,
 * mention and hashtag markup). Scripts, styles, images, forms and event handlers are dropped;
 * links open with rel="nofollow noopener noreferrer".
 */
export function sanitizeRemoteHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "p",
      "br",
      "span",
      "a",
      "strong",
      "b",
      "em",
      "i",
      "u",
      "s",
      "del",
      "sub",
      "sup",
      "blockquote",
      "code",
      "pre",
      "ul",
      "ol",
      "li",
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "hr",
    ],
    allowedAttributes: {
      a: ["href", "rel", "class", "title", "target"],
      span: ["class", "lang"],
      p: ["lang"],
      ol: ["start", "reversed"],
      li: ["value"],
    },
    allowedClasses: {
      a: ["mention", "hashtag", "u-url", "status-link"],
      span: ["h-card", "invisible", "ellipsis"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", {
        rel: "nofollow noopener noreferrer",
        target: "_blank",
      }),
    },
  });
}

/** Plain text from remote HTML (for names and titles): every tag dropped, entities kept. */
export function stripHtml(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim();
}

/** A link from another server, kept only when it is http(s): never `javascript:` or `data:`. */
export function webUrl(url: URL | null | undefined): string | null {
  return url != null && (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
}

/** Readable plain text from stored HTML: paragraphs and line breaks kept, entities decoded. */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|h[1-6]|li|blockquote|pre)>/gi, "\n\n");
  return sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
