/**
 * Atom feeds (RFC 4287) of posts, for feed readers: written by the maintained `feed` package;
 * this module decides what goes in. Titles are plain text, so they are escaped before the
 * package wraps them as HTML; bodies are the stored HTML, sanitized when stored.
 */
import { Feed } from "feed";
import type { Post } from "../../db/schema.ts";
import type { ActorCard } from "../../server/actors/actor-cards.ts";
import { htmlToText } from "../../server/content/sanitize.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import { excerpt } from "../views/preview.tsx";

export interface AtomFeed {
  title: string;
  /** The page the feed mirrors (absolute). */
  link: string;
  /** The feed's own address (absolute). */
  self: string;
  posts: Post[];
  authors: Map<string, ActorCard>;
  /** The reader's languages, to pick each post's text. */
  languages: string[];
  origin: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A CDATA section cannot hold its own terminator; the HTML means the same with `>` escaped. */
const cdataSafe = (html: string) => html.replaceAll("]]>", "]]&gt;");

export function toAtom(feed: AtomFeed): string {
  const updated = feed.posts.reduce<Date | undefined>((latest, post) => {
    const at = post.updatedAt ?? post.publishedAt;
    return latest == null || at > latest ? at : latest;
  }, undefined);
  const atom = new Feed({
    id: feed.self,
    title: feed.title,
    link: feed.link,
    feedLinks: { atom: feed.self },
    updated: updated ?? new Date(0),
    generator: "Hubnet",
  });
  for (const post of feed.posts) {
    const pick = (map: Record<string, string> | null) =>
      map ? pickLanguage(map, feed.languages, post.defaultLanguage) : undefined;
    const body = pick(post.contentHtml)?.text ?? "";
    const title = pick(post.title)?.text ?? excerpt(htmlToText(body).split("\n")[0] ?? "", 90);
    const summary = pick(post.summary)?.text;
    const author = feed.authors.get(post.authorIri);
    const link = post.isLocal ? post.iri : (post.url ?? post.iri);
    atom.addItem({
      id: post.iri,
      title: escapeHtml(title),
      link,
      date: post.updatedAt ?? post.publishedAt,
      published: post.publishedAt,
      description: summary ? escapeHtml(summary) : undefined,
      content: cdataSafe(body),
      author: author
        ? [{ name: author.name, link: new URL(author.url, feed.origin).href }]
        : undefined,
    });
  }
  return atom.atom1();
}
