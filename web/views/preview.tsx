/**
 * What a link to a page shows where it is shared (OpenGraph, Twitter cards), and where its
 * ActivityStreams document lives, so a fediverse app given the page's URL finds the object.
 */
import type { FC } from "hono/jsx";
import type { LanguageMap } from "../../db/schema.ts";
import { htmlToText } from "../../server/content/sanitize.ts";
import { pickLanguage } from "../../server/i18n/languages.ts";
import type { PostView } from "./post.tsx";

export interface PagePreview {
  /** The thing itself, without the site's name: a post's title or first line, a space's name. */
  title: string;
  description?: string;
  type: "article" | "profile" | "website";
  /** The language of the title and description (BCP 47). */
  language?: string;
  /** The author's page, for an article. */
  author?: string;
  publishedTime?: string;
  image?: string;
  /** The object or actor as `application/activity+json`. */
  activity?: string;
}

/** Plain text cut to about `max` characters at a word, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** OpenGraph writes a locale as `pt_BR`. */
const ogLocale = (tag: string) => tag.replace(/-/g, "_");

export const PreviewMeta: FC<{ preview: PagePreview; url: string; siteName: string }> = ({
  preview,
  url,
  siteName,
}) => (
  <>
    <meta property="og:title" content={preview.title} />
    <meta property="og:type" content={preview.type} />
    <meta property="og:url" content={url} />
    <meta property="og:site_name" content={siteName} />
    {preview.language ? <meta property="og:locale" content={ogLocale(preview.language)} /> : null}
    {preview.description ? (
      <>
        <meta name="description" content={preview.description} />
        <meta property="og:description" content={preview.description} />
      </>
    ) : null}
    {preview.author ? <meta property="article:author" content={preview.author} /> : null}
    {preview.publishedTime ? (
      <meta property="article:published_time" content={preview.publishedTime} />
    ) : null}
    {preview.image ? <meta property="og:image" content={preview.image} /> : null}
    <meta name="twitter:card" content="summary" />
    <meta name="twitter:title" content={preview.title} />
    {preview.description ? <meta name="twitter:description" content={preview.description} /> : null}
    {preview.image ? <meta name="twitter:image" content={preview.image} /> : null}
    <link rel="canonical" href={url} />
    {preview.activity ? (
      <link rel="alternate" type="application/activity+json" href={preview.activity} />
    ) : null}
  </>
);

/**
 * A post as a shared link shows it: its title, or else its first line; its summary, or else the
 * start of its text. Behind a content warning, only the warning.
 */
export function postPreview(view: PostView, languages: string[], origin: string): PagePreview {
  const { post, author } = view;
  const pick = (map: LanguageMap | null) =>
    map ? pickLanguage(map, languages, post.defaultLanguage) : undefined;
  const title = pick(post.title);
  const summary = pick(post.summary);
  const body = pick(post.contentHtml);
  const text = htmlToText(body?.text ?? "");
  const warned = post.kind === "note" && summary != null;
  const heading = warned ? summary.text : (title?.text ?? text.split("\n")[0] ?? "");
  const description = warned ? undefined : (summary?.text ?? text);
  return {
    title: excerpt(heading, 90),
    description: description ? excerpt(description, 200) : undefined,
    type: "article",
    language: (title ?? body)?.language,
    author: new URL(author.url, origin).href,
    publishedTime: post.publishedAt.toISOString(),
    image: author.icon,
    activity: post.iri,
  };
}
