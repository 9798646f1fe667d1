/**
 * The moderation log as an Atom feed (RFC 4287), for anyone who follows an instance's
 * moderation from a feed reader. Written by hand: one entry kind, plain text only.
 */
import type { ModerationLogEntry } from "../../db/schema.ts";

export interface LogFeed {
  title: string;
  /** The log's page and the feed's own address (absolute). */
  link: string;
  self: string;
  entries: { entry: ModerationLogEntry; title: string; reason: string | undefined }[];
}

/** Whether XML 1.0 may hold a character at all (moderators' words are never trusted). */
const inXml = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 0xfffe && code !== 0xffff)
  );
};

const escapeXml = (text: string) =>
  [...text]
    .filter(inXml)
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function toLogAtom(feed: LogFeed): string {
  const updated = feed.entries[0]?.entry.createdAt ?? new Date(0);
  const entries = feed.entries.map(
    ({ entry, title, reason }) => `  <entry>
    <id>urn:uuid:${entry.id}</id>
    <title type="text">${escapeXml(title)}</title>
    <updated>${entry.createdAt.toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(feed.link)}"/>${
      reason ? `\n    <summary type="text">${escapeXml(reason)}</summary>` : ""
    }
    <category term="${escapeXml(entry.action)}"/>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.self)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <updated>${updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.link)}"/>
  <author><name>${escapeXml(feed.title)}</name></author>
  <generator>Hubnet</generator>
${entries.join("\n")}
</feed>
`;
}
